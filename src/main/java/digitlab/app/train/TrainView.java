package digitlab.app.train;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import javafx.animation.AnimationTimer;
import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import digitlab.app.shared.AppState;
import digitlab.app.shared.BackgroundTasks;
import digitlab.app.shared.FileDialogs;
import digitlab.app.widgets.Controls;
import digitlab.app.widgets.Exports;
import digitlab.app.widgets.LossHistory;
import digitlab.app.widgets.TrainingCharts;
import digitlab.model.Model;
import digitlab.model.ModelFile;
import digitlab.nn.Architecture;
import digitlab.nn.TrainingConfig;

/**
 * The Train view: Start (or Continue training) / Start over / Pause / Step / Stop / Reset, progress with
 * speed, time left and the last batch's loss, the settings, a live loss chart and an accuracy chart (with
 * earlier runs faded under the current one), and after each epoch the confusion matrix and the digits the
 * model got wrong. It only polls the {@link TrainingSession} (ten times a second), so it never waits for
 * training; the network is built in {@link NetworkPane} (another network than the weights' draws new
 * weights for it at Start), the form is read by {@link SettingsPane}, the texts come from {@link TrainingReadout}. The
 * controls scroll, and the epoch panel goes under the charts when the view is narrow, so everything stays
 * reachable at 800×530. A trained model that is not saved is asked about before it is lost.
 */
public final class TrainView extends BorderPane {
    private static final long REFRESH_NANOS = 100_000_000L;

    private final TrainingSession session;
    private final AppState state;
    private final BackgroundTasks files = new BackgroundTasks("digitlab-export");
    private final SettingsPane settings = new SettingsPane(this::validate);
    private final NetworkPane network = new NetworkPane(this::validate);

    private final Button start = Controls.button("_Start", "start", "Train with these settings, from the weights as they are now", null);
    private final Button startOver = Controls.button("Start _over", "startOver", "New weights from the seed, then train; this run's curves stay faded for comparison", null);
    private final Button pause = Controls.button("_Pause", "pause", "Pause before the next batch, or go on", null);
    private final Button step = Controls.button("S_tep", "step", "Exactly one batch, then pause", null);
    private final Button stop = Controls.button("St_op", "stop", "End the run; the model stays as it is at that batch", null);
    private final Button reset = Controls.button("_Reset", "reset", "New random weights from the seed and empty charts; this run's curves stay faded for comparison", null);
    private final Button save = Controls.button("Save _model…", "saveModel", "Save the weights as a model file (models/ by default)", null);
    private final Button use = Controls.button("_Use for drawing", "useForDrawing", "Read drawings with these weights in the Draw view", null);
    private final Button exportPng = Controls.button("Charts as PN_G…", "exportPng", "Save both charts as a picture", null);
    private final Button exportCsv = Controls.button("Loss as _CSV…", "exportCsv", "Save every batch's loss, and each epoch's accuracy, as CSV", null);

    private final ProgressBar progress = new ProgressBar(0);
    private final Label progressText = new Label("Not started.");
    private final Label speed = new Label("");
    private final Label samples = new Label("");
    private final Label lastLoss = new Label("");
    private final Label modelLine = new Label("");
    private final Label status = new Label("");

    private final TrainingCharts charts;
    private final EpochPanel epochPanel;
    private final ScrollPane centre = new ScrollPane();
    private final HBox wide = new HBox(TrainLayout.GAP);
    private final VBox narrow = new VBox(TrainLayout.GAP);

    private final AnimationTimer refresher;
    private int shownEpochs = -1;
    private String shownMessage;
    private boolean formValid;

