package digitlab.engine.kernels;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;

import digitlab.engine.kernels.Products.Op;
import digitlab.engine.kernels.Products.Shape;

/**
 * Run by {@code MatMulTest} in a JVM of its own: warms the kernels ("vector" or "plain") on the
 * products the network makes, then prints the bytes allocated in five windows of 50 rounds. Also run
 * by {@code src/bench/allocation-jvms.sh}, 20 JVMs in a row per vector width. Only the network's
 * shapes: those are the ones checked not to box; odd shapes warmed in the same JVM are not.
 */
final class AllocationProbe {
    private AllocationProbe() {
    }

    public static void main(String[] args) {
        MatMul kernels = args[0].equals("vector") ? Kernels.best() : Kernels.plain();
        if (args[0].equals("vector") && !Kernels.vectorAvailable()) {
            throw new IllegalStateException("the vector kernels are not available in this JVM");
        }
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        Random random = new Random(5);
        // the products a training step and a prediction make, in their order: for each layer
        // (784-128-64-10) at batch 64, 32 (two threads: layers 2 and 3) and 1 (one image), forward z = x·Wᵀ, then
        // backward ∂x = ∂z·W and ∂W = ∂zᵀ·x
        int[] sizes = {784, 128, 64, 10};
        List<FMatrixRMaj[]> products = new ArrayList<>();
        List<Op> kinds = new ArrayList<>();
        for (int batch : new int[] {64, 32, 1}) {
            for (int l = 0; l < 3; l++) {
                int in = sizes[l], out = sizes[l + 1];
                // the first layer reads images, mostly blank: its products go by their zeros (ZeroSkipping)
                FMatrixRMaj x = l == 0 ? ZeroSkippingTest.digits(batch, batch) : Op.MULT_TRANS_B.left(batch, in, random);
                products.add(new FMatrixRMaj[] {x, Op.MULT_TRANS_B.right(in, out, random), new FMatrixRMaj(batch, out)});
                kinds.add(Op.MULT_TRANS_B);
            }
            for (int l = 2; l >= 0 && batch > 1; l--) {
                int in = sizes[l], out = sizes[l + 1];
                products.add(new FMatrixRMaj[] {Op.MULT.left(batch, out, random), Op.MULT.right(out, in, random),
                    new FMatrixRMaj(batch, in)});
                kinds.add(Op.MULT);
                FMatrixRMaj x = l == 0 ? ZeroSkippingTest.digits(batch, batch) : Op.MULT_TRANS_A.right(batch, in, random);
                products.add(new FMatrixRMaj[] {Op.MULT_TRANS_A.left(out, batch, random), x, new FMatrixRMaj(out, in)});
                kinds.add(Op.MULT_TRANS_A);
            }
        }
        // training splits the first layer by bands of pixels (nn.InputSplit: MNIST's are 784 for one thread,
        // 400 and 384 for two), each band's weights transposed (pixels × 128): per band, for the whole
        // batch of 64, the forward product x·V and the weight gradient xᵀ·dZ
        for (int[] band : new int[][] {{0, 784}, {0, 400}, {400, 784}}) {
            FMatrixRMaj digits = ZeroSkippingTest.digits(64, band[0]), x = new FMatrixRMaj(64, band[1] - band[0]);
            org.ejml.dense.row.CommonOps_FDRM.extract(digits, 0, 64, band[0], band[1], x, 0, 0);
            products.add(new FMatrixRMaj[] {x, Op.MULT.right(x.numCols, 128, random), new FMatrixRMaj(64, 128)});
            kinds.add(Op.MULT);
            products.add(new FMatrixRMaj[] {x, Op.MULT_TRANS_A.right(64, 128, random), new FMatrixRMaj(x.numCols, 128)});
            kinds.add(Op.MULT_TRANS_A);
        }
        FMatrixRMaj[][] operands = products.toArray(new FMatrixRMaj[0][]);
        Op[] ops = kinds.toArray(new Op[0]);
        Runnable round = () -> {
            for (int s = 0; s < operands.length; s++) {
                FMatrixRMaj[] o = operands[s];
                ops[s].run(kernels, o[0], o[1], o[2], false);
            }
        };
        for (int i = 0; i < 1500; i++) { // until C2 has compiled everything
            round.run();
        }
        List<Long> windows = new ArrayList<>();
        for (int w = 0; w < 5; w++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int i = 0; i < 50; i++) {
                round.run();
            }
            windows.add(threads.getThreadAllocatedBytes(thread) - before);
        }
        System.out.println(windows);
    }
}
