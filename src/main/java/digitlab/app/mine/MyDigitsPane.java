package digitlab.app.mine;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;
import javafx.stage.Window;

import digitlab.Version;
import digitlab.app.shared.AppState;
import digitlab.app.shared.BackgroundTasks;
import digitlab.app.shared.FileDialogs;
import digitlab.app.widgets.Controls;
import digitlab.app.widgets.Heatmaps;
import digitlab.app.widgets.LossHistory;
import digitlab.app.widgets.TrainingCharts;
import digitlab.data.Mnist;
import digitlab.data.MnistCache;
import digitlab.data.MyDigits;
import digitlab.dataset.Dataset;
import digitlab.model.Model;
import digitlab.model.ModelFile;
import digitlab.model.Provenance;
import digitlab.nn.Classifier;
import digitlab.nn.FineTuning;
import digitlab.nn.Parameters;
import digitlab.nn.TrainingListener;

/**
 * The My digits window: every kept digit as the network saw it (28×28), with its label and what the
 * current model reads; relabel or delete the selected one; import and export a folder; and fine-tune the
 * model on them (keeping MNIST), with the Train view's live charts (the loss of every batch, the MNIST test
 * accuracy after every epoch), then save the result as a new model. Files and training run on background
 * threads; this pane only shows.
 */
public final class MyDigitsPane extends BorderPane {
    /** One stored digit as shown: the entry, the picture the network saw, and what the model read (−1: none). */
    public record Row(MyDigits.Entry entry, float[] pixels, int read) {
    }

    /** The window's size: room for the digits and the charts, inside a 1280×800 screen with its frame. */
    static final int WIDTH = 1180, HEIGHT = 720;
    private static final double CHARTS_WIDTH = 560;
    private static final Integer[] DIGITS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final int THUMB = 56;
    /** The least time between two redraws of the charts while fine-tuning (as often as the Train view's). */
    private static final long CHART_NANOS = 100_000_000L;
    /** MNIST once loaded, for every fine-tuning of this run (60 000 images are read once). */
    private static volatile Mnist mnist;

    private final MyDigits store;
    private final Supplier<Model> model;
    private final AppState state;
    private final BackgroundTasks files = new BackgroundTasks("digitlab-my-digits-pane");
    private final BackgroundTasks training = new BackgroundTasks("digitlab-fine-tune");
    private final Label summary = new Label();
    private final TilePane tiles = new TilePane(6, 6);
    private final ToggleGroup chosen = new ToggleGroup();
    private final ChoiceBox<Integer> relabelTo = new ChoiceBox<>();
    private final Label status = new Label();
    private final Button fineTune;
    private final Button cancel;
    private final Button saveTuned;
    private final ProgressBar progress = new ProgressBar(0);
    private final Label epochLine = new Label();
    private final Label result = new Label();
    private final TrainingCharts charts = new TrainingCharts(null, false);
    /** The run being charted: written by the training thread, drawn on the JavaFX thread. */
    private volatile Chart chart = new Chart();
    private List<Row> rows = List.of();
    private Stage stage;
    private volatile FineTuning tuning;
    private FineTuning.Result tuned;
    private Model tunedFrom;
    private volatile int tunedImages;

