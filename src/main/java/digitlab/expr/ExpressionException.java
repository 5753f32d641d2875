package digitlab.expr;

/** A formula that does not follow the grammar: says at which column (1-based) and what was expected. */
public final class ExpressionException extends IllegalArgumentException {
    private final int column;
    private final String problem;

    ExpressionException(int column, String problem) {
        super("column " + column + ": " + problem);
        this.column = column;
        this.problem = problem;
    }

    /** 1-based column of the first character that does not fit. */
    public int column() {
        return column;
    }

    /** The message without the column. */
    public String problem() {
        return problem;
    }
}
