package digitlab.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The runs kernels, vector and plain, against the loops of their Javadoc. */
class RunsTest {

    static Stream<Arguments> runsAndLengths() {
        return Stream.of(Kernels.runs(), Kernels.plainRuns())
                .flatMap(runs -> Stream.of(1, 3, 8, 14, 16, 20, 28, 64, 80, 200).map(n -> Arguments.of(runs, n)));
    }

    @ParameterizedTest(name = "{0}, runs of {1}")
    @MethodSource("runsAndLengths")
    void gatherAddsEveryListedRunTimesItsValueIntoOneRun(Runs runs, int n) {
        Random r = new Random(n);
        float[] b = random(400, r), value = random(7, r), c = random(n + 10, r);
        int[] at = {0, 5, 9, 17, 30, 31, 100};
        int shift = 3, e0 = 1, e1 = 7, co = 4;
        float[] expected = c.clone();
        for (int i = 0; i < n; i++) {
            double s = c[co + i];
            for (int e = e0; e < e1; e++) {
                s += (double) value[e] * b[at[e] + shift + i];
            }
            expected[co + i] = (float) s;
        }

        runs.gather(e0, e1, at, shift, value, b, n, c, co);

        assertClose(expected, c);
    }

    @ParameterizedTest(name = "{0}, runs of {1}")
    @MethodSource("runsAndLengths")
    void scatterAddsOneRunTimesEachValueIntoEveryListedRunEvenWhereTheyOverlap(Runs runs, int n) {
        Random r = new Random(n + 1);
        float[] a = random(n + 6, r), value = random(20, r), c = random(600, r);
        int[] at = new int[20];
        for (int e = 0; e < at.length; e++) {
            at[e] = e * 3; // neighbours overlap when n > 3
        }
        int shift = 2, e0 = 0, e1 = 20, ao = 5;
        float[] expected = c.clone();
        double[] sums = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            sums[i] = c[i];
        }
        for (int e = e0; e < e1; e++) {
            for (int i = 0; i < n; i++) {
                sums[at[e] + shift + i] += (double) value[e] * a[ao + i];
            }
        }
        for (int i = 0; i < c.length; i++) {
            expected[i] = (float) sums[i];
        }

        runs.scatter(e0, e1, at, shift, value, a, ao, n, c);

        assertClose(expected, c);
    }

    @ParameterizedTest(name = "{0}, runs of {1}")
    @MethodSource("runsAndLengths")
    void copyRunsPutsTheRunsSideBySideAndWritesNothingElseEvenAtTheEndOfTheSource(Runs runs, int n) {
        Random r = new Random(n + 2);
        int count = 5, stride = n + 4, d = 7;
        float[] src = random(3 + (count - 1) * stride + n, r); // the last run ends at the end of src
        float[] dst = new float[d + count * n + 40];
        Arrays.fill(dst, -1f);
        float[] expected = dst.clone();
        for (int row = 0; row < count; row++) {
            System.arraycopy(src, 3 + row * stride, expected, d + row * n, n);
        }

        runs.copyRuns(src, 3, stride, n, count, dst, d);

        assertArrayEquals(expected, dst);
    }

    private static float[] random(int n, Random r) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    static Stream<Arguments> runsFiltersAndTiles() {
        return Stream.of(Kernels.runs(), Kernels.plainRuns()).flatMap(runs -> Stream.of(1, 3, 4, 5, 9)
                .flatMap(filters -> Stream.of(1, 2, 3, 4, 5, 7, 9).map(tiles -> Arguments.of(runs, filters, tiles))));
    }

    @ParameterizedTest(name = "{0}, {1} filters, {2} tiles")
    @MethodSource("runsFiltersAndTiles")
    void tilesSumEachFilterOverTheImageFromEveryTileAndWriteOnlyTheTiles(Runs runs, int filters, int tiles) {
        Random r = new Random(filters * 31 + tiles);
        int w = runs.tileWidth(), P = 7, co = 3, cs = tiles * w + 5;
        int[] off = {0, 1, 2, 11, 12, 40, 41};
        int[] at = new int[tiles];
        for (int t = 0; t < tiles; t++) {
            at[t] = 6 * t + (t % 3); // tiles overlap, as neighbouring rows' tiles do
        }
        float[] a = random(filters * P, r), bias = random(filters, r), b = random(at[tiles - 1] + 41 + w, r);
        float[] c = random(co + filters * cs, r);
        float[] expected = expectedTiles(a, filters, P, off, bias, b, at, tiles, c, co, cs, w);

        runs.tiles(a, filters, P, off, bias, b, at, tiles, c, co, cs);

        assertClose(expected, c);
    }

    /** c after {@link Runs#tiles} with tiles of width w, by its Javadoc's sum in doubles; c itself is not modified. */
    static float[] expectedTiles(float[] a, int filters, int P, int[] off, float[] bias, float[] b, int[] at, int tiles,
            float[] c, int co, int cs, int w) {
        float[] expected = c.clone();
        for (int f = 0; f < filters; f++) {
            for (int t = 0; t < tiles; t++) {
                for (int i = 0; i < w; i++) {
                    double s = bias[f];
                    for (int p = 0; p < P; p++) {
                        s += (double) a[f * P + p] * b[at[t] + off[p] + i];
                    }
                    expected[co + f * cs + t * w + i] = (float) s;
                }
            }
        }
        return expected;
    }

    private static void assertClose(float[] expected, float[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }
}
