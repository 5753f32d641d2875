package digitlab.app.widgets;

/**
 * Colours for numbers, as packed ARGB ints, with no JavaFX in sight so they can be tested alone.
 * Signed numbers use a diverging scale: blue for negative, red for positive, the strength of the
 * colour proportional to |v| / max, over whatever is underneath.
 */
public final class ColourScale {
    private ColourScale() {
    }

    /** Opaque grey: 0 → black, 1 → white (clamped). */
    public static int grey(double level) {
        int g = channel(level);
        return 0xFF000000 | g << 16 | g << 8 | g;
    }

    /**
     * A signed value over an opaque {@code background} colour: red (positive) or blue (negative), mixed
     * in by |v| / max (clamped to 1). max ≤ 0 or NaN values give the background unchanged.
     */
    public static int signed(double v, double max, int background) {
        if (!(max > 0) || !(Math.abs(v) >= 0)) {
            return background;
        }
        double strength = Math.min(1, Math.abs(v) / max);
        int r = v >= 0 ? 0xE0 : 0x20, g = v >= 0 ? 0x30 : 0x70, b = v >= 0 ? 0x20 : 0xF0;
        int br = background >> 16 & 0xFF, bg = background >> 8 & 0xFF, bb = background & 0xFF;
        return 0xFF000000 | mix(br, r, strength) << 16 | mix(bg, g, strength) << 8 | mix(bb, b, strength);
    }

    /** The largest |v| in {@code values} (0 for none; NaN is skipped). */
    public static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            if (Math.abs(v) > max) {
                max = Math.abs(v);
            }
        }
        return max;
    }

    private static int mix(int from, int to, double t) {
        return (int) Math.round(from + (to - from) * t);
    }

    private static int channel(double level) {
        if (!(level > 0)) {
            return 0;
        }
        return (int) Math.round(Math.min(1, level) * 255);
    }
}
