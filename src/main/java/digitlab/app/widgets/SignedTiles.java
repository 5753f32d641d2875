package digitlab.app.widgets;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * Small signed heatmaps cut from a longer array, all on a scale the caller chooses (so that the tiles of one
 * filter, or all the feature maps of a layer, can be compared): a square of pixels per number, red positive, blue
 * negative, over dark grey.
 */
public final class SignedTiles {
    /** The grey under the colours, as {@link Heatmaps#signed} has it without a background. */
    private static final int UNDER = ColourScale.grey(0.1);

    private SignedTiles() {
    }

    /**
     * The {@code width} × {@code height} numbers of {@code values} from index {@code from} (row by row) as an
     * image of {@code scale} × {@code scale} pixels per number, |v| = {@code max} at full colour
     * ({@link ColourScale#signed}). Drawn enlarged here rather than by the view, so that the squares stay sharp
     * whatever the rendering pipeline does with smoothing. Reads {@code values}, modifies nothing.
     */
    public static WritableImage tile(float[] values, int from, int width, int height, double max, int scale) {
        int w = width * scale, h = height * scale;
        int[] argb = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                argb[y * w + x] = ColourScale.signed(values[from + (y / scale) * width + x / scale], max, UNDER);
            }
        }
        WritableImage image = new WritableImage(w, h);
        image.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        return image;
    }

    /** The colour {@link #tile} gives {@code v} on a scale of {@code max}. */
    public static int colour(double v, double max) {
        return ColourScale.signed(v, max, UNDER);
    }

    /** The largest |v| of {@code length} numbers of {@code values} from {@code from} (NaN skipped; 0 for none). */
    public static double maxAbs(float[] values, int from, int length) {
        double max = 0;
        for (int i = from; i < from + length; i++) {
            if (Math.abs(values[i]) > max) {
                max = Math.abs(values[i]);
            }
        }
        return max;
    }
}
