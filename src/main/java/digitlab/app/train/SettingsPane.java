package digitlab.app.train;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

import digitlab.app.widgets.Choices;
import digitlab.nn.OptimizerKind;
import digitlab.nn.Schedule;
import digitlab.nn.TrainingConfig;
import digitlab.nn.TrainingConfig.Field;

/**
 * The Train view's settings: a text field or a choice for each, read by {@link TrainingForm}. Under each
 * text field a line of two rows is kept free for its problem, shown or not, so that when problems appear
 * nothing moves; every problem shows at once.
 */
final class SettingsPane extends GridPane {
    private static final String ERROR_STYLE = "-fx-text-fill: #c92a2a; -fx-font-size: 11px;";
    /** The height kept for a field's problem: two lines of its small text. */
    static final double ERROR_HEIGHT = 30;
    /** The id of each text field (tests and the accessibility tree know them by these). */
    private static final Map<Field, String> IDS = Map.of(Field.EPOCHS, "epochs", Field.BATCH, "batch",
            Field.LEARNING_RATE, "rate", Field.MOMENTUM, "momentum", Field.SEED, "seed", Field.LIMIT, "images",
            Field.THREADS, "threads");

    private final Map<Field, TextField> fields = new EnumMap<>(Field.class);
    private final Map<Field, Label> errors = new EnumMap<>(Field.class);
    private final ChoiceBox<OptimizerKind> optimizer;
    private final ChoiceBox<Schedule> schedule;
    private final CheckBox augment = new CheckBox("_Shift images ±2 px (augmentation)");
    private final Label otherProblem = new Label();
    private final Runnable changed;

    /** {@code changed}: told whenever a setting changes. */
    SettingsPane(Runnable changed) {
        this.changed = changed;
        TrainingConfig d = TrainingConfig.defaults();
        Map<Field, String> texts = TrainingForm.defaultTexts();
        setHgap(8);
        setVgap(1);
        ColumnConstraints labels = new ColumnConstraints(), controls = new ColumnConstraints();
        controls.setHgrow(Priority.ALWAYS);
        getColumnConstraints().addAll(labels, controls);
        int row = 0;
        row = field(row, Field.EPOCHS, "_Epochs", texts, "Passes over the training images");
        row = field(row, Field.BATCH, "_Batch size", texts, "Images per step");
        row = field(row, Field.LEARNING_RATE, "_Learning rate", texts,
                "How far each step moves the weights (0.05 for SGD, about 0.001 for Adam)");
        optimizer = Choices.of("optimizer", OptimizerKind.values(), d.optimizer(), OptimizerKind::id,
                "SGD with momentum, or Adam");
        row = choice(row, "Optimi_zer", optimizer);
        row = field(row, Field.MOMENTUM, "Mome_ntum", texts, "SGD's momentum, 0 to below 1");
        schedule = Choices.of("schedule", Schedule.values(), d.schedule(), Schedule::id,
                "Constant rate, or cosine decay to zero over the run");
        row = choice(row, "Sc_hedule", schedule);
        row = field(row, Field.SEED, "Se_ed", texts, "Decides the shuffles, the shifts and Reset's weights");
        row = field(row, Field.LIMIT, "Training _images", texts, "Train on the first N of the 60,000 images, or all of them");
        row = field(row, Field.THREADS, "Thre_ads", texts, "Threads that share each batch");
        augment.setSelected(d.augment());
        augment.setId("augment");
        augment.setMnemonicParsing(true);
        augment.setTooltip(new Tooltip("Move each training image by up to 2 pixels each way: a little slower to learn, reads drawings better"));
        augment.selectedProperty().addListener((o, a, b) -> changed.run());
        add(augment, 0, row, 2, 1);
        otherProblem.setStyle(ERROR_STYLE);
        otherProblem.setWrapText(true);
        add(otherProblem, 0, row + 1, 2, 1);
    }

    private int field(int row, Field setting, String label, Map<Field, String> texts, String tip) {
        String id = IDS.get(setting);
        TextField f = new TextField(texts.get(setting));
        f.setId(id);
        f.setPrefColumnCount(7);
        f.setTooltip(new Tooltip(tip));
        f.textProperty().addListener((o, a, b) -> changed.run());
        fields.put(setting, f);
        int next = control(row, label, f);
        Label error = new Label();
        error.setId(id + "Error");
        error.setStyle(ERROR_STYLE);
        error.setWrapText(true);
        error.setAlignment(Pos.TOP_LEFT);
        error.setMinHeight(ERROR_HEIGHT);
        error.setPrefHeight(ERROR_HEIGHT);
        error.setMaxHeight(ERROR_HEIGHT);
        // as wide as the two columns, never wider: a longer problem wraps within its lines
        error.setPrefWidth(1);
        error.setMaxWidth(Double.MAX_VALUE);
        error.setVisible(false);
        errors.put(setting, error);
        add(error, 0, next, 2, 1);
        return next + 1;
    }

    /** A choice of {@code values}, each shown by its {@code name}, that re-reads the form when changed. */
    /** {@code box} in the form under {@code label}; the form is read again when its value changes. */
    private int choice(int row, String label, ChoiceBox<?> box) {
        box.valueProperty().addListener((o, a, b) -> changed.run());
        return control(row, label, box);
    }

    private int control(int row, String label, Control c) {
        Label l = new Label(label);
        l.setMnemonicParsing(true);
        l.setLabelFor(c);
        add(l, 0, row);
        add(c, 1, row);
        return row + 1;
    }

    /** The settings as typed, or empty with every problem shown beside its field (in the line kept for it). */
    Optional<TrainingConfig> config() {
        Map<Field, String> texts = new EnumMap<>(Field.class);
        fields.forEach((setting, f) -> texts.put(setting, f.getText()));
        TrainingForm.Result form = TrainingForm.read(texts, optimizer.getValue(), schedule.getValue(), augment.isSelected());
        errors.values().forEach(l -> l.setVisible(false));
        otherProblem.setText("");
        for (TrainingConfig.Problem p : form.problems()) {
            Label l = errors.get(p.field());
            if (l == null) {
                otherProblem.setText(p.message());
            } else {
                l.setText(p.message());
                l.setVisible(true);
            }
        }
        fields.get(Field.MOMENTUM).setDisable(!optimizer.getValue().usesMomentum());
        return Optional.ofNullable(form.config());
    }

    /** Whether the texts may be edited (not while a run is on). */
    void setEditable(boolean editable) {
        fields.values().forEach(f -> f.setEditable(editable));
    }
}
