package digitlab.expr;

import java.util.Collections;
import java.util.LinkedHashMap;
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

    /** The functions a formula may call. */
    public static java.util.List<String> functions() {
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
