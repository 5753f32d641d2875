package digitlab.app.train;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import digitlab.app.widgets.ConfusionGrid;
import digitlab.app.widgets.DigitGallery;
import digitlab.app.widgets.Exports;
import digitlab.app.widgets.Format;
import digitlab.dataset.Dataset;
import digitlab.image.InkImage;
import digitlab.model.Model;
import digitlab.model.ModelFile;
import digitlab.nn.Evaluation;
import digitlab.nn.Schedule;
import digitlab.nn.TrainingConfig;
import digitlab.nn.TrainingListener;

/**
 * The Train view: settings, Start / Pause / Step / Stop / Reset, a live loss chart and an accuracy chart,
 * progress with speed and time left, and after each epoch the confusion matrix and the digits the network
 * got wrong. It only polls the {@link TrainingSession} (ten times a second), so it never waits for training.
 */
public final class TrainView extends BorderPane {
    /** Points per chart series: enough to look smooth, few enough to redraw at once. */
    static final int CHART_POINTS = 400;
    private static final long REFRESH_NANOS = 100_000_000L;
    private static final int GALLERY_LIMIT = 60;

    private final TrainingSession session;
    private final Consumer<Model> useForDrawing;

    private final Map<String, TextField> fields = new LinkedHashMap<>();
    private final Map<String, Label> errors = new LinkedHashMap<>();
    private final ChoiceBox<String> optimizer = new ChoiceBox<>();
    private final ChoiceBox<Schedule> schedule = new ChoiceBox<>();
    private final CheckBox augment = new CheckBox("_Shift images ±2 px (augmentation)");

    private final Button start = button("_Start", "start", "Train with these settings, from the weights as they are now");
    private final Button pause = button("_Pause", "pause", "Pause before the next batch, or go on");
    private final Button step = button("S_tep", "step", "Exactly one batch, then pause");
    private final Button stop = button("St_op", "stop", "End the run; the model stays as it is at that batch");
    private final Button reset = button("_Reset", "reset", "New random weights from the seed, and empty charts");
    private final Button save = button("Save _model…", "saveModel", "Save the weights as a model file (models/ by default)");
    private final Button use = button("_Use for drawing", "useForDrawing", "Read drawings with these weights in the Draw view");
    private final Button exportPng = button("Charts as PN_G…", "exportPng", "Save both charts as a picture");
    private final Button exportCsv = button("Loss as _CSV…", "exportCsv", "Save every batch's loss, and each epoch's accuracy, as CSV");

    private final ProgressBar progress = new ProgressBar(0);
    private final Label progressText = new Label("Not started.");
    private final Label speed = new Label("");
    private final Label status = new Label("");

    private final XYChart.Series<Number, Number> rawLoss = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> smoothLoss = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> accuracy = new XYChart.Series<>();
    private final LineChart<Number, Number> lossChart;
    private final LineChart<Number, Number> accuracyChart;
    private final VBox charts;
    private final NumberAxis accuracyAxis;
    private final Label samples = new Label("");

    private final Label epochSummary = new Label("The confusion matrix and the misread digits appear after each epoch.");
    private final ConfusionGrid confusion = new ConfusionGrid(10);
    private final Label galleryTitle = new Label("");
    private final DigitGallery gallery = new DigitGallery();

    private final AnimationTimer refresher;
    private int shownLosses = -1;
    private int shownEpochs = -1;
    private TrainingListener.EpochReport lastEpoch;
    private String shownMessage;

