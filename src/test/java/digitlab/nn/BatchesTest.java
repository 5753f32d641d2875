package digitlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

import digitlab.dataset.Dataset;

class BatchesTest {

    @Test
    void pixelsBecomeFractionsOfFullInkAndLabelsFollowTheOrder() {
        Dataset d = new Dataset("d", 2, 1, 3, new byte[] {0, (byte) 255, 51, 1, 2, 3}, new byte[] {7, 4});
        float[] x = new float[6], labels = new float[2];

        Batches.fill(d, new int[] {1, 0}, 0, 2, x, labels, null, null, 0);

        assertEquals(4f, labels[0]);
        assertEquals(7f, labels[1]);
        assertEquals(1 / 255f, x[0]);
        assertEquals(1f, x[4]);
        assertEquals(0.2f, x[5], 1e-7);
    }

    @Test
    void aShiftMovesTheWholeImageAndLeavesPaperBehind() {
        int side = 6;
        byte[] pixels = new byte[side * side];
        pixels[2 * side + 3] = (byte) 255; // one dot at row 2, column 3
        Dataset d = new Dataset("dot", 1, side, side, pixels, new byte[] {0});
        int[] dx = new int[3], dy = new int[3];
        Batches.drawShifts(new Random(3), 2, dx, dy);
        Random copy = new Random(3);
        int sx = copy.nextInt(5) - 2, sy = copy.nextInt(5) - 2;
        float[] x = new float[side * side];

        Batches.fill(d, null, 0, 1, x, null, dx, dy, 0);

        float total = 0;
        for (float v : x) {
            total += v;
        }
        assertEquals(1f, total, "the dot is still there, once");
        assertEquals(sx, dx[0]);
        assertEquals(sy, dy[0]);
        assertEquals(1f, x[(2 + sy) * side + 3 + sx]);
    }

    @Test
    void aBandOfPixelsHoldsExactlyThosePixelsOfTheWholeImagesShiftedOrNot() {
        Dataset d = SyntheticDigits.make(40, 5);
        int side = SyntheticDigits.SIDE, n = side * side, rows = 12;
        int[] order = new int[d.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = (i * 7) % order.length;
        }
        int[] dx = new int[rows], dy = new int[rows];
        Batches.drawShifts(new Random(9), 2, dx, dy);
        for (boolean shifted : new boolean[] {false, true}) {
            float[] whole = new float[rows * n], wholeLabels = new float[rows];
            Batches.fill(d, order, 5, rows, whole, wholeLabels, shifted ? dx : null, shifted ? dy : null, 0);
            for (int from = 0; from < n; from++) {
                for (int to = from + 1; to <= n; to++) {
                    int band = to - from;
                    float[] x = new float[rows * band], labels = new float[rows];
                    java.util.Arrays.fill(x, -1f); // every entry must be written
                    Batches.fillBand(d, order, 5, rows, from, to, x, labels, shifted ? dx : null, shifted ? dy : null, 0);
                    for (int r = 0; r < rows; r++) {
                        assertEquals(wholeLabels[r], labels[r]);
                        for (int p = 0; p < band; p++) {
                            assertEquals(whole[r * n + from + p], x[r * band + p],
                                    "pixels " + from + "-" + to + ", image " + r + ", pixel " + p + (shifted ? ", shifted" : ""));
                        }
                    }
                }
            }
        }
    }
}
