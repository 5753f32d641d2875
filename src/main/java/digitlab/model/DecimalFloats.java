package digitlab.model;

/**
 * Decimal text to the nearest float, as {@link Float#parseFloat} gives it, fast on the short decimals
 * model files hold (the shortest text of a float: at most 9 digits).
 *
 * <p>The fast path is Clinger's: with at most 15 digits, a whole number m < 2<sup>53</sup>, and the decimal
 * exponent e within ±22, m and 10<sup>|e|</sup> are exact doubles, so m·10<sup>e</sup> (or
 * m / 10<sup>−e</sup>) is one correctly rounded double operation: d, the double nearest the decimal x.
 * Rounding d to float then gives the float nearest x except where d is exactly halfway between two
 * floats: rounding to the nearest double is monotonic and every such midpoint is a double, so x and d lie
 * on the same side of every midpoint unless d is one. Midpoints, and everything outside the fast path, go
 * to {@link Float#parseFloat}.
 */
final class DecimalFloats {
    private static final double[] POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
        1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    /** The low 29 bits of a double's significand that a float drops, when the double is a float midpoint. */
    private static final long DROPPED = (1L << 29) - 1, HALF = 1L << 28;

    private DecimalFloats() {
    }

    /**
     * The float nearest the JSON number in {@code text[offset, offset + length)} (an optional minus, digits,
     * an optional fraction and exponent); not modified.
     */
    static float parse(char[] text, int offset, int length) {
        float f = fast(text, offset, length);
        return Float.isNaN(f) ? Float.parseFloat(new String(text, offset, length)) : f;
    }

    /** The nearest float by the fast path, or NaN where that path does not apply. */
    private static float fast(char[] c, int i, int length) {
        int end = i + length;
        boolean negative = i < end && c[i] == '-';
        if (negative) {
            i++;
        }
        long m = 0;
        int digits = 0, exponent = 0;
        for (; i < end && c[i] >= '0' && c[i] <= '9'; i++) {
            if (m != 0 || c[i] != '0') {
                if (++digits > 15) {
                    return Float.NaN;
                }
                m = m * 10 + (c[i] - '0');
            }
        }
        if (i < end && c[i] == '.') {
            for (i++; i < end && c[i] >= '0' && c[i] <= '9'; i++) {
                if (m != 0 || c[i] != '0') {
                    if (++digits > 15) {
                        return Float.NaN;
                    }
                    m = m * 10 + (c[i] - '0');
                }
                exponent--;
            }
        }
        if (i < end && (c[i] == 'e' || c[i] == 'E')) {
            i++;
            boolean down = i < end && c[i] == '-';
            if (i < end && (c[i] == '-' || c[i] == '+')) {
                i++;
            }
            int e = 0;
            for (; i < end && c[i] >= '0' && c[i] <= '9'; i++) {
                e = e * 10 + (c[i] - '0');
                if (e > 1_000) {
                    return Float.NaN;
                }
            }
            exponent += down ? -e : e;
        }
        if (i != end || exponent < -22 || exponent > 22) {
            return Float.NaN;
        }
        double d = exponent < 0 ? m / POWERS[-exponent] : m * POWERS[exponent];
        if ((Double.doubleToRawLongBits(d) & DROPPED) == HALF) {
            return Float.NaN; // halfway between two floats: d may have been rounded onto it
        }
        float f = (float) d;
        return negative ? -f : f;
    }
}