    public TrainView(TrainingSession session, Consumer<Model> useForDrawing, Consumer<InkImage> openInDraw) {
        this.session = session;
        this.useForDrawing = useForDrawing;
        setId("trainView");
        setPadding(new Insets(12));

        NumberAxis lossX = new NumberAxis(), lossY = new NumberAxis();
        lossX.setLabel("batch");
        lossY.setLabel("training loss");
        lossX.setForceZeroInRange(false);
        lossChart = new LineChart<>(lossX, lossY);
        lossChart.setId("lossChart");
        rawLoss.setName("loss per batch");
        smoothLoss.setName("smoothed");
        lossChart.getData().add(rawLoss);
        lossChart.getData().add(smoothLoss);
        NumberAxis accX = new NumberAxis(), accY = new NumberAxis();
        accX.setLabel("epoch");
        accY.setLabel("accuracy %");
        accY.setForceZeroInRange(false);
        // whole epochs only: the axis is set by hand as epochs arrive
        accX.setAutoRanging(false);
        accX.setLowerBound(0);
        accX.setUpperBound(1);
        accX.setTickUnit(1);
        accX.setMinorTickVisible(false);
        accuracyAxis = accX;
        accuracyChart = new LineChart<>(accX, accY);
        accuracyChart.setId("accuracyChart");
        accuracy.setName("test accuracy after each epoch");
        accuracyChart.getData().add(accuracy);
        for (LineChart<Number, Number> c : List.of(lossChart, accuracyChart)) {
            c.setAnimated(false);
            c.setCreateSymbols(c == accuracyChart);
        }
        lossChart.setMinHeight(200);
        accuracyChart.setPrefHeight(190);
        accuracyChart.setMinHeight(150);
        HBox exports = new HBox(8, exportPng, exportCsv);
        charts = new VBox(4, lossChart, accuracyChart);
        VBox.setVgrow(lossChart, Priority.ALWAYS);
        VBox centre = new VBox(6, charts, exports);
        VBox.setVgrow(charts, Priority.ALWAYS);
        centre.setPadding(new Insets(0, 12, 0, 12));
        setCenter(centre);
        setLeft(controls());
        setRight(epochPanel(openInDraw));

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
        save.setOnAction(e -> chooseSave());
        use.setOnAction(e -> useNow());
        exportPng.setOnAction(e -> chooseExportPng());
        exportCsv.setOnAction(e -> chooseExportCsv());

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
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(2);
        int row = 0;
        row = field(form, row, "epochs", "_Epochs", Integer.toString(d.epochs()), "Passes over the training images");
        row = field(form, row, "batch", "_Batch size", Integer.toString(d.batch()), "Images per step");
        row = field(form, row, "rate", "_Learning rate", Float.toString(d.learningRate()),
                "How far each step moves the weights (0.05 for SGD, about 0.001 for Adam)");
        optimizer.getItems().addAll("sgd", "adam");
        optimizer.setValue(d.optimizer());
        optimizer.setId("optimizer");
        optimizer.setTooltip(new Tooltip("SGD with momentum, or Adam"));
        row = control(form, row, "Optimi_zer", optimizer);
        row = field(form, row, "momentum", "Mome_ntum", Float.toString(d.momentum()), "SGD's momentum, 0 to below 1");
        schedule.getItems().addAll(Schedule.values());
        schedule.setValue(d.schedule());
        schedule.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Schedule v) {
                return v == null ? "" : v.id();
            }

