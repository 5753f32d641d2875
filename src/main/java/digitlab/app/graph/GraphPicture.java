package digitlab.app.graph;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.CubicCurveTo;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;

import org.ejml.data.FMatrixRMaj;

import digitlab.engine.ForwardWalk;
import digitlab.engine.Graph;
import digitlab.engine.LocalDerivative;
import digitlab.engine.Tensor;

/**
 * A drawing of one computation graph as {@link GraphGeometry} places it: a box per node (its operation
 * and id, or a leaf's name; its shape, or for 1×1 nodes its value and gradient), each edge along its
 * route around the boxes, and on each edge, when asked, the gradient it carried backwards on a label of
 * its own. Boxes can be highlighted (the backward walk) and one can be marked as selected.
 */
final class GraphPicture extends Group {
    private static final String EDGE = "#8a8a8a", GRADIENT = "#c2410c", SELECTED = "#7048e8";

    private final GraphGeometry geometry;
    private final List<Tensor> nodes;
    private final VBox[] boxes;
    private final Label[] valueLines, gradLines;
    private final String[] highlights;
    private final Map<Tensor, NodeShapes.NodeShape> shapes;
    private final Map<Tensor, ForwardWalk.State> states;
    /** The chain rule of the current backward step, over everything else. */
    private final Group chainLayer = new Group();
    private int selected = -1;

    /**
     * @param contributions what each edge carried backwards ({@link GraphGeometry#edgeKey} → gradient); may be empty
     * @param onClick       called with the node clicked
     */
    GraphPicture(Graph graph, Map<String, FMatrixRMaj> contributions, boolean showEdgeGradients, Consumer<Tensor> onClick) {
        this(graph, contributions, Map.of(), showEdgeGradients, onClick);
    }

    /** @param shapes what nodes' rows are as pictures ({@link NodeShapes}), said on their boxes */
    GraphPicture(Graph graph, Map<String, FMatrixRMaj> contributions, Map<Tensor, NodeShapes.NodeShape> shapes,
            boolean showEdgeGradients, Consumer<Tensor> onClick) {
        this(graph, contributions, shapes, Map.of(), showEdgeGradients, onClick);
    }

    /**
     * @param states each node's state under lazy evaluation ({@link ForwardWalk#states()}), drawn in the
     *               colours of {@link #STATE_COLOURS} and read without computing anything; empty for a
     *               graph whose values are all computed
     */
    GraphPicture(Graph graph, Map<String, FMatrixRMaj> contributions, Map<Tensor, NodeShapes.NodeShape> shapes,
            Map<Tensor, ForwardWalk.State> states, boolean showEdgeGradients, Consumer<Tensor> onClick) {
        this.shapes = shapes;
        this.states = states;
        geometry = GraphGeometry.of(graph, contributions, showEdgeGradients, shapes, states);
        nodes = geometry.nodes();
        boxes = new VBox[nodes.size()];
        valueLines = new Label[nodes.size()];
        gradLines = new Label[nodes.size()];
        highlights = new String[nodes.size()];
        // the whole extent, so snapshots and fitting see the margins
        Rectangle extent = new Rectangle(geometry.width(), geometry.height(), Color.TRANSPARENT);
        extent.setMouseTransparent(true);
        getChildren().add(extent);
        Group edges = new Group(), labels = new Group();
        for (int r = 0; r < geometry.routes().size(); r++) {
            edges.getChildren().addAll(edge(geometry.routes().get(r)));
            if (geometry.labels()[r] != null) {
                labels.getChildren().add(label(r));
            }
        }
        getChildren().addAll(edges, labels);
        chainLayer.setMouseTransparent(true);
        GraphLayout.Layout layout = geometry.layout();
        for (int i = 0; i < nodes.size(); i++) {
            VBox b = box(i, nodes.get(i), onClick);
            b.setLayoutX(layout.x()[i]);
            b.setLayoutY(layout.y()[i]);
            b.setPrefSize(layout.width()[i], layout.height()[i]);
            b.setMinSize(layout.width()[i], layout.height()[i]);
            b.setMaxSize(layout.width()[i], layout.height()[i]);
            boxes[i] = b;
            getChildren().add(b);
        }
        getChildren().add(chainLayer);
    }

    /** Fill, border and text colour of a node in each lazy state; the legend shows the same. */
    static final Map<ForwardWalk.State, String[]> STATE_COLOURS = Map.of(
            ForwardWalk.State.NOT_COMPUTED, new String[] {"#e9ecef", "#868e96", "#868e96"},
            ForwardWalk.State.STALE, new String[] {"#fce4ec", "#c2255c", "#a61e4d"},
            ForwardWalk.State.UP_TO_DATE, new String[] {"#ebfbee", "#2f9e44", "#000000"},
            ForwardWalk.State.LEAF, new String[] {"#eef6ff", "#4c6ef5", "#000000"});

