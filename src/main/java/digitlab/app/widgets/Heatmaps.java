package digitlab.app.widgets;

import java.util.function.IntToDoubleFunction;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/** Small images of numbers, one pixel per number; show them enlarged with smoothing off. */
public final class Heatmaps {
    private Heatmaps() {
    }

    /** Ink 0..1 as the network sees it: 0 black, 1 white. */
    public static WritableImage ink(float[] ink, int width, int height) {
        int[] argb = new int[width * height];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = ColourScale.grey(ink[i]);
        }
        return image(argb, width, height);
    }

    /** Ink 0..1 as on paper: 0 white, 1 black. */
    public static WritableImage paper(float[] ink, int width, int height) {
        int[] argb = new int[width * height];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = ColourScale.grey(1 - ink[i]);
        }
        return image(argb, width, height);
    }

    /**
     * Signed values (red positive, blue negative, scaled to the largest |v|) over a dimmed grey
     * {@code background} (0..1, may be null).
     */
    public static WritableImage signed(float[] values, float[] background, int width, int height) {
        double max = ColourScale.maxAbs(values);
        int[] argb = new int[width * height];
        for (int i = 0; i < argb.length; i++) {
            int under = ColourScale.grey(background == null ? 0.1 : 0.1 + 0.3 * background[i]);
            argb[i] = ColourScale.signed(values[i], max, under);
        }
        return image(argb, width, height);
    }

    /**
     * {@code width}·{@code height} signed values from {@code values[offset]} on, row by row, scaled to a given
     * {@code max} (so that several images share one scale): red positive, blue negative, over dark grey.
     */
    public static WritableImage signed(float[] values, int offset, double max, int width, int height) {
        int[] argb = new int[width * height];
        int under = ColourScale.grey(0.1);
        for (int i = 0; i < argb.length; i++) {
            argb[i] = ColourScale.signed(values[offset + i], max, under);
        }
        return image(argb, width, height);
    }

    /** The legend of {@link #signed(float[], int, double, int, int)} for values ≥ 0: 0 … max left to right. */
    public static WritableImage positiveLegend(int width, int height) {
        return legend(width, height, x -> (double) x / (width - 1));
    }

    /** The scale's legend: −1 … 0 … +1 left to right. */
    public static WritableImage signedLegend(int width, int height) {
        return legend(width, height, x -> 2.0 * x / (width - 1) - 1);
    }

    /** A legend bar: column x coloured as the value {@code valueAt(x)} on a scale of ±1. */
    private static WritableImage legend(int width, int height, IntToDoubleFunction valueAt) {
        int[] argb = new int[width * height];
        for (int x = 0; x < width; x++) {
            int c = ColourScale.signed(valueAt.applyAsDouble(x), 1, ColourScale.grey(0.1));
            for (int y = 0; y < height; y++) {
                argb[y * width + x] = c;
            }
        }
        return image(argb, width, height);
    }

    private static WritableImage image(int[] argb, int width, int height) {
        WritableImage image = new WritableImage(width, height);
        image.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
        return image;
    }
}
