package digitlab.app.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

class MatrixStatsTest {

    private static FMatrixRMaj matrix(int rows, int cols, float... values) {
        return new FMatrixRMaj(rows, cols, true, values);
    }

    @Test
    void aKnownMatrixHasItsShapeMinMaxMeanAndFrobeniusNorm() {
        MatrixStats s = MatrixStats.of(matrix(2, 3, -2, 1, 4, -1, 0.5f, 0.5f));
        assertEquals(2, s.rows());
        assertEquals(3, s.cols());
        assertEquals(-2, s.min());
        assertEquals(4, s.max());
        assertEquals(3.0 / 6, s.mean(), 1e-15);
        assertEquals(Math.sqrt(4 + 1 + 16 + 1 + 0.25 + 0.25), s.norm(), 1e-12);
        assertEquals(0, s.nonFinite());
    }

    @Test
    void nanAndInfinitiesAreCountedAndLeftOutOfEveryOtherNumber() {
        MatrixStats s = MatrixStats.of(matrix(1, 6, 3, Float.NaN, -1, Float.POSITIVE_INFINITY, 2,
                Float.NEGATIVE_INFINITY));
        assertEquals(3, s.nonFinite());
        assertEquals(-1, s.min());
        assertEquals(3, s.max());
        assertEquals(4.0 / 3, s.mean(), 1e-15);
        assertEquals(Math.sqrt(14), s.norm(), 1e-12);
    }

    @Test
    void anEmptyMatrixOrOneWithNoFiniteElementGivesNaN() {
        MatrixStats empty = MatrixStats.of(new FMatrixRMaj(0, 5));
        assertEquals(0, empty.rows());
        assertEquals(5, empty.cols());
        for (double v : new double[] {empty.min(), empty.max(), empty.mean(), empty.norm()}) {
            assertTrue(Double.isNaN(v));
        }
        assertEquals(0, empty.nonFinite());

        MatrixStats nans = MatrixStats.of(matrix(1, 2, Float.NaN, Float.POSITIVE_INFINITY));
        assertEquals(2, nans.nonFinite());
        for (double v : new double[] {nans.min(), nans.max(), nans.mean(), nans.norm()}) {
            assertTrue(Double.isNaN(v));
        }
    }

    @Test
    void theNormOfAMillionElementsIsSummedInDoubleSoNoPrecisionIsLost() {
        float[] tenths = new float[1_000_000];
        Arrays.fill(tenths, 0.1f);
        MatrixStats s = MatrixStats.of(matrix(1000, 1000, tenths));
        // a float running sum of 0.01 a million times ends near 9865, not 10000
        assertEquals(Math.sqrt(1e6) * 0.1f, s.norm(), 1e-6);
        assertEquals(0.1f, s.mean(), 1e-9);
    }

    @Test
    void describeWritesThreeSignificantDigitsWithARealMinusSign() {
        MatrixStats s = new MatrixStats(128, 784, -0.21349, 0.19761, 0.0012, 4.0712, 0);
        assertEquals("min −0.213 · max 0.198 · mean 0.0012 · ‖·‖ 4.07", s.describe());
    }

    @Test
    void describeSaysHowManyElementsAreNotFinite() {
        MatrixStats s = MatrixStats.of(matrix(2, 3, -2, 1, 4, Float.NaN, Float.NaN, Float.NEGATIVE_INFINITY));
        assertEquals("min −2 · max 4 · mean 1 · ‖·‖ 4.58 · 3 not finite", s.describe());
    }

    @Test
    void describeOfAnEmptyMatrixSaysSo() {
        assertEquals("empty", MatrixStats.of(new FMatrixRMaj(3, 0)).describe());
    }

    @Test
    void numbersAreShortPlainDecimalsAndScientificOnlyWhenVeryLargeOrSmall() {
        assertEquals("0", MatrixStats.number(0, 3));
        assertEquals("0", MatrixStats.number(-0.0, 3));
        assertEquals("1", MatrixStats.number(1, 3));
        assertEquals("−0.5", MatrixStats.number(-0.5, 3));
        assertEquals("123", MatrixStats.number(123.4, 3));
        assertEquals("1.24e3", MatrixStats.number(1235.1, 3));
        assertEquals("0.000123", MatrixStats.number(0.00012345, 3));
        assertEquals("−1.23e−5", MatrixStats.number(-0.000012345, 3));
        assertEquals("−0.21", MatrixStats.number(-0.21349, 2));
        assertEquals("NaN", MatrixStats.number(Double.NaN, 3));
        assertEquals("−∞", MatrixStats.number(Double.NEGATIVE_INFINITY, 3));
    }
}