    /** The view of {@code session}, which it offers in {@code state} as the source of training batches. */
    public TrainView(TrainingSession session, AppState state) {
        this.session = session;
        this.state = state;
        state.training.set(session);
        setId("trainView");
        setPadding(new Insets(8));
        charts = new TrainingCharts(() -> {
            session.earlierRuns().clear();
            refresh();
        }, true);
        epochPanel = new EpochPanel(picture -> {
            state.pictureToDraw.set(new AppState.PictureToDraw(picture, "A test digit from the Train view's gallery."));
            state.view.set(AppState.View.DRAW);
        });
        epochPanel.setPrefWidth(TrainLayout.PANEL_WIDTH);
        ScrollPane left = new ScrollPane(controls());
        left.setFitToWidth(true);
        left.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        left.setMinWidth(300);
        left.setPrefWidth(300);
        left.setId("trainControls");
        setLeft(left);
        centre.setFitToWidth(true);
        centre.setId("trainCentre");
        centre.viewportBoundsProperty().addListener((o, a, b) -> arrange(b));
        modelLine.setId("modelLine");
        status.setId("trainStatus");
        for (Label l : List.of(modelLine, status)) {
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
        }
        VBox top = new VBox(2, modelLine, status);
        top.setPadding(new Insets(0, 0, 4, 8));
        VBox middle = new VBox(top, centre);
        VBox.setVgrow(centre, Priority.ALWAYS);
        setCenter(middle);
        arrange(null);

        start.setOnAction(e -> settings.config().ifPresent(c -> network.architecture().ifPresent(a -> onNetwork(a, c, () -> {
            if (!session.start(c, false)) {
                status("A run is already on.", true);
            }
        }))));
        startOver.setOnAction(e -> settings.config().ifPresent(c -> network.architecture().ifPresent(a ->
                unlessUnsaved("starting over", () -> {
                    session.startOver(c, a, false);
                    refresh();
                }))));
        pause.setOnAction(e -> {
            if (session.status().state() == TrainingSession.State.PAUSED) {
                session.resume();
            } else {
                session.pause();
            }
            refresh();
        });
        step.setOnAction(e -> settings.config().ifPresent(c -> {
            if (session.status().state() != TrainingSession.State.IDLE) {
                session.step(c);
            } else {
                network.architecture().ifPresent(a -> onNetwork(a, c, () -> session.step(c)));
            }
        }));
        stop.setOnAction(e -> session.stop());
        reset.setOnAction(e -> settings.config().ifPresent(c -> network.architecture().ifPresent(a ->
                unlessUnsaved("drawing new weights", () -> {
                    if (session.reset(c.seed(), a)) {
                        refresh();
                    }
                }))));
        save.setOnAction(e -> chooseAndSave(() -> { }));
        use.setOnAction(e -> useNow());
        exportPng.setOnAction(e -> FileDialogs.save(getScene().getWindow(), "Save the charts as PNG", FileDialogs.Kind.PNG,
                "training.png").ifPresent(this::exportPng));
        exportCsv.setOnAction(e -> FileDialogs.save(getScene().getWindow(), "Save the loss of every batch as CSV",
                FileDialogs.Kind.CSV, "training-loss.csv").ifPresent(this::exportCsv));

        refresher = new AnimationTimer() {
            private long last;

            @Override
            public void handle(long now) {
                if (now - last >= REFRESH_NANOS) {
                    last = now;
                    refresh();
                }
            }
        };
        refresher.start();
        network.showNetwork(session.architecture());
        validate();
        refresh();
    }

    // ---------------------------------------------------------------- layout

