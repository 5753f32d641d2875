package digitlab.engine.kernels;

import org.ejml.data.FMatrixRMaj;

/**
 * Run by {@link KernelChoiceTest} in a JVM of its own, with the JVM flags under test: prints the
 * kernels {@link Kernels#best()} chose, then the note (or "no note"), then runs the network's forward
 * product for a batch of 64 as many times as the argument says (100 times is 6.4 × 10⁸ multiply-adds:
 * under a second in plain Java, many minutes where the Vector API runs as objects) and prints how long
 * it took. With a second argument "prefer-plain", {@link Kernels#preferPlain()} is called first; with
 * any second argument, what it and a call after the choice return is printed first.
 */
public final class KernelChoiceProbe {
    private KernelChoiceProbe() {
    }

    public static void main(String[] args) {
        boolean plainAsked = args.length > 1 && args[1].equals("prefer-plain") && Kernels.preferPlain();
        MatMul kernels = Kernels.best();
        if (args.length > 1) {
            System.out.println("preferPlain " + plainAsked + ", afterwards " + Kernels.preferPlain());
        }
        System.out.println(kernels.name());
        System.out.println(Kernels.note() == null ? "no note" : Kernels.note());
        FMatrixRMaj x = new FMatrixRMaj(64, 784), w = new FMatrixRMaj(128, 784), y = new FMatrixRMaj(64, 128);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = (i % 7) / 7f;
        }
        for (int i = 0; i < w.data.length; i++) {
            w.data[i] = (i % 5 - 2) / 50f;
        }
        int products = Integer.parseInt(args[0]);
        long start = System.nanoTime();
        for (int i = 0; i < products; i++) {
            kernels.multTransB(x, w, y, false);
        }
        System.out.printf("%d products in %.2f s%n", products, (System.nanoTime() - start) / 1e9);
    }
}
