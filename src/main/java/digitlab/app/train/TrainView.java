package digitlab.app.train;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import javafx.animation.AnimationTimer;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;

import digitlab.app.shared.AppState;
import digitlab.app.shared.BackgroundTasks;
import digitlab.app.shared.FileDialogs;
import digitlab.app.widgets.Controls;
import digitlab.app.widgets.Exports;
import digitlab.model.Model;
import digitlab.model.ModelFile;
import digitlab.nn.OptimizerKind;
import digitlab.nn.Schedule;
import digitlab.nn.TrainingConfig;
import digitlab.nn.TrainingConfig.Field;
import digitlab.nn.TrainingListener;

/**
 * The Train view: settings, Start / Pause / Step / Stop / Reset, a live loss chart and an accuracy chart,
 * progress with speed and time left, and after each epoch the confusion matrix and the digits the network
 * got wrong. It only polls the {@link TrainingSession} (ten times a second), so it never waits for training;
 * the form is read by {@link TrainingForm} and the texts come from {@link TrainingReadout}. It offers its
 * run's batches, a trained model and a gallery digit to the other views through the {@link AppState}.
 */
public final class TrainView extends BorderPane {
    private static final long REFRESH_NANOS = 100_000_000L;
    private static final String ERROR_STYLE = "-fx-text-fill: #c92a2a; -fx-font-size: 11px;";
    /** The id of each text field (tests and the accessibility tree know them by these). */
    private static final Map<Field, String> IDS = Map.of(Field.EPOCHS, "epochs", Field.BATCH, "batch",
            Field.LEARNING_RATE, "rate", Field.MOMENTUM, "momentum", Field.SEED, "seed", Field.LIMIT, "images",
            Field.THREADS, "threads");

    private final TrainingSession session;
    private final AppState state;
    private final BackgroundTasks files = new BackgroundTasks("digitlab-export");

    private final Map<Field, TextField> fields = new EnumMap<>(Field.class);
    private final Map<Field, Label> errors = new EnumMap<>(Field.class);
    private final ChoiceBox<OptimizerKind> optimizer = new ChoiceBox<>();
    private final ChoiceBox<Schedule> schedule = new ChoiceBox<>();
    private final CheckBox augment = new CheckBox("_Shift images ±2 px (augmentation)");

    private final Button start = Controls.button("_Start", "start", "Train with these settings, from the weights as they are now", null);
    private final Button pause = Controls.button("_Pause", "pause", "Pause before the next batch, or go on", null);
    private final Button step = Controls.button("S_tep", "step", "Exactly one batch, then pause", null);
    private final Button stop = Controls.button("St_op", "stop", "End the run; the model stays as it is at that batch", null);
    private final Button reset = Controls.button("_Reset", "reset", "New random weights from the seed, and empty charts", null);
    private final Button save = Controls.button("Save _model…", "saveModel", "Save the weights as a model file (models/ by default)", null);
    private final Button use = Controls.button("_Use for drawing", "useForDrawing", "Read drawings with these weights in the Draw view", null);
    private final Button exportPng = Controls.button("Charts as PN_G…", "exportPng", "Save both charts as a picture", null);
    private final Button exportCsv = Controls.button("Loss as _CSV…", "exportCsv", "Save every batch's loss, and each epoch's accuracy, as CSV", null);

    private final ProgressBar progress = new ProgressBar(0);
    private final Label progressText = new Label("Not started.");
    private final Label speed = new Label("");
    private final Label status = new Label("");
    private final Label samples = new Label("");

    private final TrainingCharts charts = new TrainingCharts();
    private final EpochPanel epochPanel;

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
        setPadding(new Insets(12));
        VBox centre = new VBox(6, charts, new HBox(8, exportPng, exportCsv));
        VBox.setVgrow(charts, Priority.ALWAYS);
        centre.setPadding(new Insets(0, 12, 0, 12));
        setCenter(centre);
        setLeft(controls());
        epochPanel = new EpochPanel(picture -> {
            state.pictureToDraw.set(new AppState.PictureToDraw(picture, "A test digit from the Train view's gallery."));
            state.view.set(AppState.View.DRAW);
        });
        setRight(epochPanel);

