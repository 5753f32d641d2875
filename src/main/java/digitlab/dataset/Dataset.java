package digitlab.dataset;

import java.util.Arrays;

/**
 * Images and their labels, kept as bytes (the MNIST training set is 47 MB this way): {@code count}
 * images of {@code rows×cols} pixels, row-major, one after another; 0 is paper, 255 is full ink. A package
 * of its own, so that training ({@code digitlab.nn}) needs nothing of where the files come from ({@code digitlab.data}).
 */
public record Dataset(String name, int count, int rows, int cols, byte[] pixels, byte[] labels) {
    public Dataset {
        if (pixels.length != (long) count * rows * cols || labels.length != count) {
            throw new IllegalArgumentException(name + ": " + count + " images of " + rows + "×" + cols
                    + " need " + (long) count * rows * cols + " pixels and " + count + " labels, not "
                    + pixels.length + " and " + labels.length);
        }
    }

    public int pixelsPerImage() {
        return rows * cols;
    }

    /** Pixel {@code p} (row-major) of image {@code image}, 0..255. */
    public int pixel(int image, int p) {
        return pixels[image * rows * cols + p] & 0xFF;
    }

    public int label(int image) {
        return labels[image];
    }

    /** The first {@code n} images (shares no arrays with this one). */
    public Dataset first(int n) {
        int k = Math.min(n, count);
        byte[] p = Arrays.copyOf(pixels, k * rows * cols);
        byte[] l = Arrays.copyOf(labels, k);
        return new Dataset(name, k, rows, cols, p, l);
    }
}
