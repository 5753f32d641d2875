package digitlab.app.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import digitlab.app.shared.BackgroundTasks;
import digitlab.app.train.NetworkDraft.Kind;
import digitlab.app.train.NetworkDraft.Row;
import digitlab.app.widgets.Choices;
import digitlab.app.widgets.Controls;
import digitlab.nn.Architecture;
import digitlab.nn.Architecture.Activation;
import digitlab.nn.TrainingConfig;

/**
 * The Train view's network builder: a preset, the layers one row each (kind, numbers, padding,
 * activation; up, down, remove), the fixed output layer, the spec as text (typing one rebuilds the rows),
 * each layer's output shape and numbers, the parameter count and the time an epoch takes on this machine,
 * measured on a background thread ({@link EpochTimer}) and kept per spec and batch size. A network that
 * cannot work is refused beside the row (or the spec field) that caused it. The {@link NetworkDraft} holds
 * what is typed; this pane only shows it.
 */
final class NetworkPane extends VBox {
    private static final String ERROR_STYLE = "-fx-text-fill: #c92a2a; -fx-font-size: 11px;";
    private static final String NOTE_STYLE = "-fx-text-fill: #555; -fx-font-size: 11px;";
    private static final String ROW_STYLE = "-fx-border-color: transparent transparent #ddd transparent; -fx-padding: 0 0 3 0;";
    private static final String SMALL_BUTTON = "-fx-padding: 1 5 1 5;";
    /** How many training images "all" means. */
    private static final int MNIST_TRAINING_IMAGES = 60_000;

    private final ChoiceBox<String> preset = new ChoiceBox<>();
    private final VBox rowsBox = new VBox(3);
    private final Label output = new Label();
    private final Button add = Controls.button("A_dd layer", "addLayer",
            "A dense layer of 64 units before the output layer; change its kind in its row", null);
    private final TextField spec = new TextField();
    private final Label specError = note("networkSpecError");
    private final Label summary = note("networkSummary");
    private final Label estimate = note("epochTime");
    private final List<Label> messages = new ArrayList<>();
    private final Runnable changed;

    private final BackgroundTasks measuring = new BackgroundTasks("digitlab-epoch-timer");
    /** The most measurements of one network and batch size, while they do not settle. */
    private static final int MEASUREMENTS = 5;
    private final Map<String, EpochTimer.Measurement> measured = new HashMap<>();
    private final Map<String, Integer> attempts = new HashMap<>();
    private boolean editable = true;
    private boolean closed;
    private volatile String wanted;
    private Optional<TrainingConfig> lastConfig = Optional.empty();

    private NetworkDraft draft = NetworkDraft.preset(Architecture.MLP_NAME);
    private NetworkDraft.Check check;
    private boolean specRefused;
    private boolean syncing;

    /** {@code changed}: told whenever the network changes. */
    NetworkPane(Runnable changed) {
        super(4);
        this.changed = changed;
        setId("networkPane");
        preset.getItems().addAll(Architecture.presetNames());
        preset.getItems().add(NetworkDraft.CUSTOM);
        preset.setId("networkPreset");
        preset.setTooltip(new Tooltip("mlp: the seed's 784-128-64-10; tiny: one hidden layer of 32; cnn: two convolutions with pooling"));
        preset.valueProperty().addListener((o, a, b) -> {
            if (!syncing && b != null && !b.equals(NetworkDraft.CUSTOM)) {
                draft = NetworkDraft.preset(b);
                rebuild();
                update(true);
            }
        });
        Label presetLabel = new Label("Net_work");
        presetLabel.setMnemonicParsing(true);
        presetLabel.setLabelFor(preset);
        HBox top = new HBox(8, presetLabel, preset);
        top.setAlignment(Pos.CENTER_LEFT);

        output.setId("outputLayer");
        output.setWrapText(true);
        output.setMinHeight(Region.USE_PREF_SIZE);
        add.setOnAction(e -> {
            draft.add(Row.dense(64));
            rebuild();
            update(true);
        });

        spec.setId("networkSpec");
        spec.setTooltip(new Tooltip("The layers as text, e.g. conv3x8,pool2,dense10 (dense10 last); "
                + "conv5x16:valid:tanh, dense64:sigmoid, flatten"));
        spec.textProperty().addListener((o, a, b) -> typed(b));
        Label specLabel = new Label("As te_xt");
        specLabel.setMnemonicParsing(true);
        specLabel.setLabelFor(spec);
        HBox specLine = new HBox(8, specLabel, spec);
        specLine.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(spec, Priority.ALWAYS);
        specError.setStyle(ERROR_STYLE);
        specError.setVisible(false);
        specError.setManaged(false);

        getChildren().addAll(top, rowsBox, output, add, specLine, specError, summary, estimate);
        rebuild();
        update(true, false);
    }

