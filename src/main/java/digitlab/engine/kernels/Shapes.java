package digitlab.engine.kernels;

import org.ejml.data.FMatrixRMaj;

/** The shape checks shared by every {@link MatMul}: one message format, naming the three shapes. */
final class Shapes {
    private Shapes() {
    }

    /** c = a·b: a m×k, b k×n, c m×n. */
    static void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        check("mult", a, b, c, a.numCols == b.numRows, "a's columns must equal b's rows",
                c.numRows == a.numRows && c.numCols == b.numCols, "c must be a's rows × b's columns");
    }

    /** c = aᵀ·b: a k×m, b k×n, c m×n. */
    static void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        check("multTransA", a, b, c, a.numRows == b.numRows, "a's rows must equal b's rows",
                c.numRows == a.numCols && c.numCols == b.numCols, "c must be a's columns × b's columns");
    }

    /** c = a·bᵀ: a m×k, b n×k, c m×n. */
    static void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c) {
        check("multTransB", a, b, c, a.numCols == b.numCols, "a's columns must equal b's columns",
                c.numRows == a.numRows && c.numCols == b.numRows, "c must be a's rows × b's rows");
    }

    private static void check(String op, FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c,
            boolean inner, String innerRule, boolean outer, String outerRule) {
        if (!inner || !outer) {
            throw new IllegalArgumentException(op + ": a is " + shape(a) + ", b is " + shape(b) + ", c is "
                    + shape(c) + ": " + (inner ? outerRule : innerRule));
        }
        if (c.data == a.data || c.data == b.data) {
            throw new IllegalArgumentException(op + ": c (" + shape(c) + ") shares its array with "
                    + (c.data == a.data ? "a" : "b") + "; the result needs a matrix of its own");
        }
    }

    static String shape(FMatrixRMaj m) {
        return m.numRows + "×" + m.numCols;
    }
}
