package digitlab.app.graph;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as the graph writes them on its boxes and edges: four significant digits at most, so that a
 * label stays short and the eye reads the size of a number, not its last float bits. Whole numbers
 * under 10 000 are written whole (33, -40); others are rounded (0.3333, 12.35, -0.001235); beyond that
 * range in powers of ten (1.235e5, 2e-7). The inspector shows the full number.
 */
final class ShortNumber {
    static final int DIGITS = 4;
    private static final MathContext ROUNDING = new MathContext(DIGITS, RoundingMode.HALF_UP);

    private ShortNumber() {
    }

    static String of(float v) {
        if (Float.isNaN(v)) {
            return "NaN";
        }
        if (Float.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        if (v == 0) {
            return "0"; // -0 too
        }
        BigDecimal rounded = new BigDecimal(v).round(ROUNDING).stripTrailingZeros();
        double size = Math.abs(rounded.doubleValue());
        if (size >= 1e-3 && size < 1e4) {
            return rounded.toPlainString();
        }
        int exponent = rounded.precision() - rounded.scale() - 1;
        BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
        return mantissa.toPlainString() + "e" + exponent;
    }
}
