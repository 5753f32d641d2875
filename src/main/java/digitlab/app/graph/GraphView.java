package digitlab.app.graph;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;
import javafx.stage.FileChooser;

import org.ejml.data.FMatrixRMaj;

import digitlab.app.draw.Reading;
import digitlab.app.train.TrainingSession;
import digitlab.app.widgets.Controls;
import digitlab.app.widgets.Exports;
import digitlab.engine.BackwardWalk;
import digitlab.engine.Format;
import digitlab.engine.Tensor;
import digitlab.expr.Expression;
import digitlab.expr.ExpressionException;

/**
 * The Graph view: the computation DAG of a formula or of the network, every node's value and gradient,
 * an inspector for the node clicked, and backward taken one step at a time. Formula graphs are built on
 * the JavaFX thread (a few nodes); network graphs on a thread of their own.
 */
public final class GraphView extends BorderPane {
    /** The classic examples, with values for their variables. */
    static final List<String[]> PRESETS = List.of(
            new String[] {"3*x*x*x + 4*x + 1 + x*z", "x=2 z=0"},
            new String[] {"x*z", "x=3 z=-4"},
            new String[] {"x*(z+a)", "x=2 z=1 a=1"},
            new String[] {"sin(2*x^3 + 4*x^2 + 3*x + 2)", "x=0.5"});
    private static final long LIVE_NANOS = 500_000_000L;

    private final Supplier<Reading> drawing;
    private final TrainingSession training;

    private final RadioButton formulaSource = new RadioButton("_Formula");
    private final RadioButton drawSource = new RadioButton("Network on the _drawing");
    private final RadioButton trainSource = new RadioButton("Network on the training _batch");
    private final TextField formula = new TextField(PRESETS.get(0)[0]);
    private final TextField values = new TextField(PRESETS.get(0)[1]);
    private final ComboBox<String> presets = new ComboBox<>();
    private final Label formulaError = new Label();
    private final HBox variableFields = new HBox(6);
    private List<String> fieldNames = List.of();
    private boolean syncing;
    private final ComboBox<ShownGraph.Target> target = new ComboBox<>();
    private final Label result = new Label();
    private final Label description = new Label();
    private final CheckBox edgeGradients = new CheckBox("Gradients on _edges");
    private final Label walkStatus = new Label();
    private final Button stepBackward = new Button("_Step backward");
    private final Button finishBackward = new Button("F_inish backward");
    private final NodeInspector inspector = new NodeInspector();

