package digitlab.expr;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import digitlab.engine.Tensor;

/**
 * A parsed formula as an engine graph: its output and its variables (1×1 leaves, in the order they
 * first appear, all 0 until set). Set a variable and read the output again: only what depends on it is
 * recomputed.
 */
public final class Expression {
    private final String source;
    private final Tensor output;
    private final Map<String, Tensor> variables;

    Expression(String source, Tensor output, LinkedHashMap<String, Tensor> variables) {
        this.source = source;
        this.output = output;
        this.variables = Collections.unmodifiableMap(variables);
    }

    public static Expression parse(String source) {
        return ExpressionParser.parse(source);
    }

    /**
     * A variable's value as a person typed it ({@code 2}, {@code -0.5}, {@code 1e-3}; spaces around it
     * are ignored). Refused with a message naming the variable: anything that is not a plain decimal
     * (NaN, Infinity, hex) and any decimal that does not survive as a finite float, e.g.
     * "x=1e400 is too large for a float (largest about 3.4e38)" or, for 1e-400, "too small to be told
     * from 0". Numbers inside a formula follow the same rule. The {@code grad} command and the Graph
     * view both read values through here.
     *
     * @throws NumberFormatException with a message fit to show as it is
     */
    public static float parseValue(String name, String text) {
        return FloatText.value(name, text);
    }

    /** The functions a formula may call. */
    public static List<String> functions() {
        return ExpressionParser.functionNames();
    }

    public String source() {
        return source;
    }

    public Tensor output() {
        return output;
    }

    /** Name to variable, in order of first appearance. */
    public Map<String, Tensor> variables() {
        return variables;
    }

    /** Sets a variable's value; the name must be one of {@link #variables()}. */
    public void set(String name, float value) {
        Tensor v = variables.get(name);
        if (v == null) {
            throw new IllegalArgumentException("'" + name + "' is not a variable of " + source);
        }
        v.set(value);
    }
}
