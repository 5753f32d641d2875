package digitlab.app.draw;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.stage.Window;
import javafx.util.Duration;

import digitlab.app.mine.KeepBar;
import digitlab.app.shared.AppState;
import digitlab.app.shared.BackgroundTasks;
import digitlab.app.shared.FileDialogs;
import digitlab.app.shared.FileDialogs.Kind;
import digitlab.app.widgets.Controls;
import digitlab.data.MyDigits;
import digitlab.image.ImageFiles;
import digitlab.image.InkImage;
import digitlab.model.Model;

/**
 * The Draw view: a canvas to draw a digit on, the network's live answer with all ten probabilities,
 * the 28×28 image it actually received, and a heatmap of why (the gradient of a chosen digit's score
 * with respect to each pixel); for a network with convolution layers, their feature maps under the canvas. Drawing happens here; reading happens on the {@link Reader}'s thread;
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
    /** The width a vertical scroll bar takes, with a little air. */
    private static final double SCROLL_BAR = 18;
    /** Where models to choose from are looked for, relative to the working folder. */
    private static final Path MODELS = Path.of("models");

    private final ToggleButton eraser = new ToggleButton("_Eraser");
    private final Slider pen = new Slider(0.03, 0.15, DEFAULT_PEN);
    private final DrawingCanvas canvas = new DrawingCanvas(pen::getValue, eraser::isSelected, this::drawingChanged);
    private final AnswerPanel answer = new AnswerPanel(this::chooseModel, this::submit);
    private final FeatureMapsPane maps = new FeatureMapsPane(this::mapsToggled);
    private final HiddenUnitsPane units = new HiddenUnitsPane(this::mapsToggled);
    private CanvasColumn column;
    private final Label statusLine = new Label();
    private final DrawStatus status = new DrawStatus(statusLine::setText, DrawView::later);
    private final BackgroundTasks files = new BackgroundTasks("digitlab-draw-files");
    private final ModelCatalogue catalogue = new ModelCatalogue(files::run, status::show);
    private final Reader reader = new Reader(Platform::runLater, this::show);
    private final Nudger nudger = new Nudger(Platform::runLater, this::showNudge);
    private final ChoiceBox<Integer> nudgeTarget = new ChoiceBox<>();
    private final Button nudgeButton = new Button("_Nudge");
    /** Whether a nudge runs: readings of the drawing wait until it is over or the drawing changes. */
    private boolean nudging;
    private NudgeProgress lastNudge;
    /** The last reading of the drawing itself (not of a nudged image): where a nudge starts. */
    private Reading lastDrawn;
    private final AppState state;
    private Reading lastReading;
    private KeepBar keep;

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
        keep = new KeepBar(MyDigits.forUser(), this::toKeep, catalogue::model, state);
        answer.getChildren().add(3, keep); // "It's a …" right under the answer
        setRight(scrolling(answer));
        statusLine.setId("status");
        statusLine.setWrapText(true);
        statusLine.setMinHeight(Region.USE_PREF_SIZE);
        statusLine.setPadding(new Insets(8, 0, 0, 0));
        setBottom(statusLine);
        followCatalogue();
        state.offeredModel.listen(model -> {
            if (model != null) {
                offerTrained(model);
                state.offeredModel.set(null); // taken up: the same model offered again counts again
            }
        });
        state.savedModel.listen(saved -> {
            if (saved != null) {
                catalogue.saved(saved.model(), saved.file());
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

    /** The answer column, scrolling when the window is too low for all of it. */
    private static ScrollPane scrolling(AnswerPanel answer) {
        ScrollPane pane = new ScrollPane(answer);
        pane.setId("answerScroll");
        pane.setFitToWidth(true);
        pane.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        pane.setStyle("-fx-background-color: transparent;");
        // room for the scroll bar beside the column, so that it never covers the percentages
        pane.setPrefWidth(AnswerPanel.PREF_WIDTH + SCROLL_BAR);
        pane.setMinWidth(AnswerPanel.MIN_WIDTH + SCROLL_BAR);
        return pane;
    }

    /** Runs {@code task} after {@code millis} on the JavaFX thread. */
    private static void later(long millis, Runnable task) {
        PauseTransition wait = new PauseTransition(Duration.millis(millis));
        wait.setOnFinished(e -> task.run());
        wait.play();
    }

    private CanvasColumn canvasColumn() {
        Button clear = Controls.button("_Clear", "clear", "Remove everything (Esc or Delete); Undo brings it back",
                this::clear);
        Button undo = Controls.button("_Undo", "undo", "Take back the last stroke, Clear or picture (Ctrl+Z)", this::undo);
        eraser.setId("eraser");
        eraser.setTooltip(new Tooltip("Erase with the left button too (the right button always erases)"));
        pen.setId("pen");
        pen.setPrefWidth(90);
        pen.setMinWidth(60);
        pen.setTooltip(new Tooltip("Pen width. The network gets lines as thick as MNIST's whatever the pen: "
                + "see the 28×28 image"));
        Label penLabel = new Label("_Pen");
        penLabel.setMnemonicParsing(true);
        penLabel.setLabelFor(pen);
        Label penWidth = new Label();
        penWidth.setId("penWidth");
        penWidth.setTooltip(new Tooltip("The pen's width on the canvas at its smallest, 280 pixels wide"));
        penWidth.setText(penPixels(pen.getValue()));
        penWidth.setMinWidth(Region.USE_PREF_SIZE);
        pen.valueProperty().addListener((o, a, b) -> penWidth.setText(penPixels(b.doubleValue())));
        HBox penGroup = new HBox(6, penLabel, pen, penWidth);
        penGroup.setAlignment(Pos.CENTER_LEFT);
        Button open = Controls.button("_Open image…", "openImage", "Read a PNG or JPEG picture of a digit into the canvas "
                + "(dark on light or light on dark)", this::chooseImage);
        Button save = Controls.button("_Save PNG…", "saveImage", "Save the drawing as a PNG, dark ink on white",
                this::chooseSaveImage);
        FlowPane tools = new FlowPane(8, 6, clear, undo, eraser, penGroup, open, save, nudgeGroup());
        tools.setId("tools");
        tools.setAlignment(Pos.CENTER_LEFT);
        tools.setPadding(new Insets(8, 0, 0, 0));
        tools.setMinHeight(Region.USE_PREF_SIZE);

        column = new CanvasColumn(canvas, tools, maps, units);
        return column;
    }

    /** "Nudge toward [digit] Nudge": gradient ascent on the 28×28 input toward the digit, step by step. */
    private HBox nudgeGroup() {
        for (int d = 0; d < 10; d++) {
            nudgeTarget.getItems().add(d);
        }
        nudgeTarget.setValue(3);
        nudgeTarget.setId("nudgeTarget");
        nudgeTarget.setTooltip(new Tooltip("The digit to nudge the network's input toward"));
        nudgeButton.setId("nudge");
        nudgeButton.setMnemonicParsing(true);
        nudgeButton.setMinWidth(Region.USE_PREF_SIZE);
        nudgeButton.setTooltip(new Tooltip("Change the 28×28 image the network sees, step by step, along the gradient"
                + " of log p(digit) (each step of L2 length " + Nudger.RATE + ", pixels kept in 0..1), until the network"
                + " answers the digit with " + Math.round(Nudger.ENOUGH * 100) + "%: what it would need to see, and how"
                + " little can flip its answer. Click again to stop."));
        nudgeButton.setOnAction(e -> {
            if (nudging) {
                stopNudge();
            } else {
                nudge(nudgeTarget.getValue());
            }
        });
        Label label = new Label("Nudge toward");
        label.setMinWidth(Region.USE_PREF_SIZE);
        HBox group = new HBox(6, label, nudgeTarget, nudgeButton);
        group.setAlignment(Pos.CENTER_LEFT);
        return group;
    }

    /**
     * Nudges the image the network read toward {@code digit}, one step shown every few hundredths of a second;
     * nothing happens while nothing is read. Whether it started.
     */
    public boolean nudge(int digit) {
        Reading r = lastDrawn;
        Model model = catalogue.model();
        if (r == null || r.isBlank() || model == null || r.model() != model) {
            status.show(new DrawStatus.Line("Draw a digit first: the nudge starts from the image the network read.",
                    DrawStatus.Lasts.UNTIL_NEXT_ACTION));
            return false;
        }
        nudgeTarget.setValue(digit);
        nudging = true;
        nudgeButton.setText("Sto_p");
        // from the drawing as read, even after an earlier nudge: the change is measured from what was drawn
        nudger.start(canvas.drawing().version(), model, r.prepared(), digit);
        return true;
    }

    /** Stops a nudge under way; its last image stays shown. */
    public void stopNudge() {
        nudger.stop();
    }

    /** Whether a nudge runs now. */
    public boolean isNudging() {
        return nudging;
    }

    /** The last nudge step shown (null before any). */
    public NudgeProgress lastNudge() {
        return lastNudge;
    }

    private void showNudge(Reading r) {
        if (!nudging || r.version() != canvas.drawing().version()) {
            return; // the drawing changed since: its reading counts
        }
        lastReading = r;
        lastNudge = r.nudge();
        answer.show(AnswerText.of(r, true), r);
        maps.show(r.maps());
        units.show(r.units());
        status.show(new DrawStatus.Line(r.nudge().text(), DrawStatus.Lasts.UNTIL_NEXT_ACTION));
        if (r.nudge().done()) {
            nudging = false;
            nudgeButton.setText("_Nudge");
        }
    }

    /** The person hid or showed the feature maps: the canvas takes or gives back their room. */
    private void mapsToggled() {
        if (column != null) {
            column.requestLayout();
        }
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
            maps.showNetwork(entry == null ? null : entry.model().parameters().architecture());
            units.showNetwork(entry == null ? null : entry.model().parameters().architecture());
            show(null);
            submit();
        });
        Label info = answer.modelInfo();
        info.setText(catalogue.info().get());
        catalogue.info().listen(info::setText);
        // the catalogue ignores a pick of what is already chosen, so the list's own changes need no guard
        list.valueProperty().addListener((o, before, after) -> catalogue.choose(after));
    }

    /** "21 px": a pen {@code width} (a share of the canvas side) in pixels of the smallest canvas. */
    static String penPixels(double width) {
        return Math.round(width * MIN_SIDE) + " px";
    }

    // ---------------------------------------------------------------- drawing

    /** The person changed the drawing: lines about what was before go, and the new drawing is read. */
    private void drawingChanged() {
        if (nudging) {
            nudger.stop();
            nudging = false;
            nudgeButton.setText("_Nudge");
        }
        status.action();
        submit();
    }

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

    /** Explains digit {@code d} in the heatmap, as picking it in the Explain list or clicking its bar does. */
    public void explain(int d) {
        answer.explain(d);
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
        if (nudging || !AnswerText.worthShowing(r, canvas.drawing())) {
            return;
        }
        lastReading = r;
        lastDrawn = r;
        answer.show(AnswerText.of(r, catalogue.model() != null), r);
        boolean current = r != null && r.model() == catalogue.model();
        maps.show(current ? r.maps() : FeatureMaps.NONE);
        units.show(current ? r.units() : HiddenUnits.NONE);
        state.lastDrawing.set(r == null ? null : r.digit());
    }

    /**
     * The drawing and the network's input for "It's a …": null unless the drawing as it is now has been
     * read.
     */
    private KeepBar.Drawn toKeep() {
        Reading r = lastDrawn; // not lastReading: after a nudge that is the nudged image, not what was drawn
        Drawing.Snapshot drawn = canvas.drawing().snapshot();
        return r == null || r.isBlank() || r.version() != drawn.version() ? null
                : new KeepBar.Drawn(() -> Drawing.rasterize(drawn, Reader.SIDE, 1), r.prepared().pixels());
    }

    /** The "It's a …" row under the answer, and the My digits window it opens. */
    public KeepBar keepBar() {
        return keep;
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

    /** What the line under the model list says: which model reads, where it comes from, how it did on the test digits. */
    public String modelDescription() {
        return catalogue.info().get();
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
        status.show(DrawStatus.reading(file));
        return files.run(() -> ImageFiles.read(file), (InkImage ink, Throwable failure) -> {
            if (failure != null) {
                status.show(DrawStatus.failed(failure));
                return;
            }
            canvas.setPicture(ink);
            status.show(DrawStatus.opened(file, ink.width(), ink.height()));
        }).handle((ink, failure) -> failure == null);
    }

    /** Puts {@code picture} (ink 0..1, e.g. a test digit) on the canvas in place of the drawing. */
    public void showPicture(InkImage picture, String description) {
        canvas.setPicture(picture);
        status.show(DrawStatus.picture(description));
    }

    /** Saves the drawing as it looks (dark on white, canvas-sized) to {@code file}, written atomically. */
    public CompletableFuture<Boolean> saveImage(Path file) {
        Drawing.Snapshot snapshot = canvas.drawing().snapshot();
        int side = (int) Math.round(canvas.side());
        status.action();
        return files.run(() -> {
            ImageFiles.write(file, Drawing.rasterize(snapshot, side, 1));
            return Boolean.TRUE;
        }, (ok, failure) -> status.show(failure == null ? DrawStatus.saved(file)
                : DrawStatus.couldNotSave(file, failure))).handle((ok, failure) -> failure == null);
    }

    /** Stops the reading and file threads. */
    public void close() {
        reader.close();
        nudger.close();
        files.close();
        keep.close();
    }
}
