package digitlab.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.ejml.data.FMatrixRMaj;

/**
 * The computation graph that ends at one output, for walking from outside (a view drawing it, an
 * export): its nodes in topological order, inputs before the nodes that use them, the output last.
 */
public final class Graph {
    private final Tensor output;
    private final List<Tensor> nodes;

    private Graph(Tensor output) {
        this.output = output;
        List<Tensor> list = new ArrayList<>();
        for (Node n : output.node.topologicalOrder()) {
            list.add(new Tensor(n));
        }
        this.nodes = Collections.unmodifiableList(list);
    }

    public static Graph of(Tensor output) {
        return new Graph(output);
    }

    public Tensor output() {
        return output;
    }

    /** Every node, each after all of its inputs; the output is last. */
    public List<Tensor> nodes() {
        return nodes;
    }

    /** The order a backward pass visits the nodes in: the reverse of {@link #nodes()}. */
    public List<Tensor> backwardOrder() {
        List<Tensor> reversed = new ArrayList<>(nodes);
        Collections.reverse(reversed);
        return reversed;
    }

    /**
     * The graph in Graphviz DOT, inputs on the left: each node labelled with its operation (or a leaf's
     * name), its shape if not 1×1, and its value and gradient (for a matrix, their mean and norm).
     * Values are brought up to date first; a gradient shows once a backward pass has computed it.
     */
    public String toDot() {
        output.value();
        StringBuilder dot = new StringBuilder("digraph G {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\"];\n");
        for (Tensor t : nodes) {
            dot.append("  n").append(t.id()).append(" [label=\"").append(escape(label(t))).append('"');
            if (t.isLeaf()) {
                dot.append(", style=rounded");
            }
            dot.append("];\n");
        }
        for (Tensor t : nodes) {
            for (Tensor in : t.inputs()) {
                dot.append("  n").append(in.id()).append(" -> n").append(t.id()).append(";\n");
            }
        }
        return dot.append("}\n").toString();
    }

    /** What a node says about itself in one short text: "mul", "x", "pow 3 · 2×3", then value and gradient. */
    public static String label(Tensor t) {
        StringBuilder s = new StringBuilder(t.isLeaf() ? t.name() : t.op());
        if (!t.detail().isEmpty()) {
            s.append(' ').append(t.detail());
        }
        if (t.rows() != 1 || t.cols() != 1) {
            s.append(" · ").append(t.shape());
        }
        s.append("\nvalue ").append(summary(t.node.value));
        s.append("\ngrad ").append(t.node.grad == null ? "–" : summary(t.node.grad));
        return s.toString();
    }

    private static String summary(FMatrixRMaj m) {
        if (m.getNumElements() == 1) {
            return format(m.get(0));
        }
        double sum = 0, squares = 0;
        for (int i = 0; i < m.getNumElements(); i++) {
            sum += m.data[i];
            squares += (double) m.data[i] * m.data[i];
        }
        return "mean " + format((float) (sum / m.getNumElements())) + ", norm " + format((float) Math.sqrt(squares));
    }

    /** Whole numbers as {@link Format#number} writes them; others to 4 significant digits, to fit a label. */
    private static String format(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7f) {
            return NumberText.number(v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