            @Override
            public Schedule fromString(String text) {
                return Schedule.valueOf(text.toUpperCase(Locale.ROOT));
            }
        });
        schedule.setId("schedule");
        schedule.setTooltip(new Tooltip("Constant rate, or cosine decay to zero over the run"));
        row = control(form, row, "Sc_hedule", schedule);
        row = field(form, row, "seed", "Se_ed", Long.toString(d.seed()), "Decides the shuffles, the shifts and Reset's weights");
        row = field(form, row, "images", "Training _images", "all",
                "Train on the first N of the 60,000 images, or all of them");
        row = field(form, row, "threads", "Thre_ads", Integer.toString(d.threads()), "Threads that share each batch");
        augment.setSelected(d.augment());
        augment.setId("augment");
        augment.setMnemonicParsing(true);
        augment.setTooltip(new Tooltip("Move each training image by up to 2 pixels each way: a little slower to learn, reads drawings better"));
        form.add(augment, 0, row, 2, 1);
        optimizer.valueProperty().addListener((o, a, b) -> validate());
        schedule.valueProperty().addListener((o, a, b) -> validate());

        HBox run1 = new HBox(6, start, pause, step);
        HBox run2 = new HBox(6, stop, reset);
        HBox models = new HBox(6, save, use);
        progress.setId("progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progressText.setId("progressText");
        speed.setId("speed");
        status.setId("trainStatus");
        status.setWrapText(true);
        status.setMaxWidth(280);
        samples.setId("samples");
        VBox box = new VBox(8, form, run1, run2, progress, progressText, samples, speed, models, status);
        box.setPrefWidth(290);
        box.setMinWidth(270);
        return box;
    }

    private int field(GridPane form, int row, String id, String label, String value, String tip) {
        TextField f = new TextField(value);
        f.setId(id);
        f.setPrefColumnCount(7);
        f.setTooltip(new Tooltip(tip));
        f.textProperty().addListener((o, a, b) -> validate());
        fields.put(id, f);
        int next = control(form, row, label, f);
        Label error = new Label();
        error.setId(id + "Error");
        error.setStyle("-fx-text-fill: #c92a2a; -fx-font-size: 11px;");
        error.setWrapText(true);
        error.setMaxWidth(270);
        error.setVisible(false);
        error.managedProperty().bind(error.visibleProperty());
        errors.put(id, error);
        form.add(error, 0, next, 2, 1);
        return next + 1;
    }

    private static int control(GridPane form, int row, String label, Control c) {
        Label l = new Label(label);
        l.setMnemonicParsing(true);
        l.setLabelFor(c);
        form.add(l, 0, row);
        form.add(c, 1, row);
        return row + 1;
    }

    private VBox epochPanel(Consumer<InkImage> openInDraw) {
        epochSummary.setId("epochSummary");
        epochSummary.setWrapText(true);
        epochSummary.setMaxWidth(340);
        confusion.setId("confusion");
        galleryTitle.setId("galleryTitle");
        galleryTitle.setWrapText(true);
        gallery.setId("gallery");
        gallery.setPrefWidth(340);
        confusion.setOnCellClicked((truth, predicted) -> showCell(truth, predicted));
        gallery.setOnDigitClicked(openInDraw);
        Label confusionTitle = new Label("Confusion matrix: rows are the true digit, columns the network's answer. "
                + "Click a cell to see those digits.");
        confusionTitle.setWrapText(true);
        confusionTitle.setMaxWidth(340);
        confusionTitle.setStyle("-fx-font-size: 11px; -fx-text-fill: #555;");
        for (Label l : List.of(epochSummary, confusionTitle, galleryTitle)) {
            l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            l.setMaxWidth(330);
        }
        VBox box = new VBox(6, epochSummary, confusionTitle, confusion, galleryTitle, gallery);
        VBox.setVgrow(gallery, Priority.ALWAYS);
        box.setPrefWidth(350);
        box.setMinWidth(300);
        return box;
    }

    private static Button button(String text, String id, String tip) {
        Button b = new Button(text);
        b.setId(id);
        b.setMnemonicParsing(true);
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    // ---------------------------------------------------------------- settings

    /** The settings as typed, or empty with every problem shown beside its field. */
    java.util.Optional<TrainingConfig> formConfig() {
        errors.values().forEach(l -> l.setVisible(false));
        Map<String, String> problems = new LinkedHashMap<>();
        int epochs = integer("epochs", "epochs", problems);
        int batch = integer("batch", "batch size", problems);
        float rate = number("rate", "learning rate", problems);
        float momentum = number("momentum", "momentum", problems);
        long seed = 0;
        try {
            seed = Long.parseLong(fields.get("seed").getText().trim());
        } catch (NumberFormatException e) {
            problems.put("seed", "seed must be a whole number, like 1");
        }
        int limit = 0;
        String images = fields.get("images").getText().trim();
        if (!images.equalsIgnoreCase("all")) {
            limit = integer("images", "training images", problems);
            if (limit < 1 && !problems.containsKey("images")) {
                problems.put("images", "training images must be 'all' or a number from 1 to 60000");
            }
        }
        int threads = integer("threads", "threads", problems);
        if (problems.isEmpty()) {
            TrainingConfig c = new TrainingConfig(epochs, batch, rate, optimizer.getValue(), momentum, schedule.getValue(),
                    augment.isSelected(), seed, limit, threads);
            for (String p : c.problems()) {
                problems.put(fieldOf(p), capitalised(p));
            }
            if (limit > 0 && batch > limit && !problems.containsKey("batch")) {
                problems.put("batch", "A batch of " + batch + " is larger than the " + limit + " training images");
            }
            if (problems.isEmpty()) {
                return java.util.Optional.of(c);
            }
        }
        problems.forEach((id, text) -> {
            Label l = errors.getOrDefault(id, status);
            l.setText(text);
            l.setVisible(true);
        });
        return java.util.Optional.empty();
    }

    private static String fieldOf(String problem) {
        String p = problem.toLowerCase(Locale.ROOT);
        if (p.startsWith("epochs")) {
            return "epochs";
        } else if (p.startsWith("batch") || p.startsWith("a batch")) {
            return p.contains("threads") ? "threads" : "batch";
        } else if (p.startsWith("learning rate")) {
            return "rate";
        } else if (p.startsWith("momentum")) {
            return "momentum";
        } else if (p.startsWith("threads")) {
            return "threads";
        } else if (p.startsWith("limit")) {
            return "images";
        }
        return "status";
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private int integer(String id, String name, Map<String, String> problems) {
        try {
            return Integer.parseInt(fields.get(id).getText().trim().replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            problems.put(id, capitalised(name) + " must be a whole number, not '" + fields.get(id).getText().trim() + "'");
            return 0;
        }
    }

    private float number(String id, String name, Map<String, String> problems) {
        String text = fields.get(id).getText().trim();
        try {
            float v = Float.parseFloat(text);
            if (!Float.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            problems.put(id, capitalised(name) + " must be a number like 0.05, not '" + text + "'");
            return Float.NaN;
        }
    }

    private boolean formValid;

    private void validate() {
        formValid = formConfig().isPresent();
        fields.get("momentum").setDisable("adam".equals(optimizer.getValue()));
        refreshButtons(session.status());
    }

    // ---------------------------------------------------------------- live display

    /** Pulls the session's state into the view; runs ten times a second on the JavaFX thread. */
    void refresh() {
        TrainingSession.Status s = session.status();
        refreshButtons(s);
        refreshProgress(s);
        // the session's own news, once: messages of this view's actions are not overwritten each refresh
        if (s.message() != null && !s.message().isEmpty() && !s.message().equals(shownMessage)) {
            shownMessage = s.message();
            status(s.message(), s.failed());
        }
        LossHistory losses = session.losses();
        if (losses.size() != shownLosses) {
            shownLosses = losses.size();
            LossHistory.Series series = losses.downsample(CHART_POINTS);
            List<XYChart.Data<Number, Number>> raw = new ArrayList<>(series.index().length);
            List<XYChart.Data<Number, Number>> smooth = new ArrayList<>(series.index().length);
            for (int i = 0; i < series.index().length; i++) {
                int batch = series.index()[i] + 1;
                if (Float.isFinite(series.raw()[i])) {
                    raw.add(new XYChart.Data<>(batch, series.raw()[i]));
                }
                if (Float.isFinite(series.smoothed()[i])) {
                    smooth.add(new XYChart.Data<>(batch, series.smoothed()[i]));
                }
            }
            rawLoss.getData().setAll(raw);
            smoothLoss.getData().setAll(smooth);
        }
        List<TrainingListener.EpochReport> epochs = session.epochs();
        if (epochs.size() != shownEpochs) {
            shownEpochs = epochs.size();
            List<XYChart.Data<Number, Number>> points = new ArrayList<>();
            for (int i = 0; i < epochs.size(); i++) {
                points.add(new XYChart.Data<>(i + 1, 100 * epochs.get(i).testAccuracy()));
            }
            accuracy.getData().setAll(points);
            accuracyAxis.setUpperBound(Math.max(1, epochs.size()));
            accuracyAxis.setTickUnit(Math.max(1, Math.ceil(epochs.size() / 10.0)));
            lastEpoch = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1);
            showEpoch(lastEpoch, epochs.size());
        }
    }

    private void refreshButtons(TrainingSession.Status s) {
        TrainingSession.State state = s.state();
        boolean idle = state == TrainingSession.State.IDLE;
        boolean on = state == TrainingSession.State.RUNNING || state == TrainingSession.State.PAUSED;
        start.setDisable(!idle || !formValid);
        pause.setDisable(!on);
        pause.setText(state == TrainingSession.State.PAUSED ? "Res_ume" : "_Pause");
        step.setDisable(!(on || idle && formValid));
        stop.setDisable(!on);
        reset.setDisable(!idle || !formValid);
        save.setDisable(state == TrainingSession.State.FETCHING);
        use.setDisable(state == TrainingSession.State.FETCHING);
        fields.values().forEach(f -> f.setEditable(idle));
    }

    private void refreshProgress(TrainingSession.Status s) {
        if (s.state() == TrainingSession.State.FETCHING) {
            if (s.fetchWhat() == null) {
                progress.setProgress(ProgressBar.INDETERMINATE_PROGRESS);
                progressText.setText("Getting MNIST ready…");
            } else {
                progress.setProgress(s.fetchTotal() > 0 ? (double) s.fetchDone() / s.fetchTotal()
                        : ProgressBar.INDETERMINATE_PROGRESS);
                progressText.setText(String.format(Locale.ROOT, "Fetching %s: %.1f MB%s", s.fetchWhat(),
                        s.fetchDone() / 1e6, s.fetchTotal() > 0 ? String.format(Locale.ROOT, " of %.1f MB", s.fetchTotal() / 1e6) : ""));
            }
            speed.setText("");
            return;
        }
        TrainingListener.BatchReport b = s.lastBatch();
        if (b == null) {
            progress.setProgress(0);
            progressText.setText(s.state() == TrainingSession.State.IDLE ? "Not started." : "Starting…");
            samples.setText("");
            speed.setText("");
            return;
        }
        progress.setProgress((double) b.samplesSeen() / b.totalSamples());
        progressText.setText(String.format(Locale.ROOT, "epoch %d of %d · batch %,d of %,d",
                b.epoch(), s.config().epochs(), b.batch(), b.batchesPerEpoch()));
        samples.setText(String.format(Locale.ROOT, "%,d of %,d samples", b.samplesSeen(), b.totalSamples()));
        String rate = switch (s.state()) {
            case PAUSED -> "paused";
            case RUNNING -> Double.isNaN(s.samplesPerSecond()) ? "measuring speed…"
                    : String.format(Locale.ROOT, "%,.0f samples/s · %s left", s.samplesPerSecond(), duration(s.etaSeconds()));
            default -> "";
        };
        speed.setText(rate);
    }

    /** 75 s → "1:15"; NaN → "…". */
    static String duration(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0 || Double.isInfinite(seconds)) {
            return "…";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private void status(String text, boolean problem) {
        status.setText(text);
        status.setStyle(problem ? "-fx-text-fill: #c92a2a; -fx-font-weight: bold;" : "-fx-text-fill: #333;");
    }

    private void showEpoch(TrainingListener.EpochReport r, int number) {
        Dataset test = session.testSet();
        if (r == null || r.evaluation() == null || test == null) {
            confusion.show(null);
            gallery.show(null, new int[0], new int[0], 0);
            epochSummary.setText("The confusion matrix and the misread digits appear after each epoch.");
            galleryTitle.setText("");
            return;
        }
        Evaluation e = r.evaluation();
        epochSummary.setText(String.format(Locale.ROOT, "After epoch %d: %s of the %,d test images right (mean loss %.4f, %.1f s).",
                number, Format.percent(r.testAccuracy()), e.n(), r.meanLoss(), r.seconds()));
        confusion.show(e.confusion());
        galleryTitle.setText(String.format(Locale.ROOT, "The %,d test digits it got wrong (true → answer); click one to draw with it:",
                e.misclassified().length));
        gallery.show(test, e.misclassified(), e.predictions(), GALLERY_LIMIT);
    }

    private void showCell(int truth, int predicted) {
        Dataset test = session.testSet();
        if (lastEpoch == null || lastEpoch.evaluation() == null || test == null) {
            return;
        }
        Evaluation e = lastEpoch.evaluation();
        List<Integer> chosen = new ArrayList<>();
        for (int i = 0; i < e.n(); i++) {
            if (test.label(i) == truth && e.predictions()[i] == predicted) {
                chosen.add(i);
            }
        }
        galleryTitle.setText(String.format(Locale.ROOT, "%,d test images of a %d read as %d:", chosen.size(), truth, predicted));
        gallery.show(test, chosen.stream().mapToInt(Integer::intValue).toArray(), e.predictions(), GALLERY_LIMIT);
    }

    // ---------------------------------------------------------------- models and files

    private static String trainedName() {
        return "trained-" + LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
    }

    private void useNow() {
        status("Measuring the weights on the test images…", false);
        session.model(trainedName()).whenComplete((m, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                status("Could not use the weights: " + failure.getMessage(), true);
            } else {
                useForDrawing.accept(m);
                status("The Draw view now reads with " + m.name() + ".", false);
            }
        }));
    }

    private void chooseSave() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the model");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("DigitLab models (*.json)", "*.json"));
        Path models = Path.of("models").toAbsolutePath();
        chooser.setInitialDirectory(Files.isDirectory(models) ? models.toFile() : null);
        chooser.setInitialFileName(trainedName() + ".json");
        java.io.File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            Path path = file.toPath();
            if (!path.getFileName().toString().endsWith(".json")) {
                path = path.resolveSibling(path.getFileName() + ".json");
            }
            saveModel(path);
        }
    }

    /** Saves the weights as they are now to {@code file} (atomically, off the JavaFX thread). */
    public java.util.concurrent.CompletableFuture<Boolean> saveModel(Path file) {
        java.util.concurrent.CompletableFuture<Boolean> done = new java.util.concurrent.CompletableFuture<>();
        status("Saving " + file + "…", false);
        session.model(ModelFile.nameOf(file)).thenAccept(m -> {
            try {
                ModelFile.save(m, file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).whenComplete((v, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                Throwable t = failure.getCause() != null ? failure.getCause() : failure;
                status("Could not save " + file + ": " + t.getMessage(), true);
                done.complete(false);
            } else {
                status("Saved " + file + ".", false);
                done.complete(true);
            }
        }));
        return done;
    }

    private void chooseExportPng() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the charts as PNG");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
        chooser.setInitialFileName("training.png");
        java.io.File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            exportPng(file.toPath());
        }
    }

    /** Writes a picture of both charts as they are shown now. */
    public void exportPng(Path file) {
        javafx.scene.image.WritableImage image = charts.snapshot(null, null);
        write(file, () -> Exports.writePng(image, file));
    }

    private void chooseExportCsv() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the loss of every batch as CSV");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        chooser.setInitialFileName("training-loss.csv");
        java.io.File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            exportCsv(file.toPath());
        }
    }

    /**
     * Writes every batch's loss to {@code file}, and when there are epochs, each epoch's figures to the
     * same name with {@code -epochs} before the extension.
     */
    public void exportCsv(Path file) {
        List<TrainingListener.EpochReport> epochs = session.epochs();
        LossHistory losses = session.losses();
        write(file, () -> {
            StringWriter text = new StringWriter();
            losses.writeCsv(text);
            Exports.writeTextAtomically(file, text.toString());
            if (!epochs.isEmpty()) {
                StringBuilder e = new StringBuilder("epoch,mean_loss,test_accuracy,seconds,samples_per_second\n");
                for (int i = 0; i < epochs.size(); i++) {
                    TrainingListener.EpochReport r = epochs.get(i);
                    e.append(String.format(Locale.ROOT, "%d,%s,%s,%.3f,%.0f%n", i + 1, r.meanLoss(), r.testAccuracy(),
                            r.seconds(), r.samplesPerSecond()));
                }
                String name = file.getFileName().toString();
                int dot = name.lastIndexOf('.');
                String epochsName = dot > 0 ? name.substring(0, dot) + "-epochs" + name.substring(dot) : name + "-epochs";
                Exports.writeTextAtomically(file.resolveSibling(epochsName), e.toString());
            }
        });
    }

    private interface Write {
        void run() throws IOException;
    }

    private void write(Path file, Write action) {
        Thread t = new Thread(() -> {
            String result;
            boolean problem = false;
            try {
                action.run();
                result = "Saved " + file + ".";
            } catch (IOException | RuntimeException e) {
                result = "Could not save " + file + ": " + e.getMessage();
                problem = true;
            }
            String text = result;
            boolean bad = problem;
            Platform.runLater(() -> status(text, bad));
        }, "digitlab-export");
        t.setDaemon(true);
        t.start();
    }

    /** Stops refreshing (the run, if any, goes on until stopped). */
    public void close() {
        refresher.stop();
        session.stop();
    }

    TrainingSession session() {
        return session;
    }
}
