package digitlab.app.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

import org.ejml.data.FMatrixRMaj;

import digitlab.engine.NumberText;
import digitlab.engine.Graph;
import digitlab.engine.Tensor;

/**
 * A drawing of one computation graph, laid out by {@link GraphLayout}: a box per node (its operation or
 * name, its shape, and for 1×1 nodes its value and gradient), a curve per edge from input to user, and
 * on each edge, when asked, the gradient it carried backwards. Boxes can be highlighted, which the
 * backward walk uses.
 */
final class GraphPicture extends Group {
    private static final double CHAR = 7.2, LINE = 16;

    private final List<Tensor> nodes;
    private final Map<Long, Integer> indexOf = new HashMap<>();
    private final int[][] inputs;
    private final VBox[] boxes;
    private final Label[] valueLines, gradLines;
    private final Map<String, Text> edgeLabels = new HashMap<>();
    private final GraphLayout.Layout layout;

    /**
     * @param contributions what each edge carried backwards ("inputId>nodeId" → gradient); may be empty
     * @param onClick       called with the node clicked
     */
    GraphPicture(Graph graph, Map<String, FMatrixRMaj> contributions, boolean showEdgeGradients, Consumer<Tensor> onClick) {
        nodes = graph.nodes();
        inputs = new int[nodes.size()][];
        boxes = new VBox[nodes.size()];
        valueLines = new Label[nodes.size()];
        gradLines = new Label[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            indexOf.put(nodes.get(i).id(), i);
        }
        GraphLayout.Size[] sizes = new GraphLayout.Size[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            Tensor t = nodes.get(i);
            List<Tensor> in = t.inputs();
            inputs[i] = new int[in.size()];
            for (int k = 0; k < in.size(); k++) {
                inputs[i][k] = indexOf.get(in.get(k).id());
            }
            List<String> lines = lines(t);
            boxes[i] = box(i, t, lines, onClick);
            int longest = lines.stream().mapToInt(String::length).max().orElse(4);
            sizes[i] = new GraphLayout.Size(Math.max(64, longest * CHAR + 16), lines.size() * LINE + 10);
        }
        layout = GraphLayout.of(inputs, sizes);
        Group edges = new Group();
        for (int i = 0; i < nodes.size(); i++) {
            Set<Integer> drawn = new HashSet<>();
            for (int from : inputs[i]) {
                if (drawn.add(from)) {
                    edge(edges, from, i, contributions.get(edgeKey(nodes.get(from), nodes.get(i))), showEdgeGradients);
                }
            }
        }
        getChildren().add(edges);
        for (int i = 0; i < nodes.size(); i++) {
            VBox b = boxes[i];
            b.setLayoutX(layout.x()[i]);
            b.setLayoutY(layout.y()[i]);
            b.setPrefSize(layout.width()[i], layout.height()[i]);
            b.setMinSize(layout.width()[i], layout.height()[i]);
            b.setMaxSize(layout.width()[i], layout.height()[i]);
            getChildren().add(b);
        }
        // the whole extent, so snapshots and fitting see the margins
        Rectangle extent = new Rectangle(layout.totalWidth(), layout.totalHeight(), Color.TRANSPARENT);
        extent.setMouseTransparent(true);
        getChildren().add(0, extent);
    }

    static String edgeKey(Tensor input, Tensor user) {
        return input.id() + ">" + user.id();
    }

    GraphLayout.Layout placement() {
        return layout;
    }

    private static List<String> lines(Tensor t) {
        List<String> lines = new ArrayList<>();
        lines.add(t.isLeaf() ? t.name() : t.op() + (t.detail().isEmpty() ? "" : " " + t.detail()));
        if (t.rows() != 1 || t.cols() != 1) {
            lines.add(t.shape());
        } else {
            lines.add("= " + NumberText.number(t.value().get(0)));
            lines.add("∂ " + NumberText.number(t.grad().get(0)));
        }
        return lines;
    }