    /**
     * Writes the chain rule of one backward step over the picture: on each edge from a receiver to
     * {@code pushing}, the local derivative and the product that travelled; under each receiver, its
     * gradient as the sum of its terms so far, and under every other node that more than one use has reached
     * ({@code sums}), its sum as it stands. Replaces what the last step wrote.
     */
    void showChain(Tensor pushing, List<ChainSteps.Edge> edges, Map<Tensor, String> sums) {
        chainLayer.getChildren().clear();
        // placed where no node and no other label is (ChainLabels), each at the size it was placed at
        for (ChainLabels.Placed p : ChainLabels.place(geometry, pushing, edges, sums)) {
            Label l = new Label(p.text());
            l.setId(switch (p.kind()) {
                case CHAIN -> "chain-" + p.node().id() + "-" + pushing.id();
                case SUM, FAINT_SUM -> "sum-" + p.node().id();
            });
            l.setStyle("-fx-font-family: monospace; -fx-font-size: 12px; " + switch (p.kind()) {
                case CHAIN -> "-fx-text-fill: #a33a00; -fx-background-color: rgba(255,247,237,0.96);"
                        + " -fx-border-color: #f76707; -fx-border-radius: 3; -fx-background-radius: 3; -fx-padding: 1 4;";
                case SUM -> "-fx-font-weight: bold; -fx-text-fill: #1864ab; -fx-background-color: rgba(231,245,255,0.95);"
                        + " -fx-border-color: #1c7ed6; -fx-padding: 1 4;";
                case FAINT_SUM -> "-fx-text-fill: #1864ab; -fx-background-color: rgba(248,249,250,0.9); -fx-padding: 1 4;";
            });
            EdgeLabels.Box b = p.box();
            l.setLayoutX(b.x());
            l.setLayoutY(b.y());
            l.setMinSize(b.width(), b.height());
            l.setMaxSize(b.width(), b.height());
            chainLayer.getChildren().add(l);
        }
    }

    GraphGeometry geometry() {
        return geometry;
    }

    /** The route drawn: straight inside columns, curved across the gaps between them, an arrow at the end. */
    private static List<javafx.scene.Node> edge(EdgeRoutes.Route route) {
        double[] x = route.x(), y = route.y();
        Path path = new Path(new MoveTo(x[0], y[0]));
        for (int i = 0; i < route.segments(); i++) {
            if (i % 2 == 0) {
                path.getElements().add(new LineTo(x[i + 1], y[i + 1]));
            } else {
                double mid = (x[i] + x[i + 1]) / 2;
                path.getElements().add(new CubicCurveTo(mid, y[i], mid, y[i + 1], x[i + 1], y[i + 1]));
            }
        }
        path.setStroke(Color.web(EDGE));
        path.setStrokeWidth(1.2);
        path.setFill(null);
        double ex = x[x.length - 1], ey = y[y.length - 1];
        Polygon arrow = new Polygon(ex, ey, ex - 7, ey - 4, ex - 7, ey + 4);
        arrow.setFill(Color.web(EDGE));
        return List.of(path, arrow);
    }

    /** The gradient edge r carried, on a white box where {@link EdgeLabels} put it. */
    private Label label(int r) {
        EdgeRoutes.Route route = geometry.routes().get(r);
        EdgeLabels.Box box = geometry.labels()[r];
        Label l = new Label(geometry.labelTexts()[r]);
        l.setId("edge-" + nodes.get(route.from()).id() + "-" + nodes.get(route.to()).id());
        l.setAlignment(Pos.CENTER);
        l.setStyle("-fx-font-family: monospace; -fx-font-size: 10px; -fx-text-fill: " + GRADIENT + ";"
                + " -fx-background-color: rgba(255,255,255,0.92); -fx-border-color: #f0c8b0; -fx-border-radius: 3;"
                + " -fx-background-radius: 3; -fx-padding: 0 2;");
        l.setLayoutX(box.x());
        l.setLayoutY(box.y());
        l.setMinSize(box.width(), box.height());
        l.setPrefSize(box.width(), box.height());
        l.setMaxSize(box.width(), box.height());
        l.setMouseTransparent(true);
        return l;
    }

