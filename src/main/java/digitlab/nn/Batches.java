package digitlab.nn;

import java.util.Arrays;
import java.util.Random;

import digitlab.dataset.Dataset;
import digitlab.engine.kernels.Conversions;
import digitlab.engine.kernels.Kernels;

/** Turns images kept as bytes into the float rows the network reads, one batch at a time. */
final class Batches {
    /** byte → pixel value in [0, 1]: 0 paper, 1 full ink. */
    private static final Conversions TO_UNIT = Kernels.conversions();

    private Batches() {
    }

    /**
     * Writes images {@code order[start]}, … {@code order[start+rows-1]} of {@code data} (or images
     * {@code start}… when {@code order} is null) into the rows of {@code x} and their labels into
     * {@code labels} (which may be null). With {@code dx}/{@code dy} non-null, row r is moved by
     * {@code dx[shiftAt+r]} pixels right and {@code dy[shiftAt+r]} down, the uncovered border left as paper.
     */
    static void fill(Dataset data, int[] order, int start, int rows, float[] x, float[] labels,
            int[] dx, int[] dy, int shiftAt) {
        int w = data.cols(), h = data.rows(), n = w * h;
        byte[] pixels = data.pixels();
        for (int r = 0; r < rows; r++) {
            int image = order == null ? start + r : order[start + r];
            int src = image * n, dst = r * n;
            if (labels != null) {
                labels[r] = data.label(image);
            }
            if (dx == null) {
                TO_UNIT.bytesToUnit(pixels, src, x, dst, n);
                continue;
            }
            int sx = dx[shiftAt + r], sy = dy[shiftAt + r];
            int colStart = Math.max(0, sx), colEnd = Math.min(w, w + sx); // the columns the shifted image covers
            for (int row = 0; row < h; row++) {
                int from = row - sy, rowStart = dst + row * w;
                if (from < 0 || from >= h || colStart >= colEnd) {
                    Arrays.fill(x, rowStart, rowStart + w, 0f);
                    continue;
                }
                Arrays.fill(x, rowStart, rowStart + colStart, 0f);
                TO_UNIT.bytesToUnit(pixels, src + from * w + colStart - sx, x, rowStart + colStart, colEnd - colStart);
                Arrays.fill(x, rowStart + colEnd, rowStart + w, 0f);
            }
        }
    }

    /** Random whole shifts in [−max, max] for each of {@code dx.length} images. */
    static void drawShifts(Random random, int max, int[] dx, int[] dy) {
        for (int i = 0; i < dx.length; i++) {
            dx[i] = random.nextInt(2 * max + 1) - max;
            dy[i] = random.nextInt(2 * max + 1) - max;
        }
    }
}
