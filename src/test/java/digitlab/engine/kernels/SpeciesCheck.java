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
        String runs = runsMismatch(random);
        if (runs != null) {
            System.out.println(runs);
            System.exit(1);
        }
        System.out.println(kernels.name() + ", tiles for " + VectorMatMul.REGISTERS + " registers: " + checked
                + " products agree with EJML, and the runs kernels with the plain ones and the tiles with their sums");
    }

    /** The vector runs against the plain ones for runs of 1 to 90 floats, and the vector tiles against their sums; the first mismatch, or null. */
    private static String runsMismatch(Random random) {
        Runs vector = Kernels.runs(), plain = Kernels.plainRuns();
        int[] at = {0, 3, 7, 20, 21, 50};
        float[] value = floats(at.length, random), b = floats(200, random);
        for (int n = 1; n <= 90; n++) {
            float[] c1 = floats(340, random), c2 = c1.clone();
            vector.gather(0, at.length, at, 2, value, b, n, c1, 5);
            plain.gather(0, at.length, at, 2, value, b, n, c2, 5);
            vector.scatter(0, at.length, at, 1, value, b, 3, n, c1);
            plain.scatter(0, at.length, at, 1, value, b, 3, n, c2);
            vector.copyRuns(b, 1, n + 1, n, 2, c1, 150);
            plain.copyRuns(b, 1, n + 1, n, 2, c2, 150);
            for (int i = 0; i < c1.length; i++) {
                if (Math.abs(c1[i] - c2[i]) > 1e-4 * Math.max(1, Math.abs(c2[i]))) {
                    return "runs of " + n + ": element " + i + " is " + c1[i] + " by the vector runs, " + c2[i] + " by the plain ones";
                }
            }
        }
        // tiles: each block shape of the kernel and its tails (the plain tiles are narrower, so against the sum)
        int w = vector.tileWidth(), P = 30;
        int[] off = new int[P];
        for (int p = 0; p < P; p++) {
            off[p] = p / 5 * 20 + p % 5;
        }
        for (int filters = 1; filters <= 9; filters++) {
            for (int tiles = 1; tiles <= 9; tiles++) {
                int[] tileAt = new int[tiles];
                for (int t = 0; t < tiles; t++) {
                    tileAt[t] = 7 * t;
                }
                float[] kernels = floats(filters * P, random), bias = floats(filters, random);
                float[] image = floats(tileAt[tiles - 1] + off[P - 1] + w, random), out = floats(2 + filters * tiles * w, random);
                float[] expected = RunsTest.expectedTiles(kernels, filters, P, off, bias, image, tileAt, tiles, out, 2,
                        tiles * w, w);
                vector.tiles(kernels, filters, P, off, bias, image, tileAt, tiles, out, 2, tiles * w);
                for (int i = 0; i < out.length; i++) {
                    if (Math.abs(out[i] - expected[i]) > 1e-4 * Math.max(1, Math.abs(expected[i]))) {
                        return filters + " filters, " + tiles + " tiles: element " + i + " is " + out[i] + ", the sum " + expected[i];
                    }
                }
            }
        }
        return null;
    }

    private static float[] floats(int n, Random random) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextFloat() * 2 - 1;
        }
        return a;
    }
}
