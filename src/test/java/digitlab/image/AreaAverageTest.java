package digitlab.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AreaAverageTest {

    @Test
    void aFortyPixelSquareOfFullInkShrinksToATwentyPixelSquareOfFullInk() {
        float[] block = new float[40 * 40];
        Arrays.fill(block, 1f);

        float[] out = AreaAverage.resize(block, 40, 40, 20, 20);

        float[] expected = new float[20 * 20];
        Arrays.fill(expected, 1f);
        assertArrayEquals(expected, out, 0f);
    }

    @Test
    void aOnePixelCheckerboardHalvedIsHalfInkEverywhere() {
        float[] checker = new float[4 * 4];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                checker[y * 4 + x] = (x + y) % 2;
            }
        }

        float[] out = AreaAverage.resize(checker, 4, 4, 2, 2);

        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, out, 0f);
    }

    @Test
    void doublingTheSizeTurnsEachPixelOfAFiveByTenBarIntoATwoByTwoBlockOfTheSameValue() {
        float[] bar = new float[5 * 10];
        for (int i = 0; i < bar.length; i++) {
            bar[i] = (i + 1) / 64f; // distinct values, exact in binary
        }

        float[] out = AreaAverage.resize(bar, 5, 10, 10, 20);

        for (int y = 0; y < 20; y++) {
            for (int x = 0; x < 10; x++) {
                assertEquals(bar[(y / 2) * 5 + x / 2], out[y * 10 + x], 0f, "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void shrinkingThreePixelsToTwoSharesTheMiddlePixelHalfAndHalf() {
        float[] row = {0.25f, 0.5f, 1f};

        float[] out = AreaAverage.resize(row, 3, 1, 2, 1);

        // each output pixel covers 1.5 input pixels: one whole and half of the middle one
        assertEquals((0.25f + 0.5f * 0.5f) / 1.5f, out[0], 1e-6f);
        assertEquals((0.5f * 0.5f + 1f) / 1.5f, out[1], 1e-6f);
    }

    @Test
    void aQuarterPixelShiftSplitsAPixelThreeQuartersToOneQuarter() {
        float[] row = {0, 1, 0, 0};
        AreaAverage.AxisWeights xs = AreaAverage.axisWeights(0, 4, 1, 0.25, 4);
        AreaAverage.AxisWeights ys = AreaAverage.axisWeights(0, 1, 1, 0, 1);

        float[] out = AreaAverage.resample(row, 4, xs, ys);

        assertArrayEquals(new float[] {0, 0.75f, 0.25f, 0}, out, 1e-6f);
    }

    @Test
    void theTotalInkIsTheInputTotalTimesTheAreaScaleWhenShrinkingOrEnlarging() {
        Random random = new Random(7);
        int[][] sizes = {{37, 23, 20, 11}, {13, 7, 40, 21}, {280, 280, 28, 28}, {9, 30, 27, 10}};
        for (int[] s : sizes) {
            float[] in = new float[s[0] * s[1]];
            for (int i = 0; i < in.length; i++) {
                in[i] = random.nextFloat();
            }

            float[] out = AreaAverage.resize(in, s[0], s[1], s[2], s[3]);

            double areaScale = (double) s[2] / s[0] * s[3] / s[1];
            assertEquals(DigitDrawings.sum(in) * areaScale, DigitDrawings.sum(out),
                    1e-4 * DigitDrawings.sum(out), Arrays.toString(s));
        }
    }

    @Test
    void theWeightsOfEveryOutputPixelLyingWhollyOverTheInputSumToOne() {
        Random random = new Random(11);
        double[] scales = {1.0 / 3, 0.5, 0.05, 0.1, 1, 2, 7, 20.0 / 182, 20.0 / 9999};
        for (double scale : scales) {
            for (int t = 0; t < 50; t++) {
                int n = 1 + (int) Math.ceil(40 / scale);
                double offset = random.nextDouble() * 4 - 2;
                AreaAverage.AxisWeights w = AreaAverage.axisWeights(0, n, scale, offset, 28);
                for (int o = 0; o < 28; o++) {
                    // output o sees [(o-½-offset)/scale, (o+½-offset)/scale]; whole inside [-½, n-½]?
                    if ((o - 0.5 - offset) / scale >= -0.5 && (o + 0.5 - offset) / scale <= n - 0.5) {
                        double total = 0;
                        for (int k = 0; k < w.count()[o]; k++) {
                            total += w.weights()[o * w.stride() + k];
                        }
                        assertEquals(1, total, 1e-4, "scale " + scale + " offset " + offset + " output " + o);
                    }
                }
            }
        }
    }

    @Test
    void pixelsOutsideTheWindowAreNotRead() {
        float[] row = {1, 0.5f, 0.5f, 1};
        AreaAverage.AxisWeights xs = AreaAverage.axisWeights(1, 3, 1, -1, 2);
        AreaAverage.AxisWeights ys = AreaAverage.axisWeights(0, 1, 1, 0, 1);

        float[] out = AreaAverage.resample(row, 4, xs, ys);

        assertArrayEquals(new float[] {0.5f, 0.5f}, out, 0f);
    }
}