    private VBox box(int i, Tensor t, List<String> lines, Consumer<Tensor> onClick) {
        Label title = new Label(lines.get(0));
        title.setStyle("-fx-font-weight: bold;");
        VBox b = new VBox(0, title);
        b.setAlignment(Pos.CENTER);
        b.setId("node-" + t.id());
        b.getStyleClass().add("graph-node");
        b.setUserData(t);
        if (t.rows() != 1 || t.cols() != 1) {
            Label shape = new Label(lines.get(1));
            shape.setStyle("-fx-text-fill: #555;");
            b.getChildren().add(shape);
        } else {
            valueLines[i] = new Label(lines.get(1));
            gradLines[i] = new Label(lines.get(2));
            valueLines[i].setId("value-" + t.id());
            gradLines[i].setId("grad-" + t.id());
            gradLines[i].setStyle("-fx-text-fill: #c2410c;");
            b.getChildren().addAll(valueLines[i], gradLines[i]);
        }
        b.setStyle(style(t, null));
        Tooltip.install(b, new Tooltip(Graph.label(t) + "\nClick to inspect."));
        b.setOnMouseClicked(e -> onClick.accept(t));
        return b;
    }

    private static String style(Tensor t, String highlight) {
        String fill = t.isLeaf() ? "#eef6ff" : "#ffffff";
        String border = highlight != null ? highlight : t.isLeaf() ? "#4c6ef5" : "#666";
        String width = highlight != null ? "3" : "1";
        String radius = t.isLeaf() ? "10" : "3";
        return "-fx-background-color: " + fill + "; -fx-border-color: " + border + "; -fx-border-width: " + width
                + "; -fx-background-radius: " + radius + "; -fx-border-radius: " + radius + "; -fx-padding: 2 6;"
                + " -fx-font-family: monospace; -fx-font-size: 11px;";
    }

    private void edge(Group into, int from, int to, FMatrixRMaj carried, boolean showGradient) {
        double x0 = layout.outX(from), y0 = layout.midY(from), x1 = layout.inX(to), y1 = layout.midY(to);
        double bend = Math.max(20, (x1 - x0) / 2);
        CubicCurve c = new CubicCurve(x0, y0, x0 + bend, y0, x1 - bend, y1, x1, y1);
        c.setFill(null);
        c.setStroke(Color.web("#8a8a8a"));
        c.setStrokeWidth(1.2);
        Polygon arrow = new Polygon(x1, y1, x1 - 7, y1 - 4, x1 - 7, y1 + 4);
        arrow.setFill(Color.web("#8a8a8a"));
        into.getChildren().addAll(c, arrow);
        if (showGradient && carried != null && carried.getNumElements() == 1) {
            // the classic diagrams: what flows back along this edge, written at its middle
            Text t = new Text((x0 + x1) / 2 - 8, (y0 + y1) / 2 - 4, "∂ " + NumberText.number(carried.get(0)));
            t.setFill(Color.web("#c2410c"));
            t.setStyle("-fx-font-size: 10px;");
            t.setId("edge-" + nodes.get(from).id() + "-" + nodes.get(to).id());
            edgeLabels.put(edgeKey(nodes.get(from), nodes.get(to)), t);
            into.getChildren().add(t);
        }
    }

    /** Rewrites the 1×1 nodes' value and gradient lines, gradients as given (e.g. a walk's running ones). */
    void showGradients(Function<Tensor, FMatrixRMaj> gradientOf) {
        for (int i = 0; i < nodes.size(); i++) {
            if (gradLines[i] != null) {
                FMatrixRMaj g = gradientOf.apply(nodes.get(i));
                gradLines[i].setText("∂ " + (g == null ? "–" : NumberText.number(g.get(0))));
                valueLines[i].setText("= " + NumberText.number(nodes.get(i).value().get(0)));
            }
        }
    }

    /** Outlines {@code pushing} in orange and {@code receiving} in blue; everything else plain. */
    void highlight(Tensor pushing, List<Tensor> receiving) {
        for (int i = 0; i < nodes.size(); i++) {
            Tensor t = nodes.get(i);
            String colour = t.equals(pushing) ? "#f76707" : receiving.contains(t) ? "#1c7ed6" : null;
            boxes[i].setStyle(style(t, colour));
        }
    }

    /** The box of node {@code t} (for tests and the walk). */
    VBox boxOf(Tensor t) {
        Integer i = indexOf.get(t.id());
        return i == null ? null : boxes[i];
    }

    List<Tensor> nodes() {
        return nodes;
    }
}
