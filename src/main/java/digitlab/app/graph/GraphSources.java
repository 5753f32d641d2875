package digitlab.app.graph;

import static digitlab.app.widgets.Percent.percent;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import org.ejml.data.FMatrixRMaj;

import digitlab.app.shared.AppState;
import digitlab.engine.BackwardWalk;
import digitlab.engine.ForwardWalk;
import digitlab.engine.NumberText;
import digitlab.engine.Tensor;
import digitlab.expr.Expression;
import digitlab.expr.ExpressionException;
import digitlab.nn.Parameters;

/**
 * Where the Graph view's graphs come from, without JavaFX: a formula with the values of its variables
 * (read as the {@code grad} command reads them), the network on the Draw view's last digit (from
 * {@link AppState#lastDrawing}), and the lines the view shows about them and about each step backward.
 * The network on a training batch needs no reading: the batch copy makes its graph.
 */
final class GraphSources {
    /** A formula and values for its variables, offered as an example. */
    record Preset(String formula, String values) {
    }

    /** The classic examples. */
    static final List<Preset> PRESETS = List.of(
            new Preset("3*x*x*x + 4*x + 1 + x*z", "x=2 z=0"),
            new Preset("x*z", "x=3 z=-4"),
            new Preset("x*(z+a)", "x=2 z=1 a=1"),
            new Preset("sin(2*x^3 + 4*x^2 + 3*x + 2)", "x=0.5"));

    /** What backward may differentiate on a digit: the score of each digit, then the loss for each label. */
    static final List<ShownGraph.Target> TARGETS = IntStream.range(0, 20).mapToObj(i -> new ShownGraph.Target(i >= 10, i % 10)).toList();

    /** Shown instead of the drawing's graph while there is no digit to read. */
    static final String NO_DRAWING = "Draw a digit in the Draw view first.";

    private GraphSources() {
    }

    /** What a formula with its values comes to: a graph, or a problem (and the graph shown before stays). */
    sealed interface FormulaOutcome permits FormulaProblem, FormulaGraph {
    }

    /** A formula that does not parse, or a value that does not read: the line to show under the formula. */
    record FormulaProblem(String message) implements FormulaOutcome {
    }

    /**
     * A formula's graph, with every value and gradient set.
     *
     * @param formula   the formula as typed
     * @param note      the line under the formula: empty, or which variables were given no value
     * @param result    y, then dy/d of each variable, one a line
     * @param variables each variable's value as its own field shows it, in the order they first appear
     */
    record FormulaGraph(String formula, ShownGraph graph, String note, String result, Map<String, String> variables)
            implements FormulaOutcome {
    }

    /**
     * The line under a problem while the graph of {@code shown} stays on show, greyed out: which formula
     * it is, when that is not the one typed ({@code typed}), so that a half-typed formula's prefix is
     * never taken for it.
     */
    static String staleNote(String shown, String typed) {
        return shown.equals(typed) ? "greyed out: the graph for the last values that read"
                : "greyed out: showing the last formula that parsed: y = " + shown;
    }

