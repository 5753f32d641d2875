package digitlab.app.descent;

import digitlab.app.descent.DescentPlot.Range;
import digitlab.expr.Expression;

/**
 * y of a formula of x and z sampled at the centres of a grid of cells, made on the view's background thread
 * with an expression of its own (an engine graph is not to be shared between threads).
 *
 * @param values row by row, top row first (the highest z), {@code cols} a row
 */
record ContourGrid(String formula, Range xs, Range zs, int cols, int rows, double[] values) {

    /** y at the centre of each of {@code cols}×{@code rows} cells over {@code xs}×{@code zs}; forward passes only. */
    static ContourGrid sample(String formula, Range xs, Range zs, int cols, int rows) {
        Expression e = Expression.parse(formula);
        String[] names = e.variables().keySet().toArray(String[]::new);
        double[] values = new double[cols * rows];
        for (int r = 0; r < rows; r++) {
            e.set(names[1], (float) (zs.hi() - zs.width() * (r + 0.5) / rows));
            for (int c = 0; c < cols; c++) {
                e.set(names[0], (float) (xs.lo() + xs.width() * (c + 0.5) / cols));
                values[r * cols + c] = e.output().item();
            }
        }
        return new ContourGrid(formula, xs, zs, cols, rows, values);
    }

    /** Whether this grid is the one for these ranges and size. */
    boolean covers(String formula, Range xs, Range zs, int cols, int rows) {
        return this.formula.equals(formula) && this.xs.equals(xs) && this.zs.equals(zs) && this.cols == cols && this.rows == rows;
    }
}
