package digitlab.app.draw;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.stage.FileChooser;

import digitlab.app.widgets.Controls;
import digitlab.app.widgets.Format;
import digitlab.app.widgets.Heatmaps;
import digitlab.app.widgets.ProbabilityBars;
import digitlab.image.ImageFiles;
import digitlab.image.InkImage;
import digitlab.image.MnistPreparation;
import digitlab.model.Model;
import digitlab.model.ModelFile;

/**
 * The Draw view: a canvas to draw a digit on, the network's live answer with all ten probabilities,
 * the 28×28 image it actually received, and a heatmap of why (the gradient of a chosen digit's score
 * with respect to each pixel). Drawing happens here; reading happens on the {@link Reader}'s thread.
 */
public final class DrawView extends BorderPane {
    /** The smallest canvas side, in logical pixels. */
    public static final double MIN_SIDE = 280;
    /** The pen's default width, as a share of the canvas side (21 px on the smallest canvas). */
    public static final double DEFAULT_PEN = 0.075;
    private static final Color PAPER = Color.WHITE, INK = Color.web("#111111");
    private static final int PREVIEW = 150;
    private static final String WHY_PREDICTED = "the predicted digit";

    /** A model the person can choose: loaded, or a file loaded when chosen. */
    public record ModelEntry(String label, Model model, Path file) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final Drawing drawing = new Drawing();
    private final Canvas canvas = new Canvas(MIN_SIDE, MIN_SIDE);
    private final Pane canvasHolder = new Pane(canvas);
    private final ToggleButton eraser = new ToggleButton("_Eraser");
    private final Slider pen = new Slider(0.03, 0.15, DEFAULT_PEN);
    private final Label prediction = new Label();
    private final Label confidence = new Label();
    private final ProbabilityBars bars = new ProbabilityBars(10);
    private final ImageView networkInput = new ImageView();
    private final ImageView saliency = new ImageView();
    private final Label whyTitle = new Label();
    private final ComboBox<String> why = new ComboBox<>();
    private final ComboBox<ModelEntry> modelChoice = new ComboBox<>();
    private final Label modelInfo = new Label("loading the shipped model…");
    private final Label status = new Label();
    private final Label timing = new Label();
    private final Reader reader;
    private final ExecutorService files = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "digitlab-draw-files");
        t.setDaemon(true);
        return t;
    });
    private Model model;
    private ModelEntry modelEntry;
    private ModelEntry trainedEntry;
    private boolean choosingModel;
    private Reading lastReading;
    private Path folder = Path.of("").toAbsolutePath();
    private final Path preferredModel;

    public DrawView() {
        this(null);
    }

    /** @param preferredModel a model file to read with once the shipped one is loaded (null: the shipped one) */
    public DrawView(Path preferredModel) {
        this.preferredModel = preferredModel;
        setId("drawView");
        reader = new Reader(Platform::runLater, this::show);
        setPadding(new Insets(12));
        setCenter(canvasColumn());
        setRight(answerColumn());
        status.setId("status");
        status.setWrapText(true);
        status.setPadding(new Insets(8, 0, 0, 0));
        setBottom(status);
        loadModels();
        show(null);
    }

    // ---------------------------------------------------------------- layout

    private VBox canvasColumn() {
        canvas.setId("canvas");
        canvas.setFocusTraversable(true);
        canvas.setCursor(javafx.scene.Cursor.CROSSHAIR);
        Tooltip.install(canvas, new Tooltip("Draw a digit with the left button; the right button erases.\n"
                + "Esc or Delete clears, Ctrl+Z undoes the last stroke."));
        canvasHolder.setMinSize(MIN_SIDE, MIN_SIDE);
        canvasHolder.setPrefSize(440, 440);
        canvasHolder.widthProperty().addListener((o, a, b) -> resizeCanvas());
        canvasHolder.heightProperty().addListener((o, a, b) -> resizeCanvas());
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::press);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::drag);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::release);

        Button clear = Controls.button("_Clear", "clear", "Remove everything (Esc or Delete)", this::clear);
        Button undo = Controls.button("_Undo", "undo", "Remove the last stroke (Ctrl+Z)", this::undo);
        eraser.setId("eraser");
        eraser.setTooltip(new Tooltip("Erase with the left button too (the right button always erases)"));
        pen.setId("pen");
        pen.setPrefWidth(90);
        pen.setTooltip(new Tooltip("Pen width. The network gets lines as thick as MNIST's whatever the pen: "
                + "see the 28×28 image"));
        Label penLabel = new Label("_Pen");
        penLabel.setMnemonicParsing(true);
        penLabel.setLabelFor(pen);
        Button open = Controls.button("_Open image…", "openImage", "Read a PNG or JPEG picture of a digit into the canvas "
                + "(dark on light or light on dark)", this::chooseImage);
        Button save = Controls.button("_Save PNG…", "saveImage", "Save the drawing as a PNG, dark ink on white", this::chooseSaveImage);
        HBox tools = new HBox(8, clear, undo, eraser, penLabel, pen, open, save);
        tools.setAlignment(Pos.CENTER_LEFT);
        tools.setPadding(new Insets(8, 0, 0, 0));

        VBox column = new VBox(canvasHolder, tools);
        VBox.setVgrow(canvasHolder, Priority.ALWAYS);
        HBox.setHgrow(column, Priority.ALWAYS);
        return column;
    }

    private VBox answerColumn() {
        modelChoice.setId("modelChoice");
        modelChoice.setTooltip(new Tooltip("The network that reads the drawing"));
        modelChoice.valueProperty().addListener((o, before, after) -> {
            if (!choosingModel && after != null && after != modelEntry) {
                choose(after, before);
            }
        });
        modelChoice.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(modelChoice, Priority.ALWAYS);
        Button openModel = Controls.button("_Model file…", "openModel", "Read the digits with a model file (.json)", this::chooseModel);
        Label modelLabel = new Label("Model");
        HBox models = new HBox(8, modelLabel, modelChoice, openModel);
        models.setAlignment(Pos.CENTER_LEFT);
        modelInfo.setId("modelInfo");
        modelInfo.setStyle("-fx-text-fill: #555;");

        prediction.setId("prediction");
        prediction.setMinHeight(96);
        prediction.setMinWidth(Region.USE_PREF_SIZE);
        confidence.setId("confidence");
        confidence.setStyle("-fx-font-size: 15px;");
        confidence.setWrapText(true);
        VBox says = new VBox(4, confidence, timing);
        says.setAlignment(Pos.CENTER_LEFT);
        HBox answer = new HBox(16, prediction, says);
        answer.setAlignment(Pos.CENTER_LEFT);
        bars.setId("bars");

        networkInput.setId("networkInput");
        saliency.setId("saliency");
        for (ImageView v : new ImageView[] {networkInput, saliency}) {
            v.setFitWidth(PREVIEW);
            v.setFitHeight(PREVIEW);
            v.setSmooth(false);
        }
        Label seesTitle = new Label("What the network gets: 28×28");
        seesTitle.setWrapText(true);
        seesTitle.setMaxWidth(PREVIEW);
        whyTitle.setId("whyTitle");
        whyTitle.setWrapText(true);
        whyTitle.setMaxWidth(PREVIEW);
        VBox sees = new VBox(4, seesTitle, Controls.framed(networkInput, "black"));
        VBox because = new VBox(4, whyTitle, Controls.framed(saliency, "black"), legend());
        HBox images = new HBox(16, sees, because);
        for (Region r : new Region[] {sees, because, images}) {
            r.setMinHeight(Region.USE_PREF_SIZE);
        }

        why.setId("why");
        why.getItems().add(WHY_PREDICTED);
        for (int c = 0; c < 10; c++) {
            why.getItems().add(Integer.toString(c));
        }
        why.setValue(WHY_PREDICTED);
        why.setTooltip(new Tooltip("Which digit's score the heatmap explains: pick another to ask \"why not a 4?\""));
        why.valueProperty().addListener((o, a, b) -> submit());
        Label whyLabel = new Label("E_xplain");
        whyLabel.setMnemonicParsing(true);
        whyLabel.setLabelFor(why);
        HBox whyRow = new HBox(8, whyLabel, why);
        whyRow.setAlignment(Pos.CENTER_LEFT);

        timing.setId("timing");
        timing.setStyle("-fx-text-fill: #777; -fx-font-size: 11px;");
        VBox column = new VBox(8, models, modelInfo, answer, bars, images, whyRow);
        column.setPadding(new Insets(0, 0, 0, 16));
        column.setPrefWidth(400);
        column.setMinWidth(360);
        return column;
    }

    private static VBox legend() {
        ImageView scale = new ImageView(Heatmaps.signedLegend(PREVIEW, 10));
        Label ends = new Label("lowers      0      raises");
        ends.setStyle("-fx-font-size: 10px; -fx-text-fill: #555;");
        ends.setMaxWidth(PREVIEW);
        ends.setAlignment(Pos.CENTER);
        return new VBox(1, scale, ends);
    }

    // ---------------------------------------------------------------- drawing

    private double side() {
        return canvas.getWidth();
    }

    private void resizeCanvas() {
        double s = Math.max(MIN_SIDE, Math.floor(Math.min(canvasHolder.getWidth(), canvasHolder.getHeight())));
        if (s != canvas.getWidth()) {
            canvas.setWidth(s);
            canvas.setHeight(s);
            repaint();
        }
        canvas.setLayoutX(Math.max(0, Math.floor((canvasHolder.getWidth() - s) / 2)));
    }

    private boolean erasing(MouseEvent e) {
        return e.getButton() == MouseButton.SECONDARY || eraser.isSelected();
    }

    private void press(MouseEvent e) {
        canvas.requestFocus();
        if (e.getButton() != MouseButton.PRIMARY && e.getButton() != MouseButton.SECONDARY) {
            return;
        }
        drawing.begin(e.getX() / side(), e.getY() / side(), pen.getValue(), erasing(e));
        List<Drawing.Stroke> strokes = drawing.strokes();
        paint(canvas.getGraphicsContext2D(), strokes.get(strokes.size() - 1));
        submit();
    }

    private void drag(MouseEvent e) {
        List<Drawing.Stroke> before = drawing.strokes();
        if (before.isEmpty()) {
            return;
        }
        Drawing.Stroke stroke = before.get(before.size() - 1);
        Drawing.Point last = stroke.points().get(stroke.points().size() - 1);
        drawing.extend(e.getX() / side(), e.getY() / side());
        // only the new segment is painted: the canvas keeps what is already there
        paintSegment(canvas.getGraphicsContext2D(), last, new Drawing.Point(e.getX() / side(), e.getY() / side()),
                stroke.width(), stroke.erase());
        submit();
    }

    private void release(MouseEvent e) {
        drawing.end();
        submit();
    }

    /** Removes everything from the canvas. */
    public void clear() {
        drawing.clear();
        repaint();
        submit();
    }

    /** Removes the last stroke (or the opened picture). */
    public void undo() {
        if (drawing.undo()) {
            repaint();
            submit();
        }
    }

    /** Esc / Delete: clear; Ctrl+Z (⌘Z): undo. Whether the key was one of these. */
    public boolean shortcut(KeyEvent e) {
        if (e.getCode() == KeyCode.ESCAPE || e.getCode() == KeyCode.DELETE) {
            clear();
            return true;
        }
        if (e.getCode() == KeyCode.Z && e.isShortcutDown() && !e.isShiftDown()) {
            undo();
            return true;
        }
        return false;
    }

    private void repaint() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(PAPER);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        InkImage picture = drawing.picture();
        if (picture != null) {
            double scale = side() / Math.max(picture.width(), picture.height());
            double w = picture.width() * scale, h = picture.height() * scale;
            g.setImageSmoothing(true);
            g.drawImage(Heatmaps.paper(picture.ink(), picture.width(), picture.height()),
                    (side() - w) / 2, (side() - h) / 2, w, h);
        }
        for (Drawing.Stroke s : drawing.strokes()) {
            paint(g, s);
        }
    }

    private void paint(GraphicsContext g, Drawing.Stroke s) {
        List<Drawing.Point> p = s.points();
        if (p.size() == 1) {
            paintSegment(g, p.get(0), p.get(0), s.width(), s.erase());
            return;
        }
        g.setStroke(s.erase() ? PAPER : INK);
        g.setLineWidth(s.width() * side());
        g.setLineCap(StrokeLineCap.ROUND);
        g.setLineJoin(StrokeLineJoin.ROUND);
        g.beginPath();
        g.moveTo(p.get(0).x() * side(), p.get(0).y() * side());
        for (int i = 1; i < p.size(); i++) {
            g.lineTo(p.get(i).x() * side(), p.get(i).y() * side());
        }
        g.stroke();
    }

    private void paintSegment(GraphicsContext g, Drawing.Point a, Drawing.Point b, double width, boolean erase) {
        g.setStroke(erase ? PAPER : INK);
        g.setFill(erase ? PAPER : INK);
        g.setLineWidth(width * side());
        g.setLineCap(StrokeLineCap.ROUND);
        if (a.equals(b)) {
            double r = width * side() / 2;
            g.fillOval(a.x() * side() - r, a.y() * side() - r, 2 * r, 2 * r);
        } else {
            g.strokeLine(a.x() * side(), a.y() * side(), b.x() * side(), b.y() * side());
        }
    }

    // ---------------------------------------------------------------- reading

    private void submit() {
        if (model == null) {
            return;
        }
        String w = why.getValue();
        int whyClass = w == null || w.equals(WHY_PREDICTED) ? -1 : Integer.parseInt(w);
        reader.submit(new Reader.Request(drawing.snapshot(), model, whyClass));
    }

    private void show(Reading r) {
        if (r != null && r.version() != drawing.version()) {
            // an answer for an older drawing is still worth showing while the newest is being read,
            // but a blank answer for a drawing that has ink since would flash the prompt
            if (r.isBlank() && !drawing.snapshot().isBlank()) {
                return;
            }
        }
        lastReading = r;
        if (r == null || r.isBlank()) {
            prediction.setText(model == null ? "…" : "Draw a digit");
            prediction.setStyle("-fx-font-size: 30px; -fx-text-fill: #888;");
            confidence.setText(model == null ? "" : "The network's answer appears as you draw.");
            bars.show(null, -1);
            networkInput.setImage(Heatmaps.ink(new float[784], 28, 28));
            saliency.setImage(Heatmaps.signed(new float[784], null, 28, 28));
            whyTitle.setText("Why: draw something first");
            timing.setText("");
            return;
        }
        prediction.setText(Integer.toString(r.best()));
        prediction.setStyle("-fx-font-size: 80px; -fx-font-weight: bold; -fx-text-fill: #d9480f;");
        confidence.setText(Format.percent(r.probabilities()[r.best()]) + " sure it is a " + r.best());
        bars.show(r.probabilities(), r.best());
        float[] pixels = r.prepared().pixels();
        networkInput.setImage(Heatmaps.ink(pixels, MnistPreparation.SIDE, MnistPreparation.SIDE));
        saliency.setImage(Heatmaps.signed(r.saliency(), pixels, MnistPreparation.SIDE, MnistPreparation.SIDE));
        whyTitle.setText((r.why() == r.best() ? "Why " + r.why() : "Why not " + r.why())
                + ": ∂score(" + r.why() + ")/∂pixel");
        timing.setText(String.format(Locale.ROOT, "ink → answer + gradient in %.2f ms", r.micros() / 1e3));
    }

    /** The last answer shown (null before the first). For tests and the Graph view. */
    public Reading lastReading() {
        return lastReading;
    }

    /** The drawing (JavaFX thread only). */
    public Drawing drawing() {
        return drawing;
    }

    /** The model reading the drawing (null while the shipped one loads). */
    public Model model() {
        return model;
    }

    // ---------------------------------------------------------------- models

    private void loadModels() {
        files.submit(() -> {
            List<ModelEntry> entries = new ArrayList<>();
            String problem = null;
            try {
                Model shipped = ModelFile.loadBundled();
                entries.add(new ModelEntry(shipped.name() + " (shipped)", shipped, null));
            } catch (IOException | RuntimeException e) {
                problem = "The shipped model could not be read: " + e.getMessage();
            }
            Path models = Path.of("models");
            if (Files.isDirectory(models)) {
                try (DirectoryStream<Path> list = Files.newDirectoryStream(models, "*.json")) {
                    for (Path file : list) {
                        entries.add(new ModelEntry("models/" + file.getFileName(), null, file));
                    }
                } catch (IOException | RuntimeException e) {
                    // a folder we cannot list only means fewer choices
                }
            }
            String message = problem;
            Platform.runLater(() -> {
                choosingModel = true;
                modelChoice.getItems().addAll(entries);
                choosingModel = false;
                if (!entries.isEmpty() && entries.get(0).model() != null) {
                    use(entries.get(0));
                    if (preferredModel != null) {
                        openModel(preferredModel).thenAccept(ok -> {
                            if (!ok) {
                                status.setText("The model used last time could not be read (" + status.getText()
                                        + "); reading with the shipped one.");
                            }
                        });
                    }
                } else if (message != null) {
                    modelInfo.setText("no model");
                    status.setText(message);
                }
            });
        });
    }

    private void use(ModelEntry entry) {
        model = entry.model();
        modelEntry = entry;
        choosingModel = true;
        modelChoice.setValue(entry);
        choosingModel = false;
        Double accuracy = model.provenance().testAccuracy();
        modelInfo.setText(model.name() + " · " + (accuracy == null ? "test accuracy unknown"
                : Format.percent(accuracy) + " of the 10,000 test images right"));
        show(null);
        submit();
    }

    /** A model chosen in the list: used at once if loaded, else read in the background. */
    private void choose(ModelEntry entry, ModelEntry before) {
        if (entry.model() != null) {
            use(entry);
            return;
        }
        status.setText("Reading " + entry.file() + "…");
        loadModel(entry.file()).whenComplete((m, failure) -> Platform.runLater(() -> {
            if (failure == null) {
                ModelEntry loaded = new ModelEntry(entry.label(), m, entry.file());
                choosingModel = true;
                int at = modelChoice.getItems().indexOf(entry);
                if (at >= 0) {
                    modelChoice.getItems().set(at, loaded);
                }
                choosingModel = false;
                status.setText("");
                use(loaded);
            } else {
                status.setText(reason(failure));
                choosingModel = true;
                modelChoice.setValue(modelEntry != null ? modelEntry : before);
                choosingModel = false;
            }
        }));
    }

    /** Reads and checks a model file on the files thread; the Draw view needs 784 inputs and 10 classes. */
    private CompletableFuture<Model> loadModel(Path file) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Model m = ModelFile.load(file);
                int inputs = m.parameters().inputs(), outputs = m.parameters().outputs();
                if (inputs != 784 || outputs != 10) {
                    throw new IllegalArgumentException(file + ": this model takes " + inputs + " inputs and gives "
                            + outputs + " classes; the Draw view needs 784 inputs (28×28) and 10 digits");
                }
                return m;
            } catch (IOException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, files);
    }

    /**
     * Reads with the model in {@code file}; on failure says why and keeps the current model. Completes
     * (on the JavaFX thread) with whether the model is now in use.
     */
    public CompletableFuture<Boolean> openModel(Path file) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        status.setText("Reading " + file + "…");
        loadModel(file).whenComplete((m, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                status.setText(reason(failure));
                done.complete(false);
                return;
            }
            ModelEntry entry = new ModelEntry(file.getFileName().toString(), m, file);
            choosingModel = true;
            modelChoice.getItems().add(entry);
            choosingModel = false;
            status.setText("");
            use(entry);
            done.complete(true);
        }));
        return done;
    }

    /**
     * A model trained in this session (by the Train view): listed as "just trained" and used at once,
     * replacing the previous one of that kind.
     */
    public void offerTrained(Model trained) {
        ModelEntry entry = new ModelEntry(trained.name() + " (just trained)", trained, null);
        choosingModel = true;
        if (trainedEntry != null) {
            modelChoice.getItems().remove(trainedEntry);
        }
        modelChoice.getItems().add(entry);
        trainedEntry = entry;
        choosingModel = false;
        use(entry);
    }

    /** The file of the model in use, or null for the shipped one or one just trained. */
    public Path modelFile() {
        return modelEntry == null ? null : modelEntry.file();
    }

    /** The models on offer (JavaFX thread). */
    public List<ModelEntry> modelChoices() {
        return List.copyOf(modelChoice.getItems());
    }

    // ---------------------------------------------------------------- files

    private void chooseImage() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Open a picture of a digit");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Pictures (PNG, JPEG)", "*.png", "*.jpg", "*.jpeg"),
                new FileChooser.ExtensionFilter("All files", "*"));
        chooser.setInitialDirectory(folder.toFile().isDirectory() ? folder.toFile() : null);
        java.io.File file = chooser.showOpenDialog(getScene().getWindow());
        if (file != null) {
            folder = file.toPath().toAbsolutePath().getParent();
            openImage(file.toPath());
        }
    }

    private void chooseSaveImage() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the drawing as PNG");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
        chooser.setInitialDirectory(folder.toFile().isDirectory() ? folder.toFile() : null);
        chooser.setInitialFileName("digit.png");
        java.io.File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            folder = file.toPath().toAbsolutePath().getParent();
            Path path = file.toPath();
            if (!path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
                path = path.resolveSibling(path.getFileName() + ".png");
            }
            saveImage(path);
        }
    }

    private void chooseModel() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Read digits with a model file");
        chooser.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("DigitLab models (*.json)", "*.json"),
                new FileChooser.ExtensionFilter("All files", "*"));
        Path models = Path.of("models").toAbsolutePath();
        chooser.setInitialDirectory(Files.isDirectory(models) ? models.toFile() : null);
        java.io.File file = chooser.showOpenDialog(getScene().getWindow());
        if (file != null) {
            openModel(file.toPath());
        }
    }

    /**
     * Reads a picture into the canvas (replacing the drawing) on the files thread. On failure the
     * drawing stays as it was and the reason is shown. Completes on the JavaFX thread with whether it worked.
     */
    public CompletableFuture<Boolean> openImage(Path file) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        status.setText("Reading " + file + "…");
        files.submit(() -> {
            try {
                InkImage ink = ImageFiles.read(file);
                Platform.runLater(() -> {
                    drawing.setPicture(ink);
                    repaint();
                    submit();
                    status.setText("Opened " + file.getFileName() + " (" + ink.width() + "×" + ink.height() + ")");
                    done.complete(true);
                });
            } catch (IOException | RuntimeException e) {
                Platform.runLater(() -> {
                    status.setText(reason(e));
                    done.complete(false);
                });
            }
        });
        return done;
    }

    /** Puts {@code picture} (ink 0..1, e.g. a test digit) on the canvas in place of the drawing. */
    public void showPicture(InkImage picture, String description) {
        drawing.setPicture(picture);
        repaint();
        submit();
        status.setText(description);
    }

    /** Saves the drawing as it looks (dark on white, canvas-sized) to {@code file}, written atomically. */
    public CompletableFuture<Boolean> saveImage(Path file) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        Drawing.Snapshot snapshot = drawing.snapshot();
        int side = (int) Math.round(side());
        files.submit(() -> {
            try {
                ImageFiles.write(file, Drawing.rasterize(snapshot, side, 1));
                Platform.runLater(() -> {
                    status.setText("Saved the drawing to " + file);
                    done.complete(true);
                });
            } catch (IOException | RuntimeException e) {
                Platform.runLater(() -> {
                    status.setText("Could not save " + file + ": " + e.getMessage());
                    done.complete(false);
                });
            }
        });
        return done;
    }

    private static String reason(Throwable failure) {
        Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** Stops the reading and file threads. */
    public void close() {
        reader.close();
        files.shutdownNow();
    }
}
