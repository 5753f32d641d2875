package digitlab.nn;

import java.util.Random;

import digitlab.data.Dataset;

/** Turns images kept as bytes into the float rows the network reads, one batch at a time. */
final class Batches {
    /** byte → pixel value in [0, 1]: 0 paper, 1 full ink. */
    private static final float[] SCALE = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            SCALE[i] = i / 255f;
        }
    }

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
                for (int p = 0; p < n; p++) {
                    x[dst + p] = SCALE[pixels[src + p] & 0xFF];
                }
                continue;
            }
            int sx = dx[shiftAt + r], sy = dy[shiftAt + r];
            for (int row = 0; row < h; row++) {
                int from = row - sy;
                for (int col = 0; col < w; col++) {
                    int fromCol = col - sx;
                    boolean inside = from >= 0 && from < h && fromCol >= 0 && fromCol < w;
                    x[dst + row * w + col] = inside ? SCALE[pixels[src + from * w + fromCol] & 0xFF] : 0f;
                }
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