    /**
     * @param model the model the Draw view reads with (null while none): its answers are shown, and it is the one
     *              fine-tuned
     */
    public MyDigitsPane(MyDigits store, Supplier<Model> model, AppState state) {
        this.store = store;
        this.model = model;
        this.state = state;
        setId("myDigitsPane");
        setPadding(new Insets(12));
        summary.setId("myDigitsSummary");
        summary.setWrapText(true);
        summary.setStyle("-fx-font-size: 14px;");
        Label folder = new Label("Kept in " + store.folder());
        folder.setStyle("-fx-text-fill: #777; -fx-font-size: 11px;");
        folder.setWrapText(true);
        setTop(new VBox(2, summary, folder));

        tiles.setId("myDigitsTiles");
        tiles.setPadding(new Insets(8));
        ScrollPane scroll = new ScrollPane(tiles);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(260);
        charts.setId("fineTuneCharts");
        charts.setPrefWidth(CHARTS_WIDTH);
        charts.setMinWidth(CHARTS_WIDTH * 0.75);
        Label chartsTitle = new Label("Fine-tuning: loss per batch, MNIST test accuracy per epoch");
        chartsTitle.setWrapText(true);
        chartsTitle.setMinHeight(Region.USE_PREF_SIZE);
        chartsTitle.setStyle("-fx-font-weight: bold;");
        VBox chartColumn = new VBox(4, chartsTitle, charts);
        chartColumn.setPrefWidth(CHARTS_WIDTH);
        VBox.setVgrow(charts, Priority.ALWAYS);
        HBox middle = new HBox(12, scroll, chartColumn);
        HBox.setHgrow(scroll, Priority.ALWAYS);
        BorderPane.setMargin(middle, new Insets(8, 0, 8, 0));
        setCenter(middle);

        // a click on the selected tile keeps it selected (a toggle would otherwise clear it)
        chosen.selectedToggleProperty().addListener((o, before, after) -> {
            if (after == null && before != null && tiles.getChildren().contains(before)) {
                chosen.selectToggle(before);
            }
        });
        relabelTo.getItems().addAll(DIGITS);
        relabelTo.setId("relabelDigit");
        relabelTo.setTooltip(new Tooltip("The digit the selected drawing really is"));
        Button relabel = Controls.button("_Relabel", "relabel", "Give the selected drawing the digit chosen", () -> {
            if (relabelTo.getValue() != null) {
                relabel(relabelTo.getValue());
            }
        });
        Button delete = Controls.button("_Delete", "deleteDigit", "Remove the selected drawing from My digits", this::delete);
        Button importFolder = Controls.button("_Import…", "importDigits", "Add the digits of a my-digits folder (labels.csv "
                + "and its pictures)", () -> chooseFolder("Import digits from a my-digits folder").ifPresent(this::importFrom));
        Button exportFolder = Controls.button("_Export…", "exportDigits", "Copy My digits to a folder (labels.csv and the "
                + "pictures; `digitlab train --extra` reads it)", () -> chooseFolder("Export My digits to a folder")
                        .ifPresent(this::exportTo));
        Label selected = new Label("Selected: it's a");
        HBox edit = new HBox(8, selected, relabelTo, relabel, delete, spacer(), importFolder, exportFolder);
        edit.setAlignment(Pos.CENTER_LEFT);

        fineTune = Controls.button("_Fine-tune on my digits", "fineTune", "Train the model a little more on your digits "
                + "mixed with MNIST (6 epochs); kept only if MNIST test accuracy falls by at most "
                + FineTuning.MAX_MNIST_DROP_POINTS + " points", this::fineTune);
        cancel = Controls.button("_Cancel", "cancelFineTune", "Stop fine-tuning; nothing is kept", this::cancel);
        cancel.setDisable(true);
        progress.setId("fineTuneProgress");
        progress.setPrefWidth(200);
        epochLine.setId("fineTuneEpoch");
        epochLine.setWrapText(true);
        epochLine.setMinHeight(Region.USE_PREF_SIZE);
        HBox tune = new HBox(8, fineTune, progress, cancel);
        tune.setAlignment(Pos.CENTER_LEFT);
        result.setId("fineTuneResult");
        result.setWrapText(true);
        result.setMinHeight(Region.USE_PREF_SIZE);
        result.setStyle("-fx-font-size: 14px;");
        saveTuned = Controls.button("_Save as new model…", "saveFineTuned", "Save the fine-tuned network as a model file; "
                + "the Draw view then reads with it", this::chooseAndSave);
        saveTuned.setVisible(false);
        saveTuned.setManaged(false);
        status.setId("myDigitsStatus");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        for (Region r : new Region[] {relabelTo, relabel, delete, importFolder, exportFolder, fineTune, cancel, saveTuned}) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        setBottom(new VBox(8, edit, tune, epochLine, result, saveTuned, status));
    }