    /** A word beside a field, never cut short. */
    private static Label word(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label note(String id) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setStyle(NOTE_STYLE);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    // ---------------------------------------------------------------- rows

    /** Builds a row of controls for each layer of the draft (after a change of their number or kinds). */
    private void rebuild() {
        rowsBox.getChildren().clear();
        messages.clear();
        List<Row> rows = draft.rows();
        for (int i = 0; i < rows.size(); i++) {
            rowsBox.getChildren().add(row(i, rows.get(i), rows.size()));
        }
    }

    private Node row(int i, Row r, int count) {
        String n = Integer.toString(i + 1);
        Label number = new Label(n + ".");
        number.setMinWidth(Region.USE_PREF_SIZE);
        ChoiceBox<Kind> kind = choice("layerKind" + n, Kind.values(), r.kind(), Kind::word,
                "Dense: every input to every unit; conv: filters slid over the image; pool2: the largest of each 2×2; flatten: maps to a vector");
        kind.valueProperty().addListener((o, a, b) -> edit(i, current(i).as(b), true));
        HBox first = new HBox(4, number, kind);
        first.setAlignment(Pos.CENTER_LEFT);
        HBox buttons = buttons(i, count);
        VBox box = new VBox(2, first);
        switch (r.kind()) {
            case DENSE -> {
                first.getChildren().addAll(number("layerUnits" + n, r.units(), 52, "Units in this layer", t -> edit(i, current(i).withUnits(t), false)),
                        word("units"));
                box.getChildren().add(second(i, r, n, buttons));
            }
            case CONV -> {
                first.getChildren().addAll(number("layerKernel" + n, r.kernel(), 36, "Kernel size K: each filter is K × K",
                        t -> edit(i, current(i).withKernel(t), false)), word("kernel"),
                        number("layerFilters" + n, r.filters(), 46, "Filters: the feature maps this layer makes",
                                t -> edit(i, current(i).withFilters(t), false)), word("filters"));
                box.getChildren().add(second(i, r, n, buttons));
            }
            case POOL, FLATTEN -> {
                Region gap = new Region();
                HBox.setHgrow(gap, Priority.ALWAYS);
                first.getChildren().addAll(gap, buttons);
            }
        }
        Label message = new Label();
        message.setId("layerMessage" + n);
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE);
        messages.add(message);
        box.getChildren().add(message);
        box.setStyle(ROW_STYLE);
        return box;
    }

    /** The second line of a dense or conv row: padding (conv), activation, and the row's buttons. */
    private HBox second(int i, Row r, String n, HBox buttons) {
        HBox line = new HBox(4);
        line.setAlignment(Pos.CENTER_LEFT);
        if (r.kind() == Kind.CONV) {
            ChoiceBox<Boolean> padding = choice("layerPadding" + n, new Boolean[] {true, false}, r.same(),
                    same -> same ? "same" : "valid", "same: zeros around the image keep its size (odd K); valid: it shrinks by K − 1");
            padding.valueProperty().addListener((o, a, b) -> edit(i, current(i).withSame(b), false));
            line.getChildren().add(padding);
        }
        ChoiceBox<Activation> activation = choice("layerActivation" + n, Activation.values(), r.activation(),
                Activation::word, "What each unit does with its sum: ReLU, tanh, sigmoid or nothing");
        activation.valueProperty().addListener((o, a, b) -> edit(i, current(i).withActivation(b), false));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        line.getChildren().addAll(activation, gap, buttons);
        line.setPadding(new javafx.geometry.Insets(0, 0, 0, 14));
        return line;
    }

