package digitlab.app.draw;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

import digitlab.app.shared.AppState;
import digitlab.app.shared.BackgroundTasks;
import digitlab.app.shared.FileDialogs;
import digitlab.app.shared.FileDialogs.Kind;
import digitlab.app.widgets.Controls;
import digitlab.image.ImageFiles;
import digitlab.image.InkImage;
import digitlab.model.Model;

/**
 * The Draw view: a canvas to draw a digit on, the network's live answer with all ten probabilities,
 * the 28×28 image it actually received, and a heatmap of why (the gradient of a chosen digit's score
 * with respect to each pixel). Drawing happens here; reading happens on the {@link Reader}'s thread;
 * which model reads is the {@link ModelCatalogue}'s business, which this view only mirrors.
 *
 * <p>It shares with the other views through {@link AppState}: it publishes each digit it reads as
 * {@code lastDrawing}, and takes up a model in {@code offeredModel} and a picture in {@code pictureToDraw}.
 */
public final class DrawView extends BorderPane {
    /** The smallest canvas side, in logical pixels. */
    public static final double MIN_SIDE = 280;
    /** The pen's default width, as a share of the canvas side (21 px on the smallest canvas). */
    public static final double DEFAULT_PEN = 0.075;
    /** Where models to choose from are looked for, relative to the working folder. */
    private static final Path MODELS = Path.of("models");

    private final ToggleButton eraser = new ToggleButton("_Eraser");
    private final Slider pen = new Slider(0.03, 0.15, DEFAULT_PEN);
    private final DrawingCanvas canvas = new DrawingCanvas(pen::getValue, eraser::isSelected, this::submit);
    private final AnswerPanel answer = new AnswerPanel(this::chooseModel, this::submit);
    private final Label status = new Label();
    private final BackgroundTasks files = new BackgroundTasks("digitlab-draw-files");
    private final ModelCatalogue catalogue = new ModelCatalogue(files::run, status::setText);
    private final Reader reader = new Reader(Platform::runLater, this::show);
    private final AppState state;
    private Reading lastReading;

    /** A Draw view on its own, reading with the shipped model. */
    public DrawView() {
        this(new AppState(), null);
    }

    /**
     * @param state          what the views share
     * @param preferredModel a model file to read with once the shipped one is loaded (null: the shipped one)
     */
    public DrawView(AppState state, Path preferredModel) {
        this.state = state;
        setId("drawView");
        setPadding(new Insets(12));
        setCenter(canvasColumn());
        setRight(answer);
        status.setId("status");
        status.setWrapText(true);
        status.setPadding(new Insets(8, 0, 0, 0));
        setBottom(status);
        followCatalogue();
        state.offeredModel.listen(model -> {
            if (model != null) {
                offerTrained(model);
                state.offeredModel.set(null); // taken up: the same model offered again counts again
            }
        });
        state.pictureToDraw.listen(p -> {
            if (p != null) {
                showPicture(p.picture(), p.description());
                state.pictureToDraw.set(null);
            }
        });
        catalogue.start(MODELS, preferredModel);
        show(null);
    }

    private VBox canvasColumn() {
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
        Button save = Controls.button("_Save PNG…", "saveImage", "Save the drawing as a PNG, dark ink on white",
                this::chooseSaveImage);
        HBox tools = new HBox(8, clear, undo, eraser, penLabel, pen, open, save);
        tools.setAlignment(Pos.CENTER_LEFT);
        tools.setPadding(new Insets(8, 0, 0, 0));

        VBox column = new VBox(canvas, tools);
        VBox.setVgrow(canvas, Priority.ALWAYS);
        HBox.setHgrow(column, Priority.ALWAYS);
        return column;
    }

    /** The model list shows the catalogue's entries and choice; a new model reads the drawing afresh. */
    private void followCatalogue() {
        ComboBox<ModelCatalogue.Entry> list = answer.modelChoice();
        catalogue.entries().listen(entries -> {
            list.getItems().setAll(entries);
            list.getSelectionModel().select(catalogue.choice().get());
        });
        catalogue.choice().listen(list::setValue);
        catalogue.selected().listen(entry -> {
            show(null);
            submit();
        });
        Label info = answer.modelInfo();
        info.setText(catalogue.info().get());
        catalogue.info().listen(info::setText);
        // the catalogue ignores a pick of what is already chosen, so the list's own changes need no guard
        list.valueProperty().addListener((o, before, after) -> catalogue.choose(after));
    }

