package digitlab.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import digitlab.engine.kernels.Products.Op;
import digitlab.engine.kernels.Products.Shape;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Products with mostly-zero operands: the same sums as EJML's, and the zeros really skipped. */
class ZeroSkippingTest {

    static Stream<Arguments> kernelsOpsDensities() {
        List<Arguments> cases = new ArrayList<>();
        for (String kernels : new String[] {"vector", "plain", "vector rows"}) {
            for (Op op : Op.values()) {
                for (double density : new double[] {0, 0.02, 0.19, 0.29, 0.31, 0.45, 0.7}) {
                    cases.add(Arguments.of(kernels, op, density));
                }
            }
        }
        return cases.stream();
    }

    /** Sizes around the tiles' and the index's edges, and the network's own products at batch 64, 32 and 1. */
    static List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        int[] sizes = {1, 7, 8, 9, 16, 17, 33, 64, 65, 129};
        for (int m : sizes) {
            for (int n : sizes) {
                for (int k : sizes) {
                    if ((m * 7 + n * 3 + k) % 4 == 0) {
                        shapes.add(new Shape(m, n, k));
                    }
                }
            }
        }
        for (int batch : new int[] {64, 32, 1}) {
            shapes.add(new Shape(batch, 128, 784));
            shapes.add(new Shape(128, 784, batch));
            shapes.add(new Shape(batch, 64, 128));
            shapes.add(new Shape(64, 128, batch));
        }
        return shapes;
    }

    /**
     * The vector kernels' zero-skipping products called directly, falling back to the dense kernels as the
     * kernels do: with 16-float vectors (AVX-512) {@link Kernels#best()} does not skip zeros, and these
     * are then what runs the vector code at the machine's own width.
     */
    static final MatMul VECTOR_ROWS = new MatMul() {
        @Override
        public void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add) {
            Shapes.mult(a, b, c);
            if (!ZeroSkipping.mult(a, b, c, add, VectorRows.INSTANCE)) {
                Kernels.best().mult(a, b, c, add);
            }
        }

        @Override
        public void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add) {
            Shapes.multTransA(a, b, c);
            if (!ZeroSkipping.multTransA(a, b, c, add, VectorRows.INSTANCE)) {
                Kernels.best().multTransA(a, b, c, add);
            }
        }

        @Override
        public void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add) {
            Shapes.multTransB(a, b, c);
            if (!ZeroSkipping.multTransB(a, b, c, add, VectorRows.INSTANCE)) {
                Kernels.best().multTransB(a, b, c, add);
            }
        }

        @Override
        public String name() {
            return "vector rows (" + VectorMatMul.F.length() + " floats)";
        }
    };

    private static MatMul kernels(String which) {
        return switch (which) {
            case "vector" -> Kernels.best();
            case "plain" -> Kernels.plain();
            default -> VECTOR_ROWS;
        };
    }

    @Test
    void vectorsOfUpTo8FloatsSkipZerosAnd16DoNot() {
        assertEquals(VectorMatMul.F.length() <= 8, Kernels.zeroSkipping());
    }

    @ParameterizedTest(name = "{0} {1} density {2}")
    @MethodSource("kernelsOpsDensities")
    void agreesWithEjmlWhateverShareOfTheEntriesIsZero(String which, Op op, double density) {
        MatMul kernels = kernels(which);
        Random random = new Random(Double.hashCode(density) * 31 + op.ordinal());
        for (Shape shape : shapes()) {
            for (boolean add : new boolean[] {false, true}) {
                // the left operand thinned (images, activations), then the right one (multTransA's x)
                String mismatch = Products.mismatch(kernels, op, shape, add, random, density, 1);
                assertNull(mismatch, mismatch);
                mismatch = Products.mismatch(kernels, op, shape, add, random, 1, density);
                assertNull(mismatch, mismatch);
            }
        }
    }

    /**
     * A zero entry of a mostly-zero operand contributes nothing even against a NaN (that is how the test
     * sees that the zeros were skipped); a dense operand gives the IEEE NaN, as EJML does.
     */
    @Test
    void aBatchOfImagesSkipsItsBlankPixelsAndADenseOneDoesNot() {
        for (MatMul kernels : List.of(VECTOR_ROWS, Kernels.plain())) {
            FMatrixRMaj images = digits(64, 7);
            FMatrixRMaj weights = Products.random(128, 784, new Random(1));
            weights.set(5, 0, Float.NaN); // pixel 0, a corner, is blank in every image
            FMatrixRMaj scores = new FMatrixRMaj(64, 128);
            kernels.multTransB(images, weights, scores, false);
            assertTrue(allFinite(scores), kernels.name() + ": x·Wᵀ read a blank pixel's weight");

            // weight gradient dYᵀ·x: a NaN in the row of dY of an image that is blank everywhere
            FMatrixRMaj dy = Products.random(64, 128, new Random(2));
            Arrays.fill(images.data, 3 * 784, 4 * 784, 0f);
            dy.set(3, 9, Float.NaN);
            FMatrixRMaj dw = new FMatrixRMaj(128, 784);
            kernels.multTransA(dy, images, dw, false);
            assertTrue(allFinite(dw), kernels.name() + ": dYᵀ·x read a blank image's row");

            // the same with every pixel inked: the NaN reaches the result, as in EJML
            Arrays.fill(images.data, 0.5f);
            kernels.multTransB(images, weights, scores, false);
            assertTrue(Float.isNaN(scores.get(0, 5)), kernels.name() + ": a dense product must not skip");
        }
    }

    @Test
    void theIndexListsTheNonZeroEntriesByRowAndByColumn() {
        float[] a = {0, 2, 0, 0, //
            0, 0, 0, 0, //
            5, 0, -0f, 7};
        ZeroSkipping.Index ix = new ZeroSkipping.Index();
        assertTrue(ix.rows(a, 3, 4, 10));
        assertArrayEquals(new int[] {0, 1, 1, 3}, Arrays.copyOf(ix.start, 4));
        assertArrayEquals(new int[] {10, 0, 30}, Arrays.copyOf(ix.at, 3));
        assertArrayEquals(new float[] {2, 5, 7}, Arrays.copyOf(ix.value, 3));

        assertTrue(ix.columns(a, 3, 4, 100));
        assertArrayEquals(new int[] {0, 1, 2, 2, 3}, Arrays.copyOf(ix.start, 5));
        assertArrayEquals(new int[] {200, 0, 200}, Arrays.copyOf(ix.at, 3));
        assertArrayEquals(new float[] {5, 2, 7}, Arrays.copyOf(ix.value, 3));

        float[] dense = new float[100];
        Arrays.fill(dense, 1f);
        assertFalse(ix.rows(dense, 10, 10, 1), "more than 30 % non-zero: no index");
    }

    @Test
    void aSampleTurnsDenseOperandsAwayBeforeAnyIndexIsBuilt() {
        assertTrue(ZeroSkipping.mostlyZero(digits(64, 3).data, 64 * 784));
        FMatrixRMaj dense = Products.random(64, 128, new Random(4));
        assertFalse(ZeroSkipping.mostlyZero(dense.data, 64 * 128));
        FMatrixRMaj relu = dense.copy();
        for (int i = 0; i < relu.data.length; i++) {
            relu.data[i] = Math.max(0, relu.data[i]);
        }
        assertFalse(ZeroSkipping.mostlyZero(relu.data, 64 * 128), "half the entries non-zero: dense");
    }

    @Test
    void transposeWritesAndAddsTheTransposedMatrix() {
        for (int n : new int[] {1, 8, 13, 16}) {
            int k = 5;
            float[] b = new float[n * k], t = new float[k * n];
            for (int i = 0; i < b.length; i++) {
                b[i] = i;
            }
            ZeroSkipping.transpose(b, n, k, t, false);
            ZeroSkipping.transpose(b, n, k, t, true);
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    assertEquals(2 * b[j * k + p], t[p * n + j], "n " + n + " (" + j + ", " + p + ")");
                }
            }
        }
    }

    /** Images of 28 × 28 pixels with a random ring of ink, blank elsewhere (about a fifth inked). */
    static FMatrixRMaj digits(int count, long seed) {
        Random random = new Random(seed);
        FMatrixRMaj x = new FMatrixRMaj(count, 784);
        for (int i = 0; i < count; i++) {
            double cy = 14 + random.nextGaussian(), cx = 14 + random.nextGaussian(), r = 5 + 2 * random.nextDouble();
            for (int y = 0; y < 28; y++) {
                for (int xx = 0; xx < 28; xx++) {
                    double d = Math.abs(Math.hypot(y - cy, xx - cx) - r);
                    if (d < 2) {
                        x.set(i, y * 28 + xx, (float) (1 - d / 2));
                    }
                }
            }
        }
        return x;
    }

    private static boolean allFinite(FMatrixRMaj m) {
        for (float v : m.data) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