    private static Region spacer() {
        Region r = new Region();
        r.setMinWidth(16);
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    /** Shows this pane in its own window over {@code owner} (or brings it forward), and reads the digits afresh. */
    public void show(Window owner) {
        if (stage == null) {
            stage = new Stage();
            stage.setTitle("My digits — DigitLab");
            if (owner != null) {
                stage.initOwner(owner);
            }
            stage.setScene(new Scene(this, WIDTH, HEIGHT));
            stage.setMinWidth(800);
            stage.setMinHeight(560);
        }
        stage.show();
        stage.toFront();
        reload();
    }

    // ---------------------------------------------------------------- the list

    /** Reads the list, the pictures and the model's answers in the background; completes once shown. */
    public CompletableFuture<List<Row>> reload() {
        Model m = model.get();
        return files.run(() -> read(m), (read, failure) -> {
            if (failure != null) {
                status.setText("Could not read My digits: " + BackgroundTasks.reason(failure));
                return;
            }
            showRows(read);
        });
    }

    private List<Row> read(Model m) throws IOException {
        Classifier reader = m == null ? null : new Classifier(m.parameters());
        List<Row> read = new ArrayList<>();
        for (MyDigits.Entry e : store.list()) {
            float[] pixels = store.pixels(e);
            read.add(new Row(e, pixels, reader == null ? -1 : best(reader.probabilities(pixels))));
        }
        return read;
    }

    private static int best(float[] p) {
        int b = 0;
        for (int i = 1; i < p.length; i++) {
            b = p[i] > p[b] ? i : b;
        }
        return b;
    }

    private void showRows(List<Row> read) {
        int was = selectedIndex();
        rows = List.copyOf(read);
        List<ToggleButton> shown = new ArrayList<>();
        int[] labels = new int[rows.size()], reads = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            labels[i] = r.entry().label();
            reads[i] = r.read();
            ImageView thumb = new ImageView(Heatmaps.paper(r.pixels(), MyDigits.SIDE, MyDigits.SIDE));
            thumb.setFitWidth(THUMB);
            thumb.setFitHeight(THUMB);
            ToggleButton t = new ToggleButton(MyDigitsPresenter.caption(r.entry().label(), r.read()), thumb);
            t.setContentDisplay(ContentDisplay.TOP);
            t.setToggleGroup(chosen);
            t.setUserData(i);
            t.setId("digit" + i);
            t.setMinWidth(Region.USE_PREF_SIZE);
            int index = i;
            t.setOnAction(e -> relabelTo.setValue(rows.get(index).entry().label()));
            shown.add(t);
        }
        tiles.getChildren().setAll(shown);
        if (!shown.isEmpty()) {
            select(Math.min(Math.max(was, 0), shown.size() - 1));
        }
        summary.setText(MyDigitsPresenter.readCount(labels, reads));
        fineTune.setDisable(rows.isEmpty() || tuning != null);
    }

    /** The digits as shown now. */
    public List<Row> rows() {
        return rows;
    }

    /** Selects the {@code i}th digit. */
    public void select(int i) {
        ToggleButton t = (ToggleButton) tiles.getChildren().get(i);
        t.setSelected(true);
        relabelTo.setValue(rows.get(i).entry().label());
    }

    private int selectedIndex() {
        return chosen.getSelectedToggle() == null ? -1 : (Integer) chosen.getSelectedToggle().getUserData();
    }

    private Optional<MyDigits.Entry> selected() {
        int i = selectedIndex();
        if (i < 0 || i >= rows.size()) {
            status.setText("Select a digit first.");
            return Optional.empty();
        }
        return Optional.of(rows.get(i).entry());
    }

    /** Gives the selected digit the label {@code label}; completes once the list is shown again. */
    public CompletableFuture<List<Row>> relabel(int label) {
        return change(selected().map(e -> (Work) () -> store.relabel(e, label)), "Now a " + label + ".");
    }

    /** Removes the selected digit; completes once the list is shown again. */
    public CompletableFuture<List<Row>> delete() {
        return change(selected().map(e -> (Work) () -> {
            store.delete(e);
            return null;
        }), "Deleted.");
    }

