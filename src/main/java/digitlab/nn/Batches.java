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
     * Writes images {@code order[start]}, … {@code order[start+rows-1]} of {@code data} into the rows of
     * {@code x} and their labels into {@code labels} (which may be null). With {@code shifts} non-null,
     * each image is moved by a random whole number of pixels in [−maxShift, maxShift] along each axis,
     * the uncovered border left as paper.
     */
    static void fill(Dataset data, int[] order, int start, int rows, float[] x, float[] labels,
            Random shifts, int maxShift) {
        int w = data.cols(), h = data.rows(), n = w * h;
        byte[] pixels = data.pixels();
        for (int r = 0; r < rows; r++) {
            int image = order == null ? start + r : order[start + r];
            int src = image * n, dst = r * n;
            if (labels != null) {
                labels[r] = data.label(image);
            }
            if (shifts == null) {
                for (int p = 0; p < n; p++) {
                    x[dst + p] = SCALE[pixels[src + p] & 0xFF];
                }
                continue;
            }
            int dx = shifts.nextInt(2 * maxShift + 1) - maxShift, dy = shifts.nextInt(2 * maxShift + 1) - maxShift;
            for (int row = 0; row < h; row++) {
                int from = row - dy;
                for (int col = 0; col < w; col++) {
                    int fromCol = col - dx;
                    boolean inside = from >= 0 && from < h && fromCol >= 0 && fromCol < w;
                    x[dst + row * w + col] = inside ? SCALE[pixels[src + from * w + fromCol] & 0xFF] : 0f;
                }
            }
        }
    }
}
