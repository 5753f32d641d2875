package digitlab.expr;

import java.util.regex.Pattern;

/**
 * The one rule for a number typed by a person, in a formula or as a variable's value: a decimal that
 * survives as a finite float. A float silently turns 1e400 into Infinity and 1e-400 into 0, so both are
 * refused with the reason rather than computed with a number the person did not write.
 */
final class FloatText {
    /** Optional sign, digits with an optional point (or a point and digits), an optional exponent. */
    static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private FloatText() {
    }

    /**
     * Why {@code literal} (already known to be a decimal) does not survive as a finite float, or null if
     * it does. {@code what} names it in the message, e.g. "x=1e400" or "the number 1e400".
     */
    static String problem(String what, String literal, float value) {
        if (Float.isInfinite(value)) {
            return what + " is too large for a float (largest about 3.4e38)";
        }
        if (value == 0f && hasNonZeroDigit(literal)) {
            return what + " is too small to be told from 0 in a float (smallest about 1.4e-45); write 0 if you mean 0";
        }
        return null;
    }

    /** Whether the digits before the exponent are not all zeros. */
    private static boolean hasNonZeroDigit(String literal) {
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /** A variable's value: see {@link Expression#parseValue(String, String)}. */
    static float value(String name, String text) {
        String t = text.trim();
        if (!DECIMAL.matcher(t).matches()) {
            throw new NumberFormatException("the value of " + name + " is not a number: '" + text + "'");
        }
        float value = Float.parseFloat(t);
        String problem = problem(name + "=" + t, t, value);
        if (problem != null) {
            throw new NumberFormatException(problem);
        }
        return value;
    }
}