    /** Adds the digits of the my-digits folder {@code source}; completes once the list is shown again. */
    public CompletableFuture<List<Row>> importFrom(Path source) {
        return change(Optional.of(() -> store.importFrom(source)), "Imported the digits of " + source + ".");
    }

    /** Writes My digits to {@code target} (a my-digits folder); completes with whether it did. */
    public CompletableFuture<Boolean> exportTo(Path target) {
        return files.run(() -> {
            store.exportTo(target);
            return Boolean.TRUE;
        }, (ok, failure) -> status.setText(failure == null ? "Exported My digits to " + target + "."
                : "Could not export: " + BackgroundTasks.reason(failure))).handle((ok, failure) -> failure == null);
    }

    private interface Work {
        Object run() throws IOException;
    }

    private CompletableFuture<List<Row>> change(Optional<Work> work, String done) {
        if (work.isEmpty()) {
            return CompletableFuture.completedFuture(rows);
        }
        Model m = model.get();
        return files.run(() -> {
            work.get().run();
            return read(m);
        }, (read, failure) -> {
            if (failure != null) {
                status.setText(BackgroundTasks.reason(failure));
                return;
            }
            status.setText(done);
            showRows(read);
        });
    }

    private Optional<Path> chooseFolder(String title) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        return Optional.ofNullable(chooser.showDialog(getScene().getWindow())).map(File::toPath);
    }

    // ---------------------------------------------------------------- fine-tuning

    /**
     * Fine-tunes the current model on My digits mixed with MNIST (fetched into the cache when missing), in the
     * background; completes (on the JavaFX thread) with the result shown, or exceptionally with the failure shown.
     */
    public CompletableFuture<FineTuning.Result> fineTune() {
        Model start = model.get();
        if (start == null) {
            result.setText("No model to fine-tune yet.");
            return CompletableFuture.failedFuture(new IllegalStateException("no model"));
        }
        tuned = null;
        tunedFrom = start;
        saveTuned.setVisible(false);
        saveTuned.setManaged(false);
        fineTune.setDisable(true);
        cancel.setDisable(false);
        progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
        epochLine.setText("reading MNIST…");
        result.setText("");
        Chart run = new Chart();
        chart = run;
        drawCharts();
        return training.run(() -> {
            Dataset mine = store.dataset();
            Mnist data = mnist();
            FineTuning t = new FineTuning(FineTuning.defaults(), start.parameters(), mine, data.train(), data.test());
            t.trainer().addListener(new Progress(run));
            tuning = t;
            tunedImages = t.trainer().trainingImages();
            Platform.runLater(() -> epochLine.setText("measuring before…"));
            return t.run();
        }, (r, failure) -> {
            tuning = null;
            drawCharts();
            cancel.setDisable(true);
            fineTune.setDisable(rows.isEmpty());
            progress.setProgress(failure == null ? 1 : 0);
            if (failure != null) {
                epochLine.setText("");
                result.setText("Could not fine-tune: " + BackgroundTasks.reason(failure));
                return;
            }
            tuned = r;
            epochLine.setText(r.keeps() ? "done" : "not kept");
            result.setText(MyDigitsPresenter.result(r));
            saveTuned.setVisible(r.keeps());
            saveTuned.setManaged(r.keeps());
        });
    }

    private static Mnist mnist() throws IOException {
        Mnist m = mnist;
        if (m == null) {
            m = Mnist.load(MnistCache.fromEnvironment(null).ensure(MnistCache.Listener.SILENT));
            mnist = m;
        }
        return m;
    }

    /**
     * One fine-tuning run's figures for the charts: the training thread adds the loss of every batch and the MNIST
     * test accuracy after every epoch, and asks for a redraw, at most every {@link #CHART_NANOS} and never twice
     * at once; the JavaFX thread draws whatever is there then, never waiting.
     */
    private final class Chart {
        final LossHistory losses = new LossHistory();
        final List<Double> testAccuracy = new CopyOnWriteArrayList<>();
        private final AtomicBoolean redrawAsked = new AtomicBoolean();
        private long lastAsked;

        /** On the training thread: asks the JavaFX thread to redraw, unless it was asked lately ({@code now}: always). */
        void askRedraw(boolean now) {
            long t = System.nanoTime();
            if ((now || t - lastAsked >= CHART_NANOS) && redrawAsked.compareAndSet(false, true)) {
                lastAsked = t;
                Platform.runLater(() -> {
                    redrawAsked.set(false);
                    if (chart == this) {
                        drawCharts();
                    }
                });
            }
        }
    }

    /** Shows the current run's losses and accuracies on the charts (on the JavaFX thread). */
    private void drawCharts() {
        Chart c = chart;
        charts.showLosses(c.losses);
        charts.showAccuracy(c.testAccuracy.stream().mapToDouble(Double::doubleValue).toArray(), new double[0]);
    }

    /**
     * Batches move the bar (every tenth, so as not to flood the JavaFX thread) and go on the loss chart; the line
     * keeps the last epoch's test, which goes on the accuracy chart.
     */
    private final class Progress implements TrainingListener {
        private final Chart run;
        private volatile String lastEpoch = "";

        Progress(Chart run) {
            this.run = run;
        }

        @Override
        public void batchDone(BatchReport r) {
            run.losses.add(r.loss());
            run.askRedraw(false);
            if (r.batch() % 10 == 0) {
                double done = (double) r.samplesSeen() / r.totalSamples();
                String line = MyDigitsPresenter.training(r.epoch(), FineTuning.defaults().epochs(), lastEpoch);
                Platform.runLater(() -> {
                    progress.setProgress(done);
                    epochLine.setText(line);
                });
            }
        }

        @Override
        public void batchDiverged(BatchReport r) {
            run.losses.add(r.loss()); // the loss that stopped the run shows on the chart
            run.askRedraw(true);
        }

        @Override
        public void epochDone(EpochReport r) {
            run.testAccuracy.add(r.testAccuracy());
            run.askRedraw(true);
            lastEpoch = MyDigitsPresenter.epoch(r);
            String line = lastEpoch;
            Platform.runLater(() -> epochLine.setText(line));
        }
    }

    /** Stops a fine-tuning run before its next batch; nothing is kept. */
    public void cancel() {
        FineTuning t = tuning;
        if (t != null) {
            t.cancel();
            epochLine.setText("cancelling…");
        }
    }

    /** The last fine-tuning's result (null before one finishes). */
    public FineTuning.Result tuned() {
        return tuned;
    }

    private void chooseAndSave() {
        FileDialogs.startIn(FileDialogs.Kind.MODEL, Path.of("models").toAbsolutePath());
        FileDialogs.save(getScene().getWindow(), "Save the fine-tuned model", FileDialogs.Kind.MODEL, "my-handwriting.json")
                .map(f -> FileDialogs.withExtension(f, ".json")).ifPresent(this::saveTuned);
    }

    /**
     * Saves the fine-tuned network to {@code file} (atomically, off the JavaFX thread) and offers it to the Draw
     * view; completes with whether it saved.
     */
    public CompletableFuture<Boolean> saveTuned(Path file) {
        FineTuning.Result r = tuned;
        if (r == null || !r.keeps()) {
            return CompletableFuture.completedFuture(false);
        }
        Parameters p = r.parameters();
        Provenance provenance = Provenance.ofTraining(FineTuning.defaults(), p.architecture(), r.mnistAfter().accuracy(),
                tunedImages, Version.get());
        Model saved = new Model(ModelFile.nameOf(file), p, provenance);
        return files.save(file, () -> {
            ModelFile.save(saved, file);
            BackgroundTasks.onFx(() -> {
                // offered first, so that the Draw view lists it; then named by its file
                state.offeredModel.set(saved);
                state.savedModel.set(new AppState.SavedModel(saved, file));
            });
        }, (text, problem) -> status.setText(problem ? text : text + " The Draw view now reads with it (fine-tuned from "
                + tunedFrom.name() + ")."));
    }

    /** Stops the background threads (a fine-tuning run first) and closes the window. */
    public void close() {
        cancel();
        files.close();
        training.close();
        if (stage != null) {
            stage.close();
        }
    }
}