    private final Pane viewport = new Pane();
    private final Group content = new Group();
    private final javafx.scene.transform.Scale zoom = new javafx.scene.transform.Scale(1, 1, 0, 0);
    private final javafx.scene.transform.Translate pan = new javafx.scene.transform.Translate();
    private double dragX, dragY;

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "digitlab-graph");
        t.setDaemon(true);
        return t;
    });
    private final AnimationTimer live;
    private ShownGraph shown;
    private GraphPicture picture;
    private BackwardWalk walk;
    private Tensor inspected;
    private boolean batchRequested;
    private long building; // network graphs asked for, so that only the newest is shown

    public GraphView(Supplier<Reading> drawing, TrainingSession training) {
        this.drawing = drawing;
        this.training = training;
        setId("graphView");
        setPadding(new Insets(8));
        setTop(controls());
        setCenter(canvas());
        ScrollPane side = new ScrollPane(inspector);
        side.setFitToWidth(true);
        side.setPrefWidth(380);
        side.setMinWidth(300);
        setRight(side);
        setBottom(walkBar());
        showFormula();
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

        formula.setId("formula");
        formula.setPrefColumnCount(28);
        formula.setTooltip(new Tooltip("+ - * / ^, parentheses, and " + String.join(" ", Expression.functions())));
        formula.textProperty().addListener((o, a, b) -> showFormula());
        values.setId("values");
        values.setPrefColumnCount(14);
        values.setTooltip(new Tooltip("NAME=VALUE for each variable, separated by spaces"));
        values.textProperty().addListener((o, a, b) -> showFormula());
        presets.setId("presets");
        presets.setPromptText("Examples");
        for (String[] p : PRESETS) {
            presets.getItems().add(p[0]);
        }
        presets.setOnAction(e -> {
            int i = presets.getSelectionModel().getSelectedIndex();
            if (i >= 0) {
                values.setText(PRESETS.get(i)[1]);
                formula.setText(PRESETS.get(i)[0]);
            }
        });
        formulaError.setId("formulaError");
        formulaError.setStyle("-fx-text-fill: #c92a2a; -fx-font-family: monospace;");
        Label y = new Label("y =");
        Label v = new Label("_Values");
        v.setMnemonicParsing(true);
        v.setLabelFor(values);
        variableFields.setId("variables");
        variableFields.setAlignment(Pos.CENTER_LEFT);
        HBox formulaRow = new HBox(8, y, formula, v, values, variableFields, presets);
        formulaRow.setAlignment(Pos.CENTER_LEFT);
        formulaRow.visibleProperty().bind(formulaSource.selectedProperty());
        formulaRow.managedProperty().bind(formulaRow.visibleProperty());
        formulaError.visibleProperty().bind(formulaSource.selectedProperty());
        formulaError.managedProperty().bind(formulaError.visibleProperty());

        target.setId("target");
        for (int d = 0; d < 10; d++) {
            target.getItems().add(new ShownGraph.Target(false, d));
        }
        for (int d = 0; d < 10; d++) {
            target.getItems().add(new ShownGraph.Target(true, d));
        }
        target.setTooltip(new Tooltip("What backward differentiates: one digit's score, or the loss for a label"));
        target.setOnAction(e -> showDrawing());
        Label of = new Label("Gradient of");
        HBox drawRow = new HBox(8, of, target);
        drawRow.setAlignment(Pos.CENTER_LEFT);
        drawRow.visibleProperty().bind(drawSource.selectedProperty());
        drawRow.managedProperty().bind(drawRow.visibleProperty());

        result.setId("result");
        result.setStyle("-fx-font-family: monospace; -fx-font-size: 13px;");
        description.setId("graphDescription");
        description.setStyle("-fx-text-fill: #555;");
        edgeGradients.setId("edgeGradients");
        edgeGradients.setSelected(true);
        edgeGradients.setMnemonicParsing(true);
        edgeGradients.setTooltip(new Tooltip("Write on each edge the gradient it carries backwards"));
        edgeGradients.selectedProperty().addListener((o, a, b) -> redraw());
        Button fit = Controls.button("Fi_t", "fit", "Zoom to show the whole graph", this::fit);
        Button png = Controls.button("PN_G…", "exportGraphPng", "Save the graph as a picture", this::choosePng);
        Button dot = Controls.button("D_OT…", "exportDot", "Save the graph in Graphviz DOT (as grad --dot)", this::chooseDot);
        HBox sourceRow = new HBox(14, formulaSource, drawSource, trainSource, edgeGradients, fit, png, dot);
        sourceRow.setAlignment(Pos.CENTER_LEFT);
        HBox status = new HBox(16, result, description);
        VBox box = new VBox(6, sourceRow, formulaRow, formulaError, drawRow, status);
        box.setPadding(new Insets(0, 0, 8, 0));
        return box;
    }

    private Pane canvas() {
        content.getTransforms().addAll(pan, zoom);
        viewport.getChildren().add(content);
        viewport.setId("graphCanvas");
        viewport.setStyle("-fx-background-color: #fafafa; -fx-border-color: #ccc;");
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(viewport.widthProperty());
        clip.heightProperty().bind(viewport.heightProperty());
        viewport.setClip(clip);
        viewport.setMinSize(200, 200);
        viewport.setOnMousePressed(e -> {
            dragX = e.getX() - pan.getX();
            dragY = e.getY() - pan.getY();
        });
        viewport.setOnMouseDragged(e -> {
            if (e.getButton() == MouseButton.PRIMARY || e.getButton() == MouseButton.MIDDLE) {
                pan.setX(e.getX() - dragX);
                pan.setY(e.getY() - dragY);
            }
        });
        viewport.addEventHandler(ScrollEvent.SCROLL, e -> {
            double factor = e.getDeltaY() > 0 ? 1.15 : 1 / 1.15;
            zoomAt(factor, e.getX(), e.getY());
            e.consume();
        });
        HBox.setHgrow(viewport, Priority.ALWAYS);
        return viewport;
    }

    /** Zooms by {@code factor} keeping the point (x, y) of the viewport where it is. */
    void zoomAt(double factor, double x, double y) {
        double s = Math.max(0.05, Math.min(6, zoom.getX() * factor));
        double real = s / zoom.getX();
        pan.setX(x - (x - pan.getX()) * real);
        pan.setY(y - (y - pan.getY()) * real);
        zoom.setX(s);
        zoom.setY(s);
    }

    /** Scales and moves the graph so all of it shows. */
    public void fit() {
        if (picture == null || viewport.getWidth() <= 0) {
            return;
        }
        GraphLayout.Layout l = picture.placement();
        double s = Math.min(1.6, Math.min(viewport.getWidth() / l.totalWidth(), viewport.getHeight() / l.totalHeight()));
        zoom.setX(s);
        zoom.setY(s);
        pan.setX((viewport.getWidth() - l.totalWidth() * s) / 2);
        pan.setY((viewport.getHeight() - l.totalHeight() * s) / 2);
    }

    private HBox walkBar() {
        stepBackward.setId("stepBackward");
        stepBackward.setMnemonicParsing(true);
        stepBackward.setTooltip(new Tooltip("Backward one node at a time: the orange node pushes its gradient "
                + "into the blue ones, where uses add up"));
        stepBackward.setOnAction(e -> stepWalk());
        finishBackward.setId("finishBackward");
        finishBackward.setMnemonicParsing(true);
        finishBackward.setTooltip(new Tooltip("Take every step left"));
        finishBackward.setOnAction(e -> finishWalk());
        walkStatus.setId("walkStatus");
        walkStatus.setWrapText(true);
        HBox bar = new HBox(10, stepBackward, finishBackward, walkStatus);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8, 0, 0, 0));
        HBox.setHgrow(walkStatus, Priority.ALWAYS);
        return bar;
    }

    // ---------------------------------------------------------------- sources

    private void sourceChanged() {
        if (formulaSource.isSelected()) {
            showFormula();
        } else if (drawSource.isSelected()) {
            showDrawing();
        } else {
            description.setText("Waiting for a batch: start or step training in the Train view.");
            result.setText("");
            batchRequested = false;
            requestBatch();
        }
    }

    /** Parses and shows the formula; a syntax error is shown at its column and the last good graph stays. */
    void showFormula() {
        if (!formulaSource.isSelected()) {
            return;
        }
        Expression e;
        try {
            e = Expression.parse(formula.getText());
        } catch (ExpressionException ex) {
            formulaError.setText(" ".repeat(Math.max(0, ex.column() - 1)) + "^ column " + ex.column() + ": " + ex.problem());
            return;
        }
        Set<String> unset = new LinkedHashSet<>(e.variables().keySet());
        for (String pair : values.getText().trim().split("[\\s,]+")) {
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
                    formulaError.setText(nfe.getMessage());
                    return;
                }
            }
        }
        formulaError.setText(unset.isEmpty() ? "" : "no value given for " + String.join(", ", unset) + ": taken as 0");
        syncFields(e);
        ShownGraph g = ShownGraph.ofFormula(e);
        StringBuilder text = new StringBuilder("y = " + Format.number(e.output().item()));
        for (Map.Entry<String, Tensor> v : e.variables().entrySet()) {
            text.append("\ndy/d").append(v.getKey()).append(" = ").append(Format.number(v.getValue().gradItem()));
        }
        result.setText(text.toString());
        show(g);
    }

    /** One field per variable, kept in step with the Values text (which stays the one source of truth). */
    private void syncFields(Expression e) {
        List<String> names = List.copyOf(e.variables().keySet());
        syncing = true;
        try {
            if (!names.equals(fieldNames)) {
                fieldNames = names;
                variableFields.getChildren().clear();
                for (String name : names) {
                    TextField f = new TextField();
                    f.setId("var-" + name);
                    f.setPrefColumnCount(4);
                    f.setTooltip(new Tooltip("The value of " + name));
                    f.textProperty().addListener((o, a, b) -> fieldEdited());
                    variableFields.getChildren().addAll(new Label(name), f);
                }
            }
            for (int i = 0; i < names.size(); i++) {
                TextField f = (TextField) variableFields.getChildren().get(2 * i + 1);
                String now = Format.number(e.variables().get(names.get(i)).item());
                if (!f.isFocused() && !f.getText().equals(now)) {
                    f.setText(now);
                }
            }
        } finally {
            syncing = false;
        }
    }

    private void fieldEdited() {
        if (syncing) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < fieldNames.size(); i++) {
            String v = ((TextField) variableFields.getChildren().get(2 * i + 1)).getText().trim();
            text.append(i > 0 ? " " : "").append(fieldNames.get(i)).append('=').append(v);
        }
        values.setText(text.toString());
    }

    private void showDrawing() {
        if (!drawSource.isSelected()) {
            return;
        }
        Reading r = drawing.get();
        if (r == null || r.isBlank()) {
            description.setText("Draw a digit in the Draw view first.");
            result.setText("");
            return;
        }
        ShownGraph.Target t = target.getValue();
        if (t == null) {
            t = new ShownGraph.Target(false, r.best());
            target.setValue(t);
            return; // setValue calls back here
        }
        ShownGraph.Target chosen = t;
        float[] pixels = r.prepared().pixels().clone();
        var parameters = r.model().parameters();
        result.setText("read as " + r.best() + " (" + digitlab.app.widgets.Format.percent(r.probabilities()[r.best()]) + ")");
        build(() -> ShownGraph.ofImage(parameters, pixels, chosen));
    }

    private void requestBatch() {
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
        long ticket = ++building;
        worker.submit(() -> {
            ShownGraph g;
            try {
                g = make.get();
            } catch (RuntimeException ex) {
                Platform.runLater(() -> description.setText("Could not build the graph: " + ex.getMessage()));
                return;
            }
            Platform.runLater(() -> {
                if (ticket == building) {
                    show(g);
                }
            });
        });
    }

    // ---------------------------------------------------------------- showing

    private void show(ShownGraph g) {
        List<Tensor> before = shown == null ? List.of() : shown.nodes();
        boolean first = shown == null || shown.nodes().size() != g.nodes().size();
        shown = g;
        walk = null;
        walkStatus.setText("Step backward walks the nodes in reverse topological order, one at a time.");
        description.setText(g.description() + " · " + g.nodes().size() + " nodes");
        redraw();
        if (first) {
            Platform.runLater(this::fit);
        }
        Tensor again = inspected == null ? null : sameRole(before, inspected, g.nodes());
        if (again != null) {
            inspect(again);
        } else {
            inspector.clear();
            inspected = null;
        }
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
        return a.op().equals(b.op()) && java.util.Objects.equals(a.detail(), b.detail())
                && java.util.Objects.equals(a.name(), b.name()) && a.shape().equals(b.shape());
    }

    private void redraw() {
        if (shown == null) {
            return;
        }
        picture = new GraphPicture(shown.graph(), shown.carried(), edgeGradients.isSelected() && walk == null, this::inspect);
        content.getChildren().setAll(picture);
        if (walk != null) {
            picture.showGradients(walk::gradientSoFar);
        }
    }

    void inspect(Tensor t) {
        inspected = t;
        FMatrixRMaj grad = walk != null ? walk.gradientSoFar(t) : t.grad();
        String title = (t.isLeaf() ? t.name() : t.op()) + (t.isLeaf() ? " (leaf)" : "");
        inspector.show(title, t.value(), grad, NodeInspector.kindFor(t.name(), t.rows(), t.cols()));
    }

    // ---------------------------------------------------------------- the backward walk

    /** One step of backward (the first click starts a walk with every gradient reset). */
    public void stepWalk() {
        if (shown == null) {
            return;
        }
        if (walk == null || !walk.hasNext()) {
            walk = BackwardWalk.from(shown.output(), shown.seed());
            redraw();
            picture.highlight(shown.output(), List.of());
            walkStatus.setText("The output's gradient is the seed; nothing else has a gradient yet. "
                    + "Step to push it backwards.");
            return;
        }
        BackwardWalk.Step step = walk.step();
        picture.showGradients(walk::gradientSoFar);
        picture.highlight(step.node(), step.receivers());
        StringBuilder s = new StringBuilder(String.format(java.util.Locale.ROOT, "step %d of %d: %s", step.index() + 1,
                walk.order().size(), name(step.node())));
        if (step.receivers().isEmpty()) {
            s.append(step.node().isLeaf() ? " is a leaf: its gradient is final" : " pushes nothing (no input needs a gradient)");
        } else {
            s.append(" pushes its gradient to ");
            for (int i = 0; i < step.receivers().size(); i++) {
                FMatrixRMaj c = step.contributions().get(i);
                s.append(i > 0 ? ", " : "").append(name(step.receivers().get(i)));
                if (c.getNumElements() == 1) {
                    s.append(" (+").append(Format.number(c.get(0))).append(')');
                }
            }
        }
        if (!walk.hasNext()) {
            s.append(". Done: every node holds d(output)/d(node).");
        }
        walkStatus.setText(s.toString());
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
    }

    private static String name(Tensor t) {
        return t.isLeaf() ? t.name() : t.op() + "#" + t.id();
    }

    // ---------------------------------------------------------------- export

    private void choosePng() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the graph as PNG");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
        chooser.setInitialFileName("graph.png");
        java.io.File f = chooser.showSaveDialog(getScene().getWindow());
        if (f != null) {
            exportPng(f.toPath());
        }
    }

    private void chooseDot() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the graph as Graphviz DOT");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("DOT", "*.dot", "*.gv"));
        chooser.setInitialFileName("graph.dot");
        java.io.File f = chooser.showSaveDialog(getScene().getWindow());
        if (f != null) {
            exportDot(f.toPath());
        }
    }

    /** Writes the whole graph at full size as a picture (the snapshot is taken now, the file written in the background). */
    public void exportPng(Path file) {
        if (picture == null) {
            return;
        }
        javafx.scene.image.WritableImage image = picture.snapshot(null, null);
        worker.submit(() -> report(file, () -> Exports.writePng(image, file)));
    }

    /** Writes the graph in Graphviz DOT, as {@code grad --dot} does. */
    public void exportDot(Path file) {
        if (shown == null) {
            return;
        }
        String dot = shown.graph().toDot();
        worker.submit(() -> report(file, () -> Exports.writeTextAtomically(file, dot)));
    }

    private interface Write {
        void run() throws java.io.IOException;
    }

    private void report(Path file, Write w) {
        String text;
        try {
            w.run();
            text = "Saved " + file + ".";
        } catch (java.io.IOException | RuntimeException e) {
            text = "Could not save " + file + ": " + e.getMessage();
        }
        String t = text;
        Platform.runLater(() -> walkStatus.setText(t));
    }

    /** The graph now shown (for tests). */
    ShownGraph shown() {
        return shown;
    }

    GraphPicture picture() {
        return picture;
    }

    public void close() {
        live.stop();
        worker.shutdownNow();
    }
}
