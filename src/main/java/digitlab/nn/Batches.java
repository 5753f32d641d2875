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
        fillBand(data, order, start, rows, 0, data.pixelsPerImage(), x, labels, dx, dy, shiftAt);
    }

    /**
     * As {@link #fill}, but only pixels [fromPixel, toPixel) of each image (row-major, after its shift)
     * are written: row r of {@code x} holds toPixel − fromPixel of them.
     */
    static void fillBand(Dataset data, int[] order, int start, int rows, int fromPixel, int toPixel, float[] x,
            float[] labels, int[] dx, int[] dy, int shiftAt) {
        int w = data.cols(), h = data.rows(), n = w * h, band = toPixel - fromPixel;
        byte[] pixels = data.pixels();
        touch(pixels, order, start, rows, n, fromPixel, band);
        for (int r = 0; r < rows; r++) {
            int image = order == null ? start + r : order[start + r];
            int src = image * n, dst = r * band;
            if (labels != null) {
                labels[r] = data.label(image);
            }
            if (dx == null) {
                TO_UNIT.bytesToUnit(pixels, src + fromPixel, x, dst, band);
                continue;
            }
            int sx = dx[shiftAt + r], sy = dy[shiftAt + r];
            int colStart = Math.max(0, sx), colEnd = Math.min(w, w + sx); // the columns the shifted image covers
            for (int p = fromPixel; p < toPixel; ) {
                int row = p / w, a = p - row * w, b = Math.min(w, a + toPixel - p); // columns [a, b) of this row
                int out = dst + p - fromPixel, from = row - sy;
                int lo = Math.max(a, colStart), hi = Math.min(b, colEnd);
                if (from < 0 || from >= h || lo >= hi) {
                    Arrays.fill(x, out, out + b - a, 0f);
                } else {
                    Arrays.fill(x, out, out + lo - a, 0f);
                    TO_UNIT.bytesToUnit(pixels, src + from * w + lo - sx, x, out + lo - a, hi - lo);
                    Arrays.fill(x, out + hi - a, out + b - a, 0f);
                }
                p += b - a;
            }
        }
    }

    /** Keeps {@link #touch}'s loads from being optimized away. */
    private static volatile int touched;

    /**
     * Reads one byte of every cache line of the images' bands before they are converted. The images of
     * a shuffled batch lie far apart in memory, and converting them one by one waits for memory once per
     * image; these loads are independent of each other, so the processor has many in flight at once
     * (a batch of 64 MNIST images on the AVX2 stand-in: 22 → 12 µs).
     */
    private static void touch(byte[] pixels, int[] order, int start, int rows, int n, int offset, int length) {
        int sum = 0;
        for (int r = 0; r < rows; r++) {
            int from = (order == null ? start + r : order[start + r]) * n + offset, to = from + length;
            for (int i = from; i < to; i += 64) {
                sum += pixels[i];
            }
            sum += pixels[to - 1];
        }
        touched = sum;
    }

    /** 0, 1, …, n − 1: every image once, in order. */
    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Puts {@code order} in a random order (Fisher–Yates: each order equally likely), in place. */
    static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
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
