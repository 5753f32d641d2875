package digitlab.engine;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** How DigitLab writes a number for people. */
public final class NumberText {
    private NumberText() {
    }

    /** 33 rather than 33.0; otherwise the shortest text that reads back as the same float (0.1, 1.0e-4, NaN). */
    public static String number(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7f) {
            return Long.toString((long) v);
        }
        return Float.toString(v).replace("E", "e");
    }

    /**
     * A number short enough for a chart's axis or a status line, never more than about eight characters:
     * from a million up and below 0.001, one decimal and a power of ten (9e26 → "9.0e26", 0.00012 →
     * "1.2e-4"); from 1,000 up, a whole number with thousands separated (1234 → "1,234"); else at most three
     * significant digits without trailing zeros (0.5 → "0.5", 2.3026 → "2.3", 0.01234 → "0.0123").
     */
    public static String compact(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "-∞";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 999_999.5 || a < 0.000_999_5) {
            String s = String.format(Locale.ROOT, "%.1e", v); // 9.0e+26
            int e = s.indexOf('e');
            int exponent = Integer.parseInt(s.substring(e + 1));
            return s.substring(0, e) + "e" + exponent;
        }
        if (a >= 999.5) {
            return String.format(Locale.ROOT, "%,d", Math.round(v));
        }
        String plain = new BigDecimal(v).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        return plain.equals("-0") ? "0" : plain;
    }
}