        start.setOnAction(e -> formConfig().ifPresent(c -> {
            if (!session.start(c, false)) {
                status("A run is already on.", true);
            }
        }));
        pause.setOnAction(e -> {
            if (session.status().state() == TrainingSession.State.PAUSED) {
                session.resume();
            } else {
                session.pause();
            }
            refresh();
        });
        step.setOnAction(e -> formConfig().ifPresent(session::step));
        stop.setOnAction(e -> session.stop());
        reset.setOnAction(e -> formConfig().ifPresent(c -> {
            if (session.reset(c.seed())) {
                refresh();
            }
        }));
        save.setOnAction(e -> FileDialogs.save(getScene().getWindow(), "Save the model", FileDialogs.Kind.MODEL,
                TrainingReadout.trainedName() + ".json").ifPresent(f -> saveModel(TrainingReadout.modelFile(f))));
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
        validate();
        refresh();
    }

    // ---------------------------------------------------------------- layout

    private VBox controls() {
        TrainingConfig d = TrainingConfig.defaults();
        Map<Field, String> texts = TrainingForm.defaultTexts();
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(2);
        int row = 0;
        row = field(form, row, Field.EPOCHS, "_Epochs", texts, "Passes over the training images");
        row = field(form, row, Field.BATCH, "_Batch size", texts, "Images per step");
        row = field(form, row, Field.LEARNING_RATE, "_Learning rate", texts,
                "How far each step moves the weights (0.05 for SGD, about 0.001 for Adam)");
        row = choice(form, row, "Optimi_zer", optimizer, "optimizer", OptimizerKind.values(), d.optimizer(),
                OptimizerKind::id, "SGD with momentum, or Adam");
        row = field(form, row, Field.MOMENTUM, "Mome_ntum", texts, "SGD's momentum, 0 to below 1");
        row = choice(form, row, "Sc_hedule", schedule, "schedule", Schedule.values(), d.schedule(), Schedule::id,
                "Constant rate, or cosine decay to zero over the run");
        row = field(form, row, Field.SEED, "Se_ed", texts, "Decides the shuffles, the shifts and Reset's weights");
        row = field(form, row, Field.LIMIT, "Training _images", texts, "Train on the first N of the 60,000 images, or all of them");
        row = field(form, row, Field.THREADS, "Thre_ads", texts, "Threads that share each batch");
        augment.setSelected(d.augment());
        augment.setId("augment");
        augment.setMnemonicParsing(true);
        augment.setTooltip(new Tooltip("Move each training image by up to 2 pixels each way: a little slower to learn, reads drawings better"));
        form.add(augment, 0, row, 2, 1);

        progress.setId("progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progressText.setId("progressText");
        speed.setId("speed");
        status.setId("trainStatus");
        status.setWrapText(true);
        status.setMaxWidth(280);
        samples.setId("samples");
        VBox box = new VBox(8, form, new HBox(6, start, pause, step), new HBox(6, stop, reset), progress, progressText,
                samples, speed, new HBox(6, save, use), status);
        box.setPrefWidth(290);
        box.setMinWidth(270);
        return box;
    }

    private int field(GridPane form, int row, Field setting, String label, Map<Field, String> texts, String tip) {
        String id = IDS.get(setting);
        TextField f = new TextField(texts.get(setting));
        f.setId(id);
        f.setPrefColumnCount(7);
        f.setTooltip(new Tooltip(tip));
        f.textProperty().addListener((o, a, b) -> validate());
        fields.put(setting, f);
        int next = control(form, row, label, f);
        Label error = new Label();
        error.setId(id + "Error");
        error.setStyle(ERROR_STYLE);
        error.setWrapText(true);
        error.setMaxWidth(270);
        error.setVisible(false);
        error.managedProperty().bind(error.visibleProperty());
        errors.put(setting, error);
        form.add(error, 0, next, 2, 1);
        return next + 1;
    }

    /** A choice of {@code values}, each shown by its {@code name}, that re-reads the form when changed. */
    private <T> int choice(GridPane form, int row, String label, ChoiceBox<T> box, String id, T[] values, T initial,
            Function<T, String> name, String tip) {
        box.getItems().addAll(values);
        box.setValue(initial);
        box.setConverter(new StringConverter<>() {
            @Override
            public String toString(T v) {
                return v == null ? "" : name.apply(v);
            }

            @Override
            public T fromString(String text) {
                return box.getItems().stream().filter(v -> name.apply(v).equals(text)).findFirst().orElse(null);
            }
        });
        box.setId(id);
        box.setTooltip(new Tooltip(tip));
        box.valueProperty().addListener((o, a, b) -> validate());
        return control(form, row, label, box);
    }

    private static int control(GridPane form, int row, String label, Control c) {
        Label l = new Label(label);
        l.setMnemonicParsing(true);
        l.setLabelFor(c);
        form.add(l, 0, row);
        form.add(c, 1, row);
        return row + 1;
    }

    // ---------------------------------------------------------------- settings

    /** The settings as typed, or empty with every problem shown beside its field (or in the status line). */
    Optional<TrainingConfig> formConfig() {
        Map<Field, String> texts = new EnumMap<>(Field.class);
        fields.forEach((setting, f) -> texts.put(setting, f.getText()));
        TrainingForm.Result form = TrainingForm.read(texts, optimizer.getValue(), schedule.getValue(), augment.isSelected());
        errors.values().forEach(l -> l.setVisible(false));
        for (TrainingConfig.Problem p : form.problems()) {
            Label l = errors.getOrDefault(p.field(), status);
            l.setText(p.message());
            l.setVisible(true);
        }
        return Optional.ofNullable(form.config());
    }

    private void validate() {
        formValid = formConfig().isPresent();
        fields.get(Field.MOMENTUM).setDisable(!optimizer.getValue().usesMomentum());
        refreshButtons(session.status());
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
        // the session's own news, once: messages of this view's actions are not overwritten each refresh
        if (s.message() != null && !s.message().isEmpty() && !s.message().equals(shownMessage)) {
            shownMessage = s.message();
            status(s.message(), s.failed());
        }
        charts.showLosses(session.losses());
        List<TrainingListener.EpochReport> epochs = session.epochs();
        if (epochs.size() != shownEpochs) {
            shownEpochs = epochs.size();
            charts.showAccuracy(epochs);
            epochPanel.show(epochs.isEmpty() ? null : epochs.get(epochs.size() - 1), epochs.size(), session.testSet());
        }
    }

    private void refreshButtons(TrainingSession.Status s) {
        TrainingReadout.Buttons b = TrainingReadout.buttons(s.state(), formValid);
        start.setDisable(!b.start());
        pause.setDisable(!b.pause());
        pause.setText(b.pauseText());
        step.setDisable(!b.step());
        stop.setDisable(!b.stop());
        reset.setDisable(!b.reset());
        save.setDisable(!b.models());
        use.setDisable(!b.models());
        fields.values().forEach(f -> f.setEditable(b.editable()));
    }

    private void status(String text, boolean problem) {
        status.setText(text);
        status.setStyle(problem ? "-fx-text-fill: #c92a2a; -fx-font-weight: bold;" : "-fx-text-fill: #333;");
    }

    // ---------------------------------------------------------------- models and files

    private void useNow() {
        status("Measuring the weights on the test images…", false);
        session.model(TrainingReadout.trainedName()).whenComplete((m, failure) -> BackgroundTasks.onFx(() -> {
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
        CompletableFuture<Model> model = session.model(ModelFile.nameOf(file));
        return files.save(file, () -> {
            Model saved = measured(model);
            ModelFile.save(saved, file);
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
        List<TrainingListener.EpochReport> epochs = session.epochs();
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
    }

    TrainingSession session() {
        return session;
    }
}