    private VBox box(int i, Tensor t, Consumer<Tensor> onClick) {
        ForwardWalk.State state = states.get(t);
        List<String> lines = GraphGeometry.lines(t, shapes.getOrDefault(t, NodeShapes.MATRIX), state);
        Label title = new Label(lines.get(0));
        title.setStyle("-fx-font-weight: bold;");
        VBox b = new VBox(0, title);
        int next = 1;
        if (!t.isLeaf()) {
            Label id = new Label(lines.get(next++));
            id.setId("nodeId-" + t.id());
            id.setStyle("-fx-text-fill: #888; -fx-font-size: 10px;");
            b.getChildren().add(id);
        }
        b.setAlignment(Pos.CENTER);
        b.setId("node-" + t.id());
        b.getStyleClass().add("graph-node");
        b.setUserData(t);
        if (t.rows() != 1 || t.cols() != 1) {
            Label shape = new Label(lines.get(next));
            shape.setStyle("-fx-text-fill: #555;");
            b.getChildren().add(shape);
            if (lines.size() > next + 1) {
                Label picture = new Label(lines.get(next + 1));
                picture.setId("picture-" + t.id());
                picture.setStyle("-fx-text-fill: #2b6cb0;");
                b.getChildren().add(picture);
            }
        } else {
            valueLines[i] = new Label(lines.get(next));
            gradLines[i] = new Label(lines.get(next + 1));
            valueLines[i].setId("value-" + t.id());
            gradLines[i].setId("grad-" + t.id());
            gradLines[i].setStyle("-fx-text-fill: " + GRADIENT + ";");
            b.getChildren().addAll(valueLines[i], gradLines[i]);
        }
        b.setStyle(style(t, null, false));
        if (state != null) {
            b.getProperties().put("state", state);
            for (javafx.scene.Node line : b.getChildren().subList(1, b.getChildren().size())) {
                line.setStyle(((Label) line).getStyle() + "; -fx-text-fill: " + STATE_COLOURS.get(state)[2] + ";");
            }
        }
        Tooltip.install(b, new Tooltip((state == null ? Graph.label(t) : LocalDerivative.infix(t) + "\n" + stateWords(state))
                + "\nClick to inspect."));
        b.setOnMouseClicked(e -> onClick.accept(t));
        return b;
    }

    /** What a lazy state means, for a tooltip and the legend. */
    static String stateWords(ForwardWalk.State state) {
        return switch (state) {
            case NOT_COMPUTED -> "not computed: nothing has asked for it yet";
            case STALE -> "stale: a leaf upstream changed; the next read computes it again";
            case UP_TO_DATE -> "computed from the current values";
            case LEAF -> "a leaf: its value is given";
        };
    }

    private String style(Tensor t, String highlight, boolean selected) {
        ForwardWalk.State state = states.get(t);
        String[] colours = state == null ? null : STATE_COLOURS.get(state);
        String fill = colours != null ? colours[0] : t.isLeaf() ? "#eef6ff" : "#ffffff";
        String border = highlight != null ? highlight : selected ? SELECTED : colours != null ? colours[1] : t.isLeaf() ? "#4c6ef5" : "#666";
        String dashes = state == ForwardWalk.State.NOT_COMPUTED && highlight == null ? " -fx-border-style: dashed;" : "";
        String width = highlight != null || selected ? "3" : "1";
        String radius = t.isLeaf() ? "10" : "3";
        String shadow = selected ? " -fx-effect: dropshadow(gaussian, " + SELECTED + ", 10, 0.4, 0, 0);" : "";
        return "-fx-background-color: " + fill + "; -fx-border-color: " + border + "; -fx-border-width: " + width
                + "; -fx-background-radius: " + radius + "; -fx-border-radius: " + radius + "; -fx-padding: 2 6;"
                + " -fx-font-family: monospace; -fx-font-size: 11px;" + shadow + dashes;
    }

    private void restyle(int i) {
        boxes[i].setStyle(style(nodes.get(i), highlights[i], i == selected));
    }

    /** Rewrites the 1×1 nodes' value and gradient lines, gradients as given (e.g. a walk's running ones). */
    void showGradients(Function<Tensor, FMatrixRMaj> gradientOf) {
        for (int i = 0; i < nodes.size(); i++) {
            if (gradLines[i] != null) {
                FMatrixRMaj g = gradientOf.apply(nodes.get(i));
                gradLines[i].setText(g == null ? "∂ –" : GraphGeometry.gradientLine(g.get(0)));
                valueLines[i].setText(GraphGeometry.valueLine(nodes.get(i).value().get(0)));
            }
        }
    }

    /** Outlines {@code pushing} in orange and {@code receiving} in blue; everything else plain. */
    void highlight(Tensor pushing, List<Tensor> receiving) {
        for (int i = 0; i < nodes.size(); i++) {
            Tensor t = nodes.get(i);
            highlights[i] = t.equals(pushing) ? "#f76707" : receiving.contains(t) ? "#1c7ed6" : null;
            restyle(i);
        }
    }

    /** Marks {@code t} as the node selected (a thick violet outline with a glow); null marks none. */
    void select(Tensor t) {
        int was = selected;
        selected = t == null ? -1 : nodes.indexOf(t);
        if (was >= 0) {
            restyle(was);
        }
        if (selected >= 0) {
            restyle(selected);
        }
    }

    /** Whether {@code t}'s box is marked as selected. */
    boolean isSelected(Tensor t) {
        return selected >= 0 && nodes.get(selected).equals(t);
    }

    /** The box of node {@code t} (for tests and the walk). */
    VBox boxOf(Tensor t) {
        int i = nodes.indexOf(t);
        return i < 0 ? null : boxes[i];
    }

    GraphLayout.Layout placement() {
        return geometry.layout();
    }

    List<Tensor> nodes() {
        return nodes;
    }
}
