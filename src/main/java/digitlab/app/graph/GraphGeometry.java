package digitlab.app.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ejml.data.FMatrixRMaj;

import digitlab.engine.ForwardWalk;
import digitlab.engine.Graph;
import digitlab.engine.Tensor;

/**
 * Everything a drawing of a graph needs to know, with no JavaFX: the text of each node's box, the
 * boxes laid out by {@link GraphLayout}, the edges routed around them by {@link EdgeRoutes}, and the
 * gradient each edge carried written on a label placed by {@link EdgeLabels}. Sizes assume the
 * picture's fonts: 11 px monospace in boxes, 10 px monospace on edges.
 */
record GraphGeometry(List<Tensor> nodes, int[][] inputs, GraphLayout.Layout layout, List<EdgeRoutes.Route> routes,
        String[] labelTexts, EdgeLabels.Box[] labels, double width, double height) {
    /** The width of a character and the height of a line in a box, and the same on an edge label. */
    static final int LONGEST_NUMBER_LINE = 12;
    static final double CHAR = 6.8, LINE = 16, LABEL_CHAR = 6.6, LABEL_HEIGHT = 15, LABEL_PADDING = 10;

    /**
     * @param carried what each edge carried backwards ({@link #edgeKey} → gradient); 1×1 ones are written on
     *                their edges when {@code showLabels}
     */
    static GraphGeometry of(Graph graph, Map<String, FMatrixRMaj> carried, boolean showLabels) {
        return of(graph, carried, showLabels, Map.of());
    }

    /** {@link #of(Graph, Map, boolean)} with what nodes' rows are as pictures, said on their boxes. */
    static GraphGeometry of(Graph graph, Map<String, FMatrixRMaj> carried, boolean showLabels,
            Map<Tensor, NodeShapes.NodeShape> shapes) {
        return of(graph, carried, showLabels, shapes, Map.of());
    }

    /**
     * {@link #of(Graph, Map, boolean, Map)} for a graph shown as lazy evaluation leaves it: nodes with a
     * state in {@code states} are written as {@link #lines(Tensor, NodeShapes.NodeShape, ForwardWalk.State)}
     * has them, and nothing is computed.
     */
    static GraphGeometry of(Graph graph, Map<String, FMatrixRMaj> carried, boolean showLabels,
            Map<Tensor, NodeShapes.NodeShape> shapes, Map<Tensor, ForwardWalk.State> states) {
        List<Tensor> nodes = graph.nodes();
        Map<Long, Integer> indexOf = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            indexOf.put(nodes.get(i).id(), i);
        }
        int[][] inputs = new int[nodes.size()][];
        GraphLayout.Size[] sizes = new GraphLayout.Size[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            List<Tensor> in = nodes.get(i).inputs();
            inputs[i] = new int[in.size()];
            for (int k = 0; k < in.size(); k++) {
                inputs[i][k] = indexOf.get(in.get(k).id());
            }
            sizes[i] = size(lines(nodes.get(i), shapes.getOrDefault(nodes.get(i), NodeShapes.MATRIX), states.get(nodes.get(i))));
        }
        // the labels first, so that the gaps between columns can be made wide enough for them
        List<String> texts = new ArrayList<>();
        double widest = 0;
        for (int v = 0; v < nodes.size(); v++) {
            for (int u : distinct(inputs[v])) {
                FMatrixRMaj c = showLabels ? carried.get(edgeKey(nodes.get(u), nodes.get(v))) : null;
                String text = c != null && c.getNumElements() == 1 ? "∂ " + ShortNumber.of(c.get(0)) : null;
                texts.add(text);
                widest = text == null ? widest : Math.max(widest, labelWidth(text));
            }
        }
        GraphLayout.Layout layout = GraphLayout.of(inputs, sizes, widest + 4 * EdgeLabels.PAD + 8);
        List<EdgeRoutes.Route> routes = EdgeRoutes.of(layout, inputs);
        GraphLayout.Size[] labelSizes = new GraphLayout.Size[routes.size()];
        for (int r = 0; r < routes.size(); r++) {
            String text = texts.get(r);
            labelSizes[r] = text == null ? null : new GraphLayout.Size(labelWidth(text), LABEL_HEIGHT);
        }
        EdgeLabels.Box[] labels = EdgeLabels.place(layout, routes, labelSizes);
        double width = layout.totalWidth(), height = layout.totalHeight();
        for (EdgeRoutes.Route r : routes) {
            for (double y : r.y()) {
                height = Math.max(height, y + GraphLayout.MARGIN);
            }
        }
        for (EdgeLabels.Box b : labels) {
            if (b != null) {
                height = Math.max(height, b.y() + b.height() + GraphLayout.MARGIN);
            }
        }
        return new GraphGeometry(nodes, inputs, layout, routes, texts.toArray(String[]::new), labels, width, height);
    }

    /** The key of the edge from {@code input} to {@code user} in a map of what edges carried. */
    static String edgeKey(Tensor input, Tensor user) {
        return input.id() + ">" + user.id();
    }

    /**
     * The lines of a node's box: its name (a leaf's) or operation and detail, then for an operation its
     * id as the step messages write it ("#12" of "mul#12"), then its shape, or for a 1×1 node its value
     * and gradient ("= 33", "∂ 40").
     */
    static List<String> lines(Tensor t) {
        return lines(t, NodeShapes.MATRIX);
    }

    /**
     * {@link #lines(Tensor)}, and under the shape of a node whose rows are pictures what they are: "16 maps
     * 28×28", "16 filters 1×5×5".
     */
    static List<String> lines(Tensor t, NodeShapes.NodeShape shape) {
        List<String> lines = heading(t);
        if (t.rows() != 1 || t.cols() != 1) {
            lines.add(t.shape());
            if (shape.kind() != NodeInspector.Kind.MATRIX) {
                lines.add(shape.line(t.rows()));
            }
        } else {
            lines.add(valueLine(t.value().get(0)));
            lines.add(gradientLine(t.grad().get(0)));
        }
        return lines;
    }

    /** A box's first lines: a leaf's name, or an operation with its detail and then its id ("#12"). */
    private static List<String> heading(Tensor t) {
        List<String> lines = new ArrayList<>();
        lines.add(t.isLeaf() ? t.name() : t.op() + (t.detail().isEmpty() ? "" : " " + t.detail()));
        if (!t.isLeaf()) {
            lines.add("#" + t.id());
        }
        return lines;
    }

    /**
     * {@link #lines(Tensor, NodeShapes.NodeShape)} as lazy evaluation has the node ({@code state}; null: as
     * that method has it), computing nothing: a 1×1 operation never computed says "not computed"; one
     * computed says the value it holds, then "stale" if a leaf upstream changed since; no gradient yet.
     */
    static List<String> lines(Tensor t, NodeShapes.NodeShape shape, ForwardWalk.State state) {
        if (state == null) {
            return lines(t, shape);
        }
        List<String> lines = heading(t);
        if (t.rows() != 1 || t.cols() != 1) {
            lines.add(t.shape());
            lines.add(stateLine(state, null));
        } else {
            lines.add(state == ForwardWalk.State.NOT_COMPUTED ? NOT_COMPUTED : valueLine(t.cachedValue().get(0)));
            lines.add(stateLine(state, "∂ –"));
        }
        return lines;
    }

    static final String NOT_COMPUTED = "not computed";

    private static String stateLine(ForwardWalk.State state, String otherwise) {
        return switch (state) {
            case STALE -> "stale";
            case NOT_COMPUTED -> otherwise == null ? NOT_COMPUTED : otherwise;
            case UP_TO_DATE -> otherwise == null ? "computed" : otherwise;
            case LEAF -> otherwise == null ? "given" : otherwise;
        };
    }

    static String valueLine(float value) {
        return "= " + ShortNumber.of(value);
    }

    static String gradientLine(float gradient) {
        return "∂ " + ShortNumber.of(gradient);
    }

    /**
     * A box that holds {@code lines}, and any value or gradient line: those change while walking
     * backward, and {@link ShortNumber} writes at most 10 characters ("-1.235e-38").
     */
    static GraphLayout.Size size(List<String> lines) {
        int longest = Math.max(LONGEST_NUMBER_LINE, lines.stream().mapToInt(String::length).max().orElse(0));
        return new GraphLayout.Size(longest * CHAR + 18, lines.size() * LINE + 10);
    }

    static double labelWidth(String text) {
        return text.length() * LABEL_CHAR + LABEL_PADDING;
    }

    private static int[] distinct(int[] inputs) {
        return java.util.Arrays.stream(inputs).distinct().toArray();
    }
}
