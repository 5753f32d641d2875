package digitlab.app.graph;

import java.util.Locale;

import org.ejml.data.FMatrixRMaj;

/**
 * A summary of a matrix's numbers for people: its shape, the smallest, largest and mean of its
 * finite elements, their Frobenius norm, and how many elements are NaN or infinite. When no element
 * is finite (an empty matrix, or one of NaNs) min, max, mean and norm are NaN.
 *
 * @param rows      the number of rows
 * @param cols      the number of columns
 * @param min       the smallest finite element
 * @param max       the largest finite element
 * @param mean      the mean of the finite elements
 * @param norm      √(sum of the squares of the finite elements)
 * @param nonFinite how many elements are NaN, +∞ or −∞
 */
public record MatrixStats(int rows, int cols, double min, double max, double mean, double norm, int nonFinite) {

    /** The summary of {@code m} (read, not modified or kept). */
    public static MatrixStats of(FMatrixRMaj m) {
        int n = m.getNumElements();
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0, squares = 0;
        int nonFinite = 0;
        for (int i = 0; i < n; i++) {
            float v = m.data[i];
            if (!Float.isFinite(v)) {
                nonFinite++;
                continue;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            // in double: a float's square cannot overflow it, and rounding stays far below what is shown
            squares += (double) v * v;
        }
        int finite = n - nonFinite;
        if (finite == 0) {
            return new MatrixStats(m.numRows, m.numCols, Double.NaN, Double.NaN, Double.NaN, Double.NaN, nonFinite);
        }
        return new MatrixStats(m.numRows, m.numCols, min, max, sum / finite, Math.sqrt(squares), nonFinite);
    }

    /**
     * One line such as "min −0.213 · max 0.198 · mean 0.0012 · ‖·‖ 4.07", three significant digits,
     * with " · 3 not finite" added when some elements are NaN or infinite; "empty" for no elements.
     */
    public String describe() {
        if ((long) rows * cols == 0) {
            return "empty";
        }
        String line = "min " + number(min, 3) + " · max " + number(max, 3) + " · mean " + number(mean, 3)
                + " · ‖·‖ " + number(norm, 3);
        return nonFinite > 0 ? line + " · " + nonFinite + " not finite" : line;
    }

    /**
     * {@code v} to {@code significant} digits without trailing zeros, with a real minus sign (−),
     * in scientific notation ("1.5e−5") below 10⁻⁴ or from 10^significant up: "0.0012", "4.07", "0".
     */
    public static String number(double v, int significant) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        if (v == 0) {
            // also −0, which says nothing a reader needs
            return "0";
        }
        String s = String.format(Locale.ROOT, "%." + significant + "g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.indexOf('.') >= 0) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        // "e+04" → "e4", "e-05" → "e-5"
        String exponent = e < 0 ? "" : "e" + Integer.parseInt(s.substring(e + 1).replace("+", ""));
        return (mantissa + exponent).replace('-', '−');
    }
}
