package digitlab.app.graph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.ejml.data.FMatrixRMaj;

import digitlab.app.shared.AppState;
import digitlab.app.shared.BackgroundTasks;
import digitlab.app.shared.FileDialogs;
import digitlab.app.widgets.Controls;
import digitlab.app.widgets.Exports;
import digitlab.engine.BackwardWalk;
import digitlab.engine.ForwardWalk;
import digitlab.engine.Graph;
import digitlab.engine.LocalDerivative;
import digitlab.engine.Tensor;
import digitlab.expr.Expression;
import digitlab.expr.ExpressionException;

/**
 * The Graph view: the computation DAG of a formula or of the network, every node's value and gradient,
 * an inspector for the node clicked, and backward taken one step at a time. Formula graphs come from
 * the {@link FormulaPane}; network graphs are built on a thread of their own.
 */
public final class GraphView extends BorderPane {
    private static final long LIVE_NANOS = 500_000_000L;

    private final AppState state;

    private final RadioButton formulaSource = new RadioButton("_Formula");
    private final RadioButton drawSource = new RadioButton("Network on the _drawing");
    private final RadioButton trainSource = new RadioButton("Network on the training _batch");
    private final ComboBox<ShownGraph.Target> target = new ComboBox<>();
    private final Label reading = new Label();
    private final Label description = new Label();
    private final CheckBox edgeGradients = new CheckBox("Gradients on _edges");
    private final Label walkStatus = new Label();
    private final Button stepBackward = Controls.button("_Step backward", "stepBackward", "Backward one node at a time: "
            + "the orange node pushes its gradient into the blue ones, where uses add up", this::stepWalk);
    private final Button stepForward = Controls.button("Step for_ward", "stepForward", "Lazy evaluation one node at a "
            + "time: a fresh graph of the formula computes nothing until asked; each step computes the next node "
            + "that is not up to date, in topological order", this::stepForward);
    private final HBox legend = lazyLegend();
    private final Button finishBackward = Controls.button("F_inish backward", "finishBackward", "Take every step left",
            this::finishWalk);
    private final NodeInspector inspector = new NodeInspector();
    /** The inspector beside the graph, on show only while a node is picked, so the graph has the room otherwise. */
    private final ScrollPane side = new ScrollPane(new VBox(Controls.button("_Close", "closeInspector",
            "Hide the inspector and give the graph the room", this::closeInspector), inspector));

    private final GraphCanvas canvas = new GraphCanvas();

    private final BackgroundTasks worker = new BackgroundTasks("digitlab-graph");
    private final FormulaPane formula = new FormulaPane(worker, new FormulaPane.Shown() {
        @Override
        public void graph(ShownGraph g) {
            show(g);
        }

        @Override
        public void stale(boolean stale) {
            setStale(stale);
        }

        @Override
        public void computing(String line) {
            description.setText(line);
        }
    });
    private final AnimationTimer live;
    private ShownGraph shown;
    private GraphPicture picture;
    private BackwardWalk walk;
    /** The chain rule told step by step for the walk under way (its sums). */
    private ChainSteps chain;
    /** Lazy evaluation on show: the formula's own graph, computed only by Step forward; null otherwise. */
    private Expression lazy;
    private ForwardWalk forward;
    private Tensor inspected;
    private boolean batchRequested;
    private long building; // network graphs asked for, so that only the newest is shown
    private boolean closed;