    private HBox buttons(int i, int count) {
        String n = Integer.toString(i + 1);
        Button up = small("▲", "layerUp" + n, "Move this layer towards the input", () -> move(i, -1));
        Button down = small("▼", "layerDown" + n, "Move this layer towards the output", () -> move(i, 1));
        Button remove = small("✕", "layerRemove" + n, "Remove this layer", () -> {
            draft.remove(i);
            rebuild();
            update(true);
        });
        up.setDisable(i == 0);
        down.setDisable(i == count - 1);
        HBox box = new HBox(2, up, down, remove);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private static Button small(String text, String id, String tip, Runnable action) {
        Button b = Controls.button(text, id, tip, action);
        b.setMnemonicParsing(false);
        b.setStyle(SMALL_BUTTON);
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    /** A field for a row's number, {@code width} pixels wide (four digits fit in 52), that tells {@code typed} each text. */
    private static TextField number(String id, String text, double width, String tip, Consumer<String> typed) {
        TextField f = new TextField(text);
        f.setId(id);
        f.setPrefWidth(width);
        f.setMinWidth(width);
        f.setTooltip(new Tooltip(tip));
        f.textProperty().addListener((o, a, b) -> typed.accept(b));
        return f;
    }

    private static <T> ChoiceBox<T> choice(String id, T[] values, T initial, Function<T, String> name, String tip) {
        ChoiceBox<T> box = Choices.of(id, values, initial, name, tip);
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private Row current(int i) {
        return draft.rows().get(i);
    }

    /** Row {@code i} is now {@code row}; its controls are built again when its kind changed. */
    private void edit(int i, Row row, boolean rebuild) {
        if (i >= draft.size()) {
            return;
        }
        draft.set(i, row);
        if (rebuild) {
            rebuild();
        }
        update(true);
    }

    private void move(int i, int by) {
        if (draft.move(i, by)) {
            rebuild();
            update(true);
        }
    }

    /** A spec typed in the field: the rows follow it when it reads, else it is refused beside the field. */
    private void typed(String text) {
        if (syncing) {
            return;
        }
        try {
            draft = NetworkDraft.ofSpec(text);
            specRefused = false;
            rebuild();
            update(false);
        } catch (IllegalArgumentException e) {
            specRefused = true;
            specError.setText(e.getMessage());
            show(specError, true);
            summary.setText("The spec is refused (see above); the rows show the last network that read.");
            summary.setStyle(ERROR_STYLE);
            changed.run();
        }
    }

    private void update(boolean fromRows) {
        update(fromRows, true);
    }

    /** Shows the draft's check: each row's output or problem, the count, the spec (when the rows changed). */
    private void update(boolean fromRows, boolean notify) {
        check = draft.check();
        syncing = true;
        if (fromRows) {
            spec.setText(draft.spec());
        }
        preset.setValue(draft.presetName());
        syncing = false;
        specRefused = false;
        show(specError, false);
        for (int i = 0; i < messages.size(); i++) {
            Label m = messages.get(i);
            if (check.row() == i) {
                m.setText(check.problem());
                m.setStyle(ERROR_STYLE);
            } else {
                m.setText(i < check.outputs().size() ? shape(i) : "");
                m.setStyle(NOTE_STYLE);
            }
        }
        int last = draft.size();
        String outputText = (last + 1) + ". dense 10 (fixed): a score for each digit, no activation";
        if (check.row() == last) {
            output.setText(outputText + "\n" + check.problem());
            output.setStyle(ERROR_STYLE);
        } else {
            output.setText(outputText);
            output.setStyle("-fx-font-size: 12px;");
        }
        if (check.valid()) {
            summary.setText(String.format(Locale.ROOT, "%,d parameters (weights and biases) · input 1×28×28",
                    check.architecture().parameterCount()));
            summary.setStyle("-fx-font-weight: bold;");
        } else {
            summary.setText(check.row() < 0 ? check.problem() : "Refused: layer " + (check.row() + 1)
                    + " cannot work here (see its row). Train is off until it can.");
            summary.setStyle(ERROR_STYLE);
        }
        if (notify) {
            changed.run();
        }
    }

    /** "→ 16×28×28 · 416 parameters" for row {@code i}. */
    private String shape(int i) {
        long p = check.parameters().get(i);
        return "→ " + check.outputs().get(i) + (p > 0 ? String.format(Locale.ROOT, " · %,d parameters", p) : "");
    }

    private static void show(Label l, boolean on) {
        l.setVisible(on);
        l.setManaged(on);
    }

    // ---------------------------------------------------------------- what the view reads

    /** Whether the network can be trained. */
    boolean valid() {
        return !specRefused && check.valid();
    }

    /** The network to train, or empty while it is refused. */
    Optional<Architecture> architecture() {
        return valid() ? Optional.of(check.architecture()) : Optional.empty();
    }

    /** Shows {@code network} (the network of the session's weights, when the view opens) without telling the view. */
    void showNetwork(Architecture network) {
        draft = NetworkDraft.ofSpec(network.spec());
        rebuild();
        update(true, false);
    }

    /** Whether the network may be edited (not while a run is on). */
    void setEditable(boolean editable) {
        if (editable == this.editable) {
            return;
        }
        this.editable = editable;
        for (Node n : List.of(preset, rowsBox, add)) {
            n.setDisable(!editable);
        }
        spec.setEditable(editable);
        if (editable) {
            showEstimate(lastConfig); // measures on if a run stopped it
        } else {
            wanted = null; // a run is on: a measurement would slow it and be slowed by it
        }
    }

    /**
     * Shows the time of an epoch of the network with {@code config}'s batch size, image count and
     * threads: at once when measured before, else "measuring…" while a background thread measures it.
     * A measurement that had not settled (the JVM still compiling the engine's kernels) is shown and
     * measured again, up to {@value #MEASUREMENTS} times, each time with more of the code compiled.
     */
    void showEstimate(Optional<TrainingConfig> config) {
        lastConfig = config;
        if (!valid() || config.isEmpty()) {
            estimate.setText(valid() ? "Time per epoch: once the settings below read." : "Time per epoch: once the network can work.");
            return;
        }
        TrainingConfig c = config.get();
        Architecture network = check.architecture();
        String key = network.spec() + " @" + c.batch();
        int images = c.limit() > 0 ? Math.min(c.limit(), MNIST_TRAINING_IMAGES) : MNIST_TRAINING_IMAGES;
        EpochTimer.Measurement m = measured.get(key);
        boolean again = m == null || !m.settled() && attempts.getOrDefault(key, 0) < MEASUREMENTS;
        // a figure from steps that did not settle is far too high (a cold CNN's first steps take seconds): not shown while measuring on
        estimate.setText(m == null ? "Time per epoch: measuring…" : again ? "Time per epoch: measuring… (warming up)"
                : EpochTimer.line(m, images, c.batch(), c.threads()));
        if (!again || key.equals(wanted) || !editable || closed) {
            return;
        }
        wanted = key;
        measuring.run(() -> key.equals(wanted) ? EpochTimer.secondsPerBatch(network, c.batch()) : null, (done, failure) -> {
            if (done != null) {
                measured.put(key, done);
                attempts.merge(key, 1, Integer::sum);
            }
            if (key.equals(wanted)) {
                wanted = null;
                if (failure != null) {
                    estimate.setText("Time per epoch: could not measure (" + BackgroundTasks.reason(failure) + ")");
                } else {
                    showEstimate(lastConfig);
                }
            }
        });
    }

    /** Whether an epoch time is being measured or waits to be. */
    boolean measuring() {
        return wanted != null;
    }

    /** Stops measuring; a measurement under way is dropped when it ends. */
    void close() {
        closed = true;
        wanted = null;
        measuring.close();
    }
}