    // ---------------------------------------------------------------- drawing

    /** Removes everything from the canvas. */
    public void clear() {
        canvas.clear();
    }

    /** Removes the last stroke (or the opened picture). */
    public void undo() {
        canvas.undo();
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

    /** The drawing (JavaFX thread only). */
    public Drawing drawing() {
        return canvas.drawing();
    }

    // ---------------------------------------------------------------- reading

    private void submit() {
        Model model = catalogue.model();
        if (model != null) {
            reader.submit(new Reader.Request(canvas.drawing().snapshot(), model, answer.whyClass()));
        }
    }

    private void show(Reading r) {
        if (!AnswerText.worthShowing(r, canvas.drawing())) {
            return;
        }
        lastReading = r;
        answer.show(AnswerText.of(r, catalogue.model() != null), r);
        state.lastDrawing.set(r == null ? null : r.digit());
    }

    /** The last answer shown (null before the first). */
    public Reading lastReading() {
        return lastReading;
    }

    // ---------------------------------------------------------------- models

    /** The model reading the drawing (null while the shipped one loads). */
    public Model model() {
        return catalogue.model();
    }

    /**
     * Reads with the model in {@code file}; on failure says why and keeps the current model. Completes
     * (on the JavaFX thread) with whether the model is now in use.
     */
    public CompletableFuture<Boolean> openModel(Path file) {
        return catalogue.open(file);
    }

    /**
     * A model trained in this session (by the Train view): listed as "just trained" and used at once,
     * replacing the previous one of that kind.
     */
    public void offerTrained(Model trained) {
        catalogue.offerTrained(trained);
    }

    /** The file of the model in use, or null for the shipped one or one just trained. */
    public Path modelFile() {
        return catalogue.modelFile();
    }

    /** The models on offer. */
    public List<ModelCatalogue.Entry> modelChoices() {
        return catalogue.entries().get();
    }

    // ---------------------------------------------------------------- files

    private Window window() {
        return getScene().getWindow();
    }

    private void chooseImage() {
        FileDialogs.startIn(Kind.PICTURE, Path.of("").toAbsolutePath());
        FileDialogs.open(window(), "Open a picture of a digit", Kind.PICTURE).ifPresent(this::openImage);
    }

    private void chooseSaveImage() {
        FileDialogs.startIn(Kind.PNG, Path.of("").toAbsolutePath());
        FileDialogs.save(window(), "Save the drawing as PNG", Kind.PNG, "digit.png")
                .map(file -> FileDialogs.withExtension(file, ".png")).ifPresent(this::saveImage);
    }

    private void chooseModel() {
        FileDialogs.startIn(Kind.MODEL, MODELS.toAbsolutePath());
        FileDialogs.open(window(), "Read digits with a model file", Kind.MODEL).ifPresent(this::openModel);
    }

    /**
     * Reads a picture into the canvas (replacing the drawing) in the background. On failure the drawing
     * stays as it was and the reason is shown. Completes on the JavaFX thread with whether it worked.
     */
    public CompletableFuture<Boolean> openImage(Path file) {
        status.setText(DrawStatus.reading(file));
        return files.run(() -> ImageFiles.read(file), (InkImage ink, Throwable failure) -> {
            if (failure != null) {
                status.setText(DrawStatus.reason(failure));
                return;
            }
            canvas.setPicture(ink);
            status.setText(DrawStatus.opened(file, ink.width(), ink.height()));
        }).handle((ink, failure) -> failure == null);
    }

    /** Puts {@code picture} (ink 0..1, e.g. a test digit) on the canvas in place of the drawing. */
    public void showPicture(InkImage picture, String description) {
        canvas.setPicture(picture);
        status.setText(description);
    }

    /** Saves the drawing as it looks (dark on white, canvas-sized) to {@code file}, written atomically. */
    public CompletableFuture<Boolean> saveImage(Path file) {
        Drawing.Snapshot snapshot = canvas.drawing().snapshot();
        int side = (int) Math.round(canvas.side());
        return files.run(() -> {
            ImageFiles.write(file, Drawing.rasterize(snapshot, side, 1));
            return Boolean.TRUE;
        }, (ok, failure) -> status.setText(failure == null ? DrawStatus.saved(file)
                : DrawStatus.couldNotSave(file, failure))).handle((ok, failure) -> failure == null);
    }

    /** Stops the reading and file threads. */
    public void close() {
        reader.close();
        files.close();
    }
}