    /**
     * Reads {@code formula}, and in {@code values} a NAME=VALUE for each variable (separated by spaces or
     * commas; names the formula lacks are passed over, a variable with none is 0).
     */
    static FormulaOutcome formula(String formula, String values) {
        Expression e;
        try {
            e = Expression.parse(formula);
        } catch (ExpressionException ex) {
            return new FormulaProblem(" ".repeat(Math.max(0, ex.column() - 1)) + "^ column " + ex.column() + ": " + ex.problem());
        }
        Set<String> unset = new LinkedHashSet<>(e.variables().keySet());
        for (String pair : values.trim().split("[\\s,]+")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq).trim();
            if (e.variables().containsKey(name)) {
                try {
                    e.set(name, Expression.parseValue(name, pair.substring(eq + 1)));
                    unset.remove(name);
                } catch (NumberFormatException nfe) {
                    return new FormulaProblem(nfe.getMessage());
                }
            }
        }
        Map<String, String> shownValues = new LinkedHashMap<>();
        e.variables().forEach((name, v) -> shownValues.put(name, NumberText.number(v.item())));
        ShownGraph g = ShownGraph.ofFormula(e);
        StringBuilder result = new StringBuilder("y = " + NumberText.number(e.output().item()));
        for (Map.Entry<String, Tensor> v : e.variables().entrySet()) {
            result.append("\ndy/d").append(v.getKey()).append(" = ").append(NumberText.number(v.getValue().gradItem()));
        }
        String note = unset.isEmpty() ? "" : "no value given for " + String.join(", ", unset) + ": taken as 0";
        return new FormulaGraph(formula, g, note, result.toString(), shownValues);
    }

    /** The Values text for variables {@code names} whose fields read {@code texts}: "x=2 z=1". */
    static String valuesText(List<String> names, List<String> texts) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            text.append(i > 0 ? " " : "").append(names.get(i)).append('=').append(texts.get(i).trim());
        }
        return text.toString();
    }

    /** What backward differentiates for a digit first: the score of the digit it was read as. */
    static ShownGraph.Target firstTarget(AppState.DrawnDigit digit) {
        return new ShownGraph.Target(false, digit.best());
    }

    /** The line about the digit: "read as 3 (97.1%)". */
    static String readAs(AppState.DrawnDigit digit) {
        return "read as " + digit.best() + " (" + percent(digit.probabilities()[digit.best()]) + ")";
    }

    /** Makes (on any thread) the network's graph for {@code digit}, differentiated as {@code target} says. */
    static Supplier<ShownGraph> drawingGraph(AppState.DrawnDigit digit, ShownGraph.Target target) {
        float[] pixels = digit.pixels().clone();
        Parameters parameters = digit.model().parameters();
        String model = digit.model().name();
        return () -> ShownGraph.ofImage(model, parameters, pixels, target);
    }

    /** The line about one step of a backward walk through {@code order} nodes, and whether it was the last. */
    static String stepText(BackwardWalk.Step step, int order, boolean last) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "step %d of %d: %s", step.index() + 1,
                order, nodeName(step.node())));
        if (step.receivers().isEmpty()) {
            s.append(step.node().isLeaf() ? " is a leaf: its gradient is final" : " pushes nothing (no input needs a gradient)");
        } else {
            s.append(" pushes its gradient to ");
            for (int i = 0; i < step.receivers().size(); i++) {
                FMatrixRMaj c = step.contributions().get(i);
                s.append(i > 0 ? ", " : "").append(nodeName(step.receivers().get(i)));
                if (c.getNumElements() == 1) {
                    s.append(" (+").append(NumberText.number(c.get(0))).append(')');
                }
            }
        }
        if (last) {
            s.append(". Done: every node holds d(output)/d(node).");
        }
        return s.toString();
    }

    /**
     * The line about one step of lazy evaluation: "computed mul#7 = x·z = 6", with "again" when a leaf
     * upstream had changed, and what is left.
     */
    static String forwardText(ForwardWalk.Step step, boolean more) {
        StringBuilder s = new StringBuilder("step ").append(step.index() + 1).append(": computed ")
                .append(step.again() ? "again " : "").append(ChainSteps.title(step.node()));
        if (step.node().rows() == 1 && step.node().cols() == 1) {
            s.append(" = ").append(ChainSteps.number(step.node().cachedValue().get(0)));
        }
        return s.append(more ? "; its inputs were all up to date" : "; every node is up to date now").toString();
    }

    /** A leaf by its name, an operation by its name and id: "x", "mul#7". */
    static String nodeName(Tensor t) {
        return t.isLeaf() ? t.name() : t.op() + "#" + t.id();
    }

    /**
     * The node of a rebuilt graph ({@code after}) that plays the part {@code old} played in {@code before}, or
     * null when there is none. Nodes are alike when their operation, detail, name (null for every operation)
     * and shape are; among alike nodes the one at the same rank in topological order is taken, so the second
     * product of a formula stays the second product after an edit, and a live batch's rebuilt graph gives back
     * exactly the node that was inspected.
     */
    static Tensor sameRole(List<Tensor> before, Tensor old, List<Tensor> after) {
        int rank = 0;
        for (Tensor t : before) {
            if (t == old) {
                break;
            }
            if (alike(t, old)) {
                rank++;
            }
        }
        for (Tensor t : after) {
            if (alike(t, old) && rank-- == 0) {
                return t;
            }
        }
        return null;
    }

    private static boolean alike(Tensor a, Tensor b) {
        return a.op().equals(b.op()) && Objects.equals(a.detail(), b.detail()) && Objects.equals(a.name(), b.name())
                && a.shape().equals(b.shape());
    }
}
