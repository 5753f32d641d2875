package digitlab.engine.kernels;

import java.util.Random;

import digitlab.engine.kernels.Products.Op;
import digitlab.engine.kernels.Products.Shape;

/**
 * Run by {@link MatMulTest} in a JVM of its own with {@code -Ddigitlab.kernels.bits=N} (and, for the narrow
 * tiles, {@code -Ddigitlab.kernels.registers=16}): checks the vector
 * kernels of that size against EJML on every test shape, dense and with a mostly-zero operand (with an argument: only those of at most that
 * many multiply-adds), prints the first mismatch and exits 1, or prints what it checked and exits 0.
 */
public final class SpeciesCheck {
    private SpeciesCheck() {
    }

    public static void main(String[] args) {
        if (!Kernels.vectorAvailable()) {
            System.out.println("no vector kernels: " + Kernels.note());
            System.exit(2);
        }
        MatMul kernels = Kernels.best();
        Random random = new Random(11);
        long most = args.length > 0 ? Long.parseLong(args[0]) : Long.MAX_VALUE;
        int checked = 0;
        for (Shape shape : Products.shapes()) {
            if ((long) shape.m() * shape.n() * shape.k() > most) {
                continue;
            }
            for (Op op : Op.values()) {
                for (boolean add : new boolean[] {false, true}) {
                    // dense, then mostly-zero left and right operands (the zero-skipping products)
                    for (double[] density : new double[][] {{1, 1}, {0.15, 1}, {1, 0.15}}) {
                        String mismatch = Products.mismatch(kernels, op, shape, add, random, density[0], density[1]);
                        if (mismatch != null) {
                            System.out.println(mismatch + (density[0] < 1 || density[1] < 1 ? " (mostly zero)" : ""));
                            System.exit(1);
                        }
                        checked++;
                    }
                }
            }
        }
        System.out.println(kernels.name() + ", tiles for " + VectorMatMul.REGISTERS + " registers: " + checked
                + " products agree with EJML");
    }
}