    /** The view of the graphs of {@code state}'s last drawing and training run, and of formulas. */
    public GraphView(AppState state) {
        this.state = state;
        setId("graphView");
        setPadding(new Insets(8));
        setTop(controls());
        setCenter(canvas);
        side.setFitToWidth(true);
        side.setId("inspectorPane");
        // a third of the view, between 260 and 380 pixels: at the smallest window the graph keeps room
        side.prefWidthProperty().bind(widthProperty().multiply(0.3).map(w -> Math.max(260, Math.min(380, w.doubleValue()))));
        side.setMinWidth(260);
        BorderPane.setMargin(side, new Insets(0, 0, 0, 8));
        legend.setVisible(false);
        legend.managedProperty().bind(legend.visibleProperty());
        setBottom(new VBox(4, legend, walkBar()));
        formula.refresh();
        live = new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (now - last >= LIVE_NANOS && trainSource.isSelected() && walk == null && isVisibleInScene()) {
                    last = now;
                    requestBatch();
                }
            }
        };
        live.start();
    }

    private boolean isVisibleInScene() {
        return getScene() != null && getParent() != null && getParent().isVisible() && isVisible();
    }

    // ---------------------------------------------------------------- layout

    private VBox controls() {
        ToggleGroup sources = new ToggleGroup();
        for (RadioButton r : List.of(formulaSource, drawSource, trainSource)) {
            r.setToggleGroup(sources);
            r.setMnemonicParsing(true);
        }
        formulaSource.setId("formulaSource");
        drawSource.setId("drawSource");
        trainSource.setId("trainSource");
        formulaSource.setSelected(true);
        formulaSource.setTooltip(new Tooltip("A formula you type, in the grammar of the grad command"));
        drawSource.setTooltip(new Tooltip("The network reading the digit in the Draw view"));
        trainSource.setTooltip(new Tooltip("The network on the last batch of the Train view (refreshed while training)"));
        sources.selectedToggleProperty().addListener((o, a, b) -> sourceChanged());

        formula.visibleProperty().bind(formulaSource.selectedProperty());
        formula.managedProperty().bind(formula.visibleProperty());

        target.setId("target");
        target.getItems().setAll(GraphSources.TARGETS);
        target.setTooltip(new Tooltip("What backward differentiates: one digit's score, or the loss for a label"));
        target.setOnAction(e -> showDrawing());
        Label of = new Label("Gradient of");
        reading.setId("reading");
        HBox drawRow = new HBox(8, of, target, reading);
        drawRow.setAlignment(Pos.CENTER_LEFT);
        drawRow.visibleProperty().bind(drawSource.selectedProperty());
        drawRow.managedProperty().bind(drawRow.visibleProperty());

        description.setId("graphDescription");
        description.setWrapText(true);
        description.setStyle("-fx-text-fill: #555;");
        edgeGradients.setId("edgeGradients");
        edgeGradients.setSelected(true);
        edgeGradients.setMnemonicParsing(true);
        edgeGradients.setTooltip(new Tooltip("Write on each edge the gradient it carries backwards"));
        edgeGradients.selectedProperty().addListener((o, a, b) -> redraw());
        // wraps at narrow widths rather than cutting buttons short
        FlowPane sourceRow = new FlowPane(14, 6, formulaSource, drawSource, trainSource, edgeGradients);
        sourceRow.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, sourceRow, formula, drawRow, description);
        box.setPadding(new Insets(0, 0, 8, 0));
        return box;
    }

    /** Scales and moves the graph so all of it shows. */
    public void fit() {
        canvas.fit();
    }

    private HBox walkBar() {
        walkStatus.setId("walkStatus");
        walkStatus.setWrapText(true);
        stepBackward.setMinWidth(Region.USE_PREF_SIZE);
        stepForward.setMinWidth(Region.USE_PREF_SIZE);
        stepForward.visibleProperty().bind(formulaSource.selectedProperty());
        stepForward.managedProperty().bind(stepForward.visibleProperty());
        finishBackward.setMinWidth(Region.USE_PREF_SIZE);
        Button fit = Controls.button("Fi_t", "fit", "Zoom to show the whole graph", this::fit);
        Button png = Controls.button("PN_G…", "exportGraphPng", "Save the graph as a picture", this::choosePng);
        Button dot = Controls.button("D_OT…", "exportDot", "Save the graph in Graphviz DOT (as grad --dot)", this::chooseDot);
        for (Button b : List.of(fit, png, dot)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox bar = new HBox(10, stepForward, stepBackward, finishBackward, walkStatus, fit, png, dot);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 0, 0, 0));
        HBox.setHgrow(walkStatus, Priority.ALWAYS);
        return bar;
    }

    // ---------------------------------------------------------------- sources

    private void sourceChanged() {
        leaveLazy();
        setStale(false);
        formula.forget();
        if (formulaSource.isSelected()) {
            formula.refresh();
        } else if (drawSource.isSelected()) {
            showDrawing();
        } else {
            description.setText("Waiting for a batch: start or step training in the Train view.");
            reading.setText("");
            batchRequested = false;
            requestBatch();
        }
    }

    /** Greys out the graph, the result and the walk while they belong to an older formula. */
    private void setStale(boolean stale) {
        canvas.setStale(stale);
        stepBackward.setDisable(stale);
        stepForward.setDisable(stale);
        finishBackward.setDisable(stale);
    }

    private void showDrawing() {
        if (!drawSource.isSelected()) {
            return;
        }
        AppState.DrawnDigit digit = state.lastDrawing.get();
        if (digit == null) {
            description.setText(GraphSources.NO_DRAWING);
            reading.setText("");
            return;
        }
        ShownGraph.Target t = target.getValue();
        if (t == null) {
            target.setValue(GraphSources.firstTarget(digit));
            return; // setValue calls back here
        }
        reading.setText(GraphSources.readAs(digit));
        build(GraphSources.drawingGraph(digit, t));
    }

    private void requestBatch() {
        AppState.BatchSource training = state.training.get();
        if (training == null || batchRequested) {
            return;
        }
        batchRequested = training.requestBatch(copy -> {
            // on the training thread: hand over and return at once
            Platform.runLater(() -> {
                batchRequested = false;
                if (trainSource.isSelected() && walk == null) {
                    build(() -> ShownGraph.ofBatch(copy));
                }
            });
        });
    }

    /** Builds a network graph on the worker thread, then shows it if it is still the newest asked for. */
    private void build(Supplier<ShownGraph> make) {
        if (closed) {
            return; // a batch that arrived after the view closed
        }
        long ticket = ++building;
        worker.run(make::get, (g, failure) -> {
            if (failure != null) {
                description.setText("Could not build the graph: " + failure.getMessage());
            } else if (ticket == building) {
                show(g);
            }
        });
    }

    // ---------------------------------------------------------------- showing

    private void show(ShownGraph g) {
        if (lazy != null && g.description().equals("y = " + lazy.source())) {
            takeValues(g);
            return;
        }
        leaveLazy();
        List<Tensor> before = shown == null ? List.of() : shown.nodes();
        boolean first = shown == null || shown.nodes().size() != g.nodes().size();
        shown = g;
        walk = null;
        walkStatus.setText("Step backward walks the nodes in reverse topological order, one at a time.");
        description.setText(g.description() + " · " + g.nodes().size() + " nodes · click one to inspect it");
        redraw();
        if (first) {
            Platform.runLater(this::fit);
        }
        Tensor again = inspected == null ? null : GraphSources.sameRole(before, inspected, g.nodes());
        if (again != null) {
            inspect(again);
        } else {
            closeInspector();
        }
    }

    /** Hides the inspector and unmarks the node it showed. */
    void closeInspector() {
        inspector.clear();
        inspected = null;
        if (picture != null) {
            picture.select(null);
        }
        setRight(null);
    }

    private void redraw() {
        if (shown == null) {
            return;
        }
        picture = new GraphPicture(shown.graph(), shown.carried(), shown.shapes(), forward == null ? Map.of() : forward.states(),
                edgeGradients.isSelected() && walk == null, this::inspect);
        canvas.show(picture);
        if (inspected != null) {
            picture.select(inspected);
        }
        if (walk != null) {
            picture.showGradients(walk::gradientSoFar);
        }
    }

    void inspect(Tensor t) {
        inspected = t;
        picture.select(t);
        if (forward != null) {
            inspectLazy(t);
            return;
        }
        FMatrixRMaj grad = t.isDiscrete() ? null : walk != null ? walk.gradientSoFar(t) : t.grad();
        String title = (t.isLeaf() ? t.name() : t.op()) + (t.isLeaf() ? " (leaf)" : "");
        NodeShapes.NodeShape shape = shown.shapeOf(t);
        // a network's graph knows its nodes' shapes from its architecture; a formula's nodes go by name and size
        NodeInspector.Kind kind = shown.shapes().isEmpty() ? NodeInspector.kindFor(t.name(), t.rows(), t.cols()) : shape.kind();
        inspector.show(title, t.value(), grad, kind, shape.row(),
                "no gradient: class indices are whole numbers, and the loss has no slope along them");
        if (!t.isLeaf() && grad != null) {
            inspector.showChain("chain rule", chainRows(t, grad));
        }
        if (getRight() == null) {
            setRight(side);
        }
    }

    // ---------------------------------------------------------------- the backward walk

    /** One step of backward (the first click starts a walk with every gradient reset). */
    public void stepWalk() {
        if (shown == null) {
            return;
        }
        if (walk == null || !walk.hasNext()) {
            leaveLazyKeepingGraph();
            walk = BackwardWalk.toEveryLeaf(shown.output(), shown.seed());
            chain = new ChainSteps();
            redraw();
            picture.highlight(shown.output(), List.of());
            walkStatus.setText("The output's gradient is the seed; nothing else has a gradient yet. "
                    + "Step to push it backwards.");
            reinspect();
            return;
        }
        FMatrixRMaj upstream = walk.gradientSoFar(walk.order().get(walk.stepsTaken()));
        BackwardWalk.Step step = walk.step();
        picture.showGradients(walk::gradientSoFar);
        picture.highlight(step.node(), step.receivers());
        ChainSteps.Told told = chain.tell(step, upstream, walk.order().size(), !walk.hasNext(), walk::gradientSoFar);
        picture.showChain(step.node(), told.edges(), chain.sums());
        walkStatus.setText(told.status());
        reinspect();
    }

    /** Shows the inspected node again, with the gradient it has now (a walk's so far, or the final one). */
    private void reinspect() {
        if (inspected != null) {
            inspect(inspected);
        }
    }

    /** Takes every step left and shows the finished gradients. */
    public void finishWalk() {
        if (walk == null) {
            return;
        }
        walk.finish();
        walk = null;
        redraw();
        picture.highlight(null, List.of());
        walkStatus.setText("Done: every node holds d(output)/d(node).");
        reinspect();
    }

    /**
     * The chain rule at {@code t} for the inspector: for each input, upstream gradient {@code grad} ×
     * the local derivative = what the input receives, in words and for matrices as three heatmaps.
     */
    private static List<NodeInspector.ChainRow> chainRows(Tensor t, FMatrixRMaj grad) {
        List<Tensor> inputs = t.inputs();
        List<String> names = inputs.stream().map(in -> LocalDerivative.name(in, ChainSteps.NAME)).toList();
        List<NodeInspector.ChainRow> rows = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor in = inputs.get(i);
            LocalDerivative.Part part = LocalDerivative.of(t, i, names);
            FMatrixRMaj product = part.value() == null ? null : LocalDerivative.contribution(part, grad, in.rows(), in.cols());
            String text = names.get(i) + ": " + LocalDerivative.withValue(part, ShortNumber::of);
            if (product != null && grad.getNumElements() == 1 && part.value().getNumElements() == 1) {
                text += "; " + ChainSteps.number(grad.get(0)) + " × " + ChainSteps.number(part.value().get(0)) + " = "
                        + ChainSteps.number(product.get(0));
            } else if (product != null) {
                text += "; upstream × local = product (" + product.numRows + "×" + product.numCols + ")";
            }
            rows.add(new NodeInspector.ChainRow(text, grad, part.value(), product, part.how()));
        }
        return rows;
    }

    // ---------------------------------------------------------------- lazy evaluation

    /**
     * One step of lazy evaluation. The first click shows a fresh graph of the formula with its values,
     * where nothing is computed yet; each next click computes the next node that is not up to date.
     */
    public void stepForward() {
        if (!formulaSource.isSelected()) {
            return;
        }
        if (lazy == null) {
            Expression e;
            try {
                e = Expression.parse(formula.formulaText());
            } catch (ExpressionException ex) {
                return; // the formula's line says what is wrong
            }
            applyValues(e, formula.valuesText());
            lazy = e;
            forward = ForwardWalk.of(e.output());
            walk = null;
            shown = new ShownGraph(e.output(), ShownGraph.one(), Graph.of(e.output()), "y = " + e.source(), Map.of(), Map.of());
            legend.setVisible(true);
            redraw();
            walkStatus.setText("A fresh graph of the formula: nothing is computed until something asks for it. "
                    + "Step forward computes one node at a time, in topological order.");
            description.setText("lazy evaluation · " + shown.nodes().size() + " nodes · change a value to see what goes stale");
            reinspect();
            return;
        }
        if (!forward.hasNext()) {
            walkStatus.setText("Every node is up to date: reading y computes nothing. Change a value to make "
                    + "the nodes downstream of it stale.");
            return;
        }
        ForwardWalk.Step step = forward.step();
        redraw();
        picture.highlight(step.node(), List.of());
        walkStatus.setText(GraphSources.forwardText(step, forward.hasNext()));
        reinspect();
    }

    /** Sets each variable of {@code e} named in {@code values} ("x=2 z=0") that reads; others stay 0. */
    private static void applyValues(Expression e, String values) {
        for (String pair : values.trim().split("[\\s,]+")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && e.variables().containsKey(pair.substring(0, eq))) {
                try {
                    e.set(pair.substring(0, eq), Expression.parseValue(pair.substring(0, eq), pair.substring(eq + 1)));
                } catch (NumberFormatException ignored) {
                    // the formula's line reports it
                }
            }
        }
    }

    /**
     * The values of {@code g} (the same formula, rebuilt for new values) given to the lazy graph's
     * variables that changed: the engine marks the nodes downstream of each stale.
     */
    private void takeValues(ShownGraph g) {
        List<String> changed = new ArrayList<>();
        for (Tensor leaf : g.nodes()) {
            Tensor v = leaf.isLeaf() ? lazy.variables().get(leaf.name()) : null;
            if (v != null && v.cachedValue().get(0) != leaf.cachedValue().get(0)) {
                lazy.set(leaf.name(), leaf.cachedValue().get(0));
                changed.add(leaf.name());
            }
        }
        if (changed.isEmpty()) {
            return;
        }
        redraw();
        picture.highlight(null, List.of());
        walkStatus.setText(String.join(", ", changed) + " changed: the nodes downstream of it are stale. "
                + "Step forward computes only those again.");
        reinspect();
    }

    /** Leaves lazy evaluation: the view shows formulas' fully computed graphs again. */
    private void leaveLazy() {
        leaveLazyKeepingGraph();
    }

    /** Ends lazy evaluation but keeps its graph on show (a backward walk on it computes what is left). */
    private void leaveLazyKeepingGraph() {
        lazy = null;
        forward = null;
        legend.setVisible(false);
    }

    private void inspectLazy(Tensor t) {
        ForwardWalk.State state = forward.states().get(t);
        String title = (t.isLeaf() ? t.name() : t.op()) + (t.isLeaf() ? " (leaf)" : "");
        inspector.show(title, t.cachedValue(), null, NodeInspector.Kind.MATRIX,
                "not yet: " + GraphPicture.stateWords(state) + (state == ForwardWalk.State.NOT_COMPUTED ? " (the value shown is a placeholder)" : ""));
        if (getRight() == null) {
            setRight(side);
        }
    }

    /** Swatches of the lazy states' colours, each with what it means. */
    private static HBox lazyLegend() {
        HBox box = new HBox(14);
        box.setId("lazyLegend");
        box.setAlignment(Pos.CENTER_LEFT);
        for (ForwardWalk.State s : List.of(ForwardWalk.State.NOT_COMPUTED, ForwardWalk.State.STALE, ForwardWalk.State.UP_TO_DATE)) {
            String[] c = GraphPicture.STATE_COLOURS.get(s);
            Region swatch = new Region();
            swatch.setMinSize(18, 14);
            swatch.setStyle("-fx-background-color: " + c[0] + "; -fx-border-color: " + c[1] + "; -fx-border-width: 2;"
                    + (s == ForwardWalk.State.NOT_COMPUTED ? " -fx-border-style: dashed;" : ""));
            Label text = new Label(GraphPicture.stateWords(s));
            HBox item = new HBox(5, swatch, text);
            item.setAlignment(Pos.CENTER_LEFT);
            box.getChildren().add(item);
        }
        return box;
    }

    // ---------------------------------------------------------------- export

    private void choosePng() {
        FileDialogs.save(getScene().getWindow(), "Save the graph as PNG", FileDialogs.Kind.PNG, "graph.png")
                .ifPresent(this::exportPng);
    }

    private void chooseDot() {
        FileDialogs.save(getScene().getWindow(), "Save the graph as Graphviz DOT", FileDialogs.Kind.DOT, "graph.dot")
                .ifPresent(this::exportDot);
    }

    /** Writes the whole graph at full size as a picture (the snapshot is taken now, the file written in the background). */
    public void exportPng(Path file) {
        if (picture == null) {
            return;
        }
        WritableImage image = picture.snapshot(null, null);
        worker.save(file, () -> Exports.writePng(image, file), (text, problem) -> walkStatus.setText(text));
    }

    /** Writes the graph in Graphviz DOT, as {@code grad --dot} does. */
    public void exportDot(Path file) {
        if (shown == null) {
            return;
        }
        String dot = shown.graph().toDot();
        worker.save(file, () -> Exports.writeTextAtomically(file, dot), (text, problem) -> walkStatus.setText(text));
    }

    /** Sets the values of variables as an example does ("x=2 z=0") and shows the formula with them. */
    void setValues(String text) {
        formula.setValues(text);
    }

    GraphCanvas canvas() {
        return canvas;
    }

    /** The graph now shown (for tests). */
    ShownGraph shown() {
        return shown;
    }

    AppState state() {
        return state;
    }

    GraphPicture picture() {
        return picture;
    }

    public void close() {
        live.stop();
        closed = true;
        worker.close();
    }
}
