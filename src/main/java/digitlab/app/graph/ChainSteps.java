package digitlab.app.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.ejml.data.FMatrixRMaj;

import digitlab.engine.BackwardWalk;
import digitlab.engine.LocalDerivative;
import digitlab.engine.Tensor;

/**
 * The chain rule as a backward walk applies it, in words and with no JavaFX: for each step, what the
 * pushing node's local derivative is for each input ({@link LocalDerivative}), the product of the upstream
 * gradient and it that travels to the input, and each input's gradient as the sum of the terms that have
 * reached it so far ("x: 12 + 12 + 12 = 36"). One per walk: the sums are kept from step to step.
 */
final class ChainSteps {
    /** An operation input is called by its formula up to this many characters, else by "mul#7". */
    static final int NAME = 10;

    /**
     * What one edge carried in a step.
     *
     * @param local   the local derivative with its value, "∂(x·z)/∂x = z = 0.5"
     * @param product upstream × local = what travelled, "1 × 0.5 = 0.5 → x"
     * @param sum     the receiver's gradient as its terms so far, "x: 12 + 0.5 = 12.5"
     */
    record Edge(Tensor receiver, String local, String product, String sum) {
    }

    /** A step told: the status line and each receiving edge. */
    record Told(String status, List<Edge> edges) {
    }

    private final Map<Tensor, List<Float>> terms = new HashMap<>();
    /** Each node reached so far with its running sum, in the order they were first reached. */
    private final Map<Tensor, String> sums = new java.util.LinkedHashMap<>();

    /** Every node the walk has sent something to, with its gradient as the sum of its terms so far. */
    Map<Tensor, String> sums() {
        return sums;
    }

    /**
     * Tells {@code step} of a walk through {@code order} nodes; {@code upstream} is the pushing node's
     * gradient (final when it pushes), {@code gradientOf} a receiver's gradient after the step.
     */
    Told tell(BackwardWalk.Step step, FMatrixRMaj upstream, int order, boolean last, Function<Tensor, FMatrixRMaj> gradientOf) {
        if (step.receivers().isEmpty()) {
            return new Told(GraphSources.stepText(step, order, last), List.of());
        }
        Tensor node = step.node();
        List<Tensor> inputs = node.inputs();
        List<String> names = inputs.stream().map(t -> LocalDerivative.name(t, NAME)).toList();
        StringBuilder s = new StringBuilder(String.format("step %d of %d: %s", step.index() + 1, order, title(node)));
        List<Edge> edges = new ArrayList<>();
        for (int r = 0; r < step.receivers().size(); r++) {
            Tensor receiver = step.receivers().get(r);
            FMatrixRMaj carried = step.contributions().get(r);
            Edge e = edge(node, inputs, names, receiver, upstream, carried, gradientOf.apply(receiver));
            edges.add(e);
            s.append(r == 0 ? ": " : "; ").append(e.local()).append("; ").append(e.product());
            if (terms.get(receiver).size() > 1) {
                s.append(" (").append(e.sum()).append(')');
            }
        }
        if (last) {
            s.append(". Done: every node holds d(output)/d(node).");
        }
        return new Told(s.toString(), edges);
    }

    /** "mul#7 = x·z", or "add#9" alone when its formula is long. */
    static String title(Tensor node) {
        String infix = LocalDerivative.infix(node);
        return GraphSources.nodeName(node) + (infix.length() <= 2 * NAME ? " = " + infix : "");
    }

    private Edge edge(Tensor node, List<Tensor> inputs, List<String> names, Tensor receiver, FMatrixRMaj upstream,
            FMatrixRMaj carried, FMatrixRMaj total) {
        List<String> locals = new ArrayList<>(), products = new ArrayList<>();
        boolean scalars = upstream.getNumElements() == 1 && carried.getNumElements() == 1;
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).equals(receiver)) {
                continue;
            }
            LocalDerivative.Part part = LocalDerivative.of(node, i, names);
            String local = LocalDerivative.withValue(part, ShortNumber::of);
            if (!locals.contains(local)) {
                locals.add(local);
            }
            if (scalars && part.value() != null && part.value().getNumElements() == 1) {
                products.add(number(upstream.get(0)) + " × " + number(part.value().get(0)));
            } else {
                scalars = false;
            }
        }
        String name = names.get(inputs.indexOf(receiver));
        if (!receiver.isLeaf() && !name.equals(GraphSources.nodeName(receiver))) {
            name = "(" + name + ")"; // a formula: "→ (z + a)"
        }
        String product = scalars
                ? String.join(" + ", products) + " = " + number(carried.get(0)) + " → " + name
                : "upstream " + upstream.numRows + "×" + upstream.numCols + " with the local derivative → " + name
                        + " (" + carried.numRows + "×" + carried.numCols + ")";
        List<Float> sofar = terms.computeIfAbsent(receiver, k -> new ArrayList<>());
        sofar.add(carried.getNumElements() == 1 ? carried.get(0) : Float.NaN);
        String sum = sum(name, sofar, total);
        sums.put(receiver, sum);
        return new Edge(receiver, String.join(" and ", locals), product, sum);
    }

    /** "x: 12 + 12 − 4 = 20"; a matrix's terms counted: "W: 2 terms added". */
    static String sum(String name, List<Float> terms, FMatrixRMaj total) {
        if (total.getNumElements() != 1) {
            return name + ": " + terms.size() + (terms.size() == 1 ? " term" : " terms added");
        }
        StringBuilder s = new StringBuilder(name).append(": ").append(number(terms.get(0)));
        for (int i = 1; i < terms.size(); i++) {
            float t = terms.get(i);
            s.append(t < 0 ? " − " : " + ").append(number(Math.abs(t)));
        }
        if (terms.size() > 1) {
            s.append(" = ").append(number(total.get(0)));
        }
        return s.toString();
    }

    /** A number as the graph writes it, with a true minus sign. */
    static String number(float v) {
        return ShortNumber.of(v).replace('-', '−');
    }
}