    private VBox controls() {
        progress.setId("progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progressText.setId("progressText");
        speed.setId("speed");
        samples.setId("samples");
        lastLoss.setId("lastLoss");
        Label settingsTitle = new Label("Settings");
        settingsTitle.setStyle("-fx-font-weight: bold;");
        Label networkTitle = new Label("Build the network");
        networkTitle.setStyle("-fx-font-weight: bold;");
        VBox box = new VBox(6, new HBox(6, start, startOver), new HBox(6, pause, step, stop, reset), progress,
                progressText, samples, speed, lastLoss, new HBox(6, save, use), new HBox(6, exportPng, exportCsv),
                networkTitle, network, settingsTitle, settings);
        box.setPadding(new Insets(0, 8, 0, 0));
        return box;
    }

    /** The charts and the epoch panel side by side when the area is wide enough, else one under the other. */
    private void arrange(Bounds viewport) {
        double width = viewport == null ? 0 : viewport.getWidth(), height = viewport == null ? 0 : viewport.getHeight();
        boolean side = TrainLayout.sideBySide(width);
        Region content = side ? wide : narrow;
        if (centre.getContent() != content) {
            wide.getChildren().clear();
            narrow.getChildren().clear();
            (side ? wide.getChildren() : narrow.getChildren()).setAll(charts, epochPanel);
            HBox.setHgrow(charts, Priority.ALWAYS);
            centre.setContent(content);
        }
        centre.setFitToHeight(side);
        charts.setPrefHeight(side ? Region.USE_COMPUTED_SIZE : Math.max(height, 460));
    }

    // ---------------------------------------------------------------- settings

    /** The settings as typed, or empty with every problem shown beside its field. */
    Optional<TrainingConfig> formConfig() {
        return settings.config();
    }

    private void validate() {
        Optional<TrainingConfig> config = settings.config();
        formValid = config.isPresent() && network.valid();
        network.showEstimate(config);
        refreshButtons(session.status());
    }

    /**
     * Does {@code then} with weights of {@code built}: at once when the weights are of that network, else
     * after drawing new ones with the config's seed (asking first when trained weights would be lost).
     */
    private void onNetwork(Architecture built, TrainingConfig config, Runnable then) {
        if (session.sameNetwork(built)) {
            then.run();
        } else {
            unlessUnsaved("changing the network", () -> {
                session.reset(config.seed(), built);
                then.run();
                refresh();
            });
        }
    }

    // ---------------------------------------------------------------- live display

    /** Pulls the session's state into the view; runs ten times a second on the JavaFX thread. */
    void refresh() {
        TrainingSession.Status s = session.status();
        refreshButtons(s);
        TrainingReadout.Progress p = TrainingReadout.progress(s);
        progress.setProgress(p.fraction() == TrainingReadout.UNKNOWN_PROGRESS ? ProgressBar.INDETERMINATE_PROGRESS : p.fraction());
        progressText.setText(p.text());
        if (p.samples() != null) {
            samples.setText(p.samples());
        }
        speed.setText(p.speed());
        lastLoss.setText(TrainingReadout.lastLoss(s));
        modelLine.setText(TrainingReadout.modelLine(s.state(), session.trained(), session.modelName(),
                session.unsaved()));
        // the session's own news, once: messages of this view's actions are not overwritten each refresh
        if (s.message() != null && !s.message().isEmpty() && !s.message().equals(shownMessage)) {
            shownMessage = s.message();
            status(s.message(), s.failed());
        }
        charts.showEarlierRuns(session.earlierRuns().runs());
        charts.showLosses(session.losses());
        List<TrainingSession.Epoch> epochs = session.epochs();
        if (epochs.size() != shownEpochs) {
            shownEpochs = epochs.size();
            charts.showAccuracy(epochs.stream().mapToDouble(e -> e.report().testAccuracy()).toArray(),
                    epochs.stream().mapToDouble(TrainingSession.Epoch::trainAccuracy).toArray());
            epochPanel.show(epochs.isEmpty() ? null : epochs.get(epochs.size() - 1), session.testSet());
        }
    }

    private void refreshButtons(TrainingSession.Status s) {
        // with another network built, Start draws new weights for it: it is no longer "Continue training"
        Optional<Architecture> built = network.architecture();
        boolean continues = session.trained() && (built.isEmpty() || session.sameNetwork(built.get()));
        TrainingReadout.Buttons b = TrainingReadout.buttons(s.state(), formValid, continues);
        start.setDisable(!b.start());
        start.setText(b.startText());
        startOver.setDisable(!b.startOver());
        pause.setDisable(!b.pause());
        pause.setText(b.pauseText());
        step.setDisable(!b.step());
        stop.setDisable(!b.stop());
        reset.setDisable(!b.reset());
        save.setDisable(!b.models());
        use.setDisable(!b.models());
        settings.setEditable(b.editable());
        network.setEditable(b.editable());
    }

    private void status(String text, boolean problem) {
        status.setText(text);
        status.setStyle(problem ? "-fx-text-fill: #c92a2a; -fx-font-weight: bold;" : "-fx-text-fill: #333;");
    }

    // ---------------------------------------------------------------- unsaved models

    /** Does {@code then} now when no trained model would be lost by it, else after asking (and saving). */
    private void unlessUnsaved(String before, Runnable then) {
        if (goOnNow(before, then)) {
            then.run();
        }
    }

    /**
     * The window asks to close: true when it may close now. With a trained model not saved, asks first
     * (Save / Discard / Cancel); after Save, {@code close} closes it once the model is saved.
     */
    public boolean mayClose(Runnable close) {
        return goOnNow("closing DigitLab", close);
    }

    /**
     * Whether to go on now with what comes {@code before}: yes when nothing unsaved would be lost or the
     * person discards it; after Save, no, but {@code afterSave} runs once the model is saved.
     */
    private boolean goOnNow(String before, Runnable afterSave) {
        if (!UnsavedModel.mustAsk(session.unsaved())) {
            return true;
        }
        UnsavedModel.Answer answer = UnsavedDialog.ask(getScene().getWindow(),
                UnsavedModel.question(session.modelName(), before));
        return switch (UnsavedModel.next(answer)) {
            case GO_ON -> true;
            case SAVE_FIRST -> {
                chooseAndSave(afterSave);
                yield false;
            }
            case STAY -> false;
        };
    }

    /** Asks where to save (the model's name as the file's), saves, and then does {@code then} if it saved. */
    private void chooseAndSave(Runnable then) {
        FileDialogs.save(getScene().getWindow(), "Save the model", FileDialogs.Kind.MODEL,
                ModelName.fileName(session.modelName())).ifPresent(f -> saveModel(TrainingReadout.modelFile(f))
                        .thenAccept(saved -> {
                            if (saved) {
                                BackgroundTasks.onFx(then);
                            }
                        }));
    }

    // ---------------------------------------------------------------- models and files

    private void useNow() {
        status("Measuring the weights on the test images…", false);
        session.model().whenComplete((m, failure) -> BackgroundTasks.onFx(() -> {
            if (failure != null) {
                status("Could not use the weights: " + failure.getMessage(), true);
            } else {
                state.offeredModel.set(m);
                state.view.set(AppState.View.DRAW);
                status("The Draw view now reads with " + m.name() + ".", false);
            }
        }));
    }

    /** Saves the weights as they are now to {@code file} (atomically, off the JavaFX thread); completes with whether it did. */
    public CompletableFuture<Boolean> saveModel(Path file) {
        BackgroundTasks.onFx(() -> status("Saving " + file + "…", false));
        CompletableFuture<Model> model = session.model();
        return files.save(file, () -> {
            Model saved = measured(model);
            ModelFile.save(saved, file);
            session.markSaved();
            BackgroundTasks.onFx(() -> state.savedModel.set(new AppState.SavedModel(saved, file)));
        }, this::status);
    }

    /** The model once measured; the measuring's own failure when it failed. */
    private static Model measured(CompletableFuture<Model> model) {
        try {
            return model.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** Writes a picture of both charts as they are shown now. */
    public void exportPng(Path file) {
        WritableImage image = charts.snapshot(null, null);
        files.save(file, () -> Exports.writePng(image, file), this::status);
    }

    /**
     * Writes every batch's loss to {@code file}, and when there are epochs, each epoch's figures to the
     * same name with {@code -epochs} before the extension.
     */
    public void exportCsv(Path file) {
        List<TrainingSession.Epoch> epochs = session.epochs();
        LossHistory losses = session.losses();
        files.save(file, () -> {
            StringWriter text = new StringWriter();
            losses.writeCsv(text);
            Exports.writeTextAtomically(file, text.toString());
            if (!epochs.isEmpty()) {
                Exports.writeTextAtomically(TrainingReadout.epochsFile(file), TrainingReadout.epochsCsv(epochs));
            }
        }, this::status);
    }

    /** Stops refreshing (the run, if any, goes on until stopped). */
    public void close() {
        refresher.stop();
        session.stop();
        files.close();
        network.close();
    }

    TrainingSession session() {
        return session;
    }
}
