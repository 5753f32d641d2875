package digitlab.app.graph;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The range of a variable's slider and the values it gives, in plain numbers: a range around the value
 * wide enough to explore (value ± max(2, |value|)), and the slider's position written with as many
 * decimals as a pixel of a 150-pixel slider is worth over that range, so a drag gives 1.25, not 1.2473.
 */
final class SliderRange {
    /** The slider's length in pixels the rounding assumes. */
    static final double PIXELS = 150;

    private SliderRange() {
    }

    /** The range {min, max} for a slider at {@code value}: value ± max(2, |value|). */
    static double[] around(double value) {
        double half = Math.max(2, Math.abs(value));
        return new double[] {value - half, value + half};
    }

    /** The value at a slider position, rounded to the decimals a pixel of the range is worth ("1.25", "-3", "0.004"). */
    static String text(double value, double min, double max) {
        double pixel = (max - min) / PIXELS;
        int decimals = pixel <= 0 ? 2 : Math.max(0, (int) Math.ceil(-Math.log10(pixel)));
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.compareTo(BigDecimal.ZERO) == 0 ? "0" : rounded.toPlainString();
    }
}
