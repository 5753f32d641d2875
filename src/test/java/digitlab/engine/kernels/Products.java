package digitlab.engine.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;

/**
 * The three products and the shapes they are tested on, compared with EJML ({@code CommonOps_FDRM}).
 * Shared by the tests and by {@link SpeciesCheck}, which runs them in a JVM with another vector size.
 */
final class Products {
    private Products() {
    }

    /** One of the three products, named as in {@link MatMul}. */
    enum Op {
        MULT, MULT_TRANS_A, MULT_TRANS_B;

        /** c (m×n) (+)= the product of a and b whose inner size is k, with a and b stored as this op reads them. */
        void run(MatMul kernels, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add) {
            switch (this) {
                case MULT -> kernels.mult(a, b, c, add);
                case MULT_TRANS_A -> kernels.multTransA(a, b, c, add);
                default -> kernels.multTransB(a, b, c, add);
            }
        }

        FMatrixRMaj left(int m, int k, Random random) {
            return this == MULT_TRANS_A ? random(k, m, random) : random(m, k, random);
        }

        FMatrixRMaj right(int k, int n, Random random) {
            return this == MULT_TRANS_B ? random(n, k, random) : random(k, n, random);
        }
    }

    /** c is m×n, the sum runs over k. */
    record Shape(int m, int n, int k) {
        @Override
        public String toString() {
            return "c " + m + "×" + n + ", k " + k;
        }
    }

    /**
     * Awkward sizes: 1, primes, one less and one more than 4, 8, 16 and 64 lanes (and than the 4-row,
     * 4- and 6-vector tiles), plus every shape of the 784-128-64-10 network at batch 64, 1, 32 and 500.
     */
    static List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        int[] sizes = {1, 2, 3, 5, 15, 16, 17, 31, 33, 63, 64, 65};
        for (int m : sizes) {
            for (int n : sizes) {
                for (int k : sizes) {
                    // all the small ones, and a spread of the rest so that the suite stays quick
                    if (m * n * k <= 4096 || (m * 7 + n * 3 + k) % 5 == 0) {
                        shapes.add(new Shape(m, n, k));
                    }
                }
            }
        }
        int[][] more = {{1, 1, 1}, {1, 200, 1}, {200, 1, 1}, {1, 1, 200}, {4, 97, 193}, {7, 100, 96},
            {13, 127, 129}, {5, 255, 257}, {4, 6 * 16 * 2, 9}, {4, 6 * 16 * 2 + 17, 9}, {9, 6 * 16 * 3 - 1, 4}};
        for (int[] s : more) {
            shapes.add(new Shape(s[0], s[1], s[2]));
        }
        for (int batch : new int[] {64, 1, 32, 500}) {
            shapes.add(new Shape(batch, 128, 784)); // forward, x·W1ᵀ
            shapes.add(new Shape(batch, 64, 128));
            shapes.add(new Shape(batch, 10, 64));
            shapes.add(new Shape(128, 784, batch)); // weight gradients, dYᵀ·X
            shapes.add(new Shape(64, 128, batch));
            shapes.add(new Shape(10, 64, batch));
            shapes.add(new Shape(batch, 128, 64)); // input gradients, dY·W
            shapes.add(new Shape(batch, 64, 10));
        }
        return shapes;
    }

    static FMatrixRMaj random(int rows, int cols, Random random) {
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = random.nextFloat() * 2 - 1;
        }
        return m;
    }

    /**
     * What {@code kernels} computes differs from EJML beyond float rounding: null if not, else where.
     *
     * <p>Each entry is a sum of k products. The two add them in different orders, so each is off from the
     * exact sum by rounding of at most about k·2⁻²⁴·Σ|a·b| ≤ k·2⁻²⁴·k·max|a|·max|b|, and in practice (the
     * errors of random data cancel) by about √k·2⁻²⁴ times that sum. A wrong, missing or doubled term moves
     * an entry by about max|a|·max|b|. The bound 1e-5·(k·max|a|·max|b| + max|c|) lies between the two for
     * the sizes tested (k ≤ 800: 1e-5·k is at most 0.008), and the added c has one rounding of its own.
     */
    static String mismatch(MatMul kernels, Op op, Shape s, boolean add, Random random) {
        return mismatch(kernels, op, s, add, random, 1, 1);
    }

    /**
     * As {@link #mismatch(MatMul, Op, Shape, boolean, Random)}, with only a share {@code densityA} of a's
     * entries and {@code densityB} of b's left non-zero (the rest exactly 0), as in images and ReLU outputs.
     */
    static String mismatch(MatMul kernels, Op op, Shape s, boolean add, Random random, double densityA,
            double densityB) {
        FMatrixRMaj a = op.left(s.m(), s.k(), random), b = op.right(s.k(), s.n(), random);
        thin(a, densityA, random);
        thin(b, densityB, random);
        FMatrixRMaj c = random(s.m(), s.n(), random);
        if (!add) {
            java.util.Arrays.fill(c.data, Float.NaN); // must be overwritten, not read
        }
        FMatrixRMaj expected = c.copy();
        FMatrixRMaj actual = c.copy();
        op.run(Kernels.ejml(), a, b, expected, add);
        op.run(kernels, a, b, actual, add);
        float tolerance = 1e-5f * (s.k() * maxAbs(a) * maxAbs(b) + (add ? maxAbs(c) : 0)) + Float.MIN_NORMAL;
        for (int i = 0; i < s.m(); i++) {
            for (int j = 0; j < s.n(); j++) {
                float e = expected.get(i, j), x = actual.get(i, j);
                if (!(Math.abs(e - x) <= tolerance)) {
                    return kernels.name() + " " + op + " " + s + (add ? " add" : "") + ": c[" + i + ", " + j
                            + "] = " + x + ", EJML " + e + " (tolerance " + tolerance + ")";
                }
            }
        }
        return null;
    }

    /** Sets each entry to 0 with probability 1 − density (none when density is 1). */
    static void thin(FMatrixRMaj m, double density, Random random) {
        if (density >= 1) {
            return;
        }
        for (int i = 0; i < m.data.length; i++) {
            if (random.nextDouble() >= density) {
                m.data[i] = 0f;
            }
        }
    }

    static float maxAbs(FMatrixRMaj m) {
        float max = 0;
        for (int i = 0; i < m.getNumElements(); i++) {
            max = Math.max(max, Math.abs(m.data[i]));
        }
        return max;
    }
}
