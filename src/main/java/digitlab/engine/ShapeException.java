package digitlab.engine;

/** An operation was given operands whose shapes do not fit it; the message names both shapes. */
public final class ShapeException extends IllegalArgumentException {
    public ShapeException(String op, String left, String right, String rule) {
        super(op + ": shapes " + left + " and " + right + " do not fit (" + rule + ")");
    }
}
