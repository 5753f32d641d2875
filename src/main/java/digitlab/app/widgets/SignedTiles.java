package digitlab.app.widgets;

import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/**
 * Small signed heatmaps cut from a longer array, all on a scale the caller chooses (so that the tiles of one
 * filter, or all the feature maps of a layer, can be compared): one pixel per number, red positive, blue
 * negative, over dark grey. Show them enlarged with smoothing off.
 */
public final class SignedTiles {
    /** The grey under the colours, as {@link Heatmaps#signed} has it without a background. */
    private static final int UNDER = ColourScale.grey(0.1);

    private SignedTiles() {
    }

    /**
     * The {@code width} × {@code height} numbers of {@code values} from index {@code from} (row by row) as an
     * image, |v| = {@code max} at full colour ({@link ColourScale#signed}). Reads {@code values}, modifies nothing.
     */
    public static WritableImage tile(float[] values, int from, int width, int height, double max) {
        int[] argb = new int[width * height];
        for (int i = 0; i < argb.length; i++) {
            argb[i] = ColourScale.signed(values[from + i], max, UNDER);
        }
        WritableImage image = new WritableImage(width, height);
        image.getPixelWriter().setPixels(0, 0, width, height, PixelFormat.getIntArgbInstance(), argb, 0, width);
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
