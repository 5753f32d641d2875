package digitlab.app.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;

import digitlab.expr.Expression;

/**
 * The one place where the formula's variables get their values: a row per variable with a field to type
 * in and a slider to drag, the two kept in step. The values typed are remembered by name, so that a
 * variable keeps its value while the formula around it is edited. Every change is handed on at once,
 * so values and gradients follow the slider.
 */
final class VariableRows extends FlowPane {
    private final Runnable onEdit;
    /** The text of each variable's value, by name, for every variable seen (not only those on show). */
    private final Map<String, String> texts = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private boolean syncing;

    /** A variable's row: its field and its slider. */
    private record Row(String name, TextField field, Slider slider) {
    }

    /** {@code onEdit}: told after a person types a value or drags a slider. */
    VariableRows(Runnable onEdit) {
        super(16, 4);
        this.onEdit = onEdit;
        setId("variables");
        setAlignment(Pos.CENTER_LEFT);
    }

    /** Takes the values of a text such as "x=2 z=0" (an example's), replacing those of the same names. */
    void setValues(String text) {
        for (String pair : text.trim().split("[\\s,]+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                texts.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        syncing = true;
        try {
            for (Row r : rows) {
                if (texts.containsKey(r.name())) {
                    r.field().setText(texts.get(r.name()));
                    follow(r);
                }
            }
        } finally {
            syncing = false;
        }
    }

    /**
     * Every value remembered, as "x=2 z=1": those on show first, each as its field reads, then those of
     * variables the formula has lost (which {@link GraphSources#formula} passes over).
     */
    String valuesText() {
        List<String> names = new ArrayList<>(texts.keySet()), values = new ArrayList<>(texts.values());
        return GraphSources.valuesText(names, values);
    }

    /**
     * Shows a row for each variable of {@code values} (each variable's value, in the order they first
     * appear), making new rows if the variables changed; a field being typed in keeps its text.
     */
    void show(Map<String, String> values) {
        syncing = true;
        try {
            if (!List.copyOf(values.keySet()).equals(rows.stream().map(Row::name).toList())) {
                rows.clear();
                getChildren().clear();
                values.keySet().forEach(this::addRow);
            }
            for (Row r : rows) {
                String value = values.get(r.name());
                if (!r.field().isFocused() && !r.slider().isValueChanging() && !r.field().getText().equals(value)) {
                    r.field().setText(value);
                }
                texts.put(r.name(), r.field().getText());
                follow(r);
            }
        } finally {
            syncing = false;
        }
    }

    private void addRow(String name) {
        TextField field = new TextField(texts.getOrDefault(name, "0"));
        field.setId("var-" + name);
        field.setPrefColumnCount(5);
        field.setTooltip(new Tooltip("The value of " + name));
        Slider slider = new Slider(0, 0, 0); // an empty range: the first follow() sets it around the value
        slider.setId("slider-" + name);
        slider.setPrefWidth(150);
        slider.setTooltip(new Tooltip("Drag to change " + name + ": the values and gradients follow"));
        Row row = new Row(name, field, slider);
        field.textProperty().addListener((o, a, b) -> {
            if (!syncing) {
                texts.put(name, b);
                syncing = true;
                try {
                    follow(row);
                } finally {
                    syncing = false;
                }
                onEdit.run();
            }
        });
        slider.valueProperty().addListener((o, a, b) -> {
            if (!syncing) {
                String text = SliderRange.text(b.doubleValue(), slider.getMin(), slider.getMax());
                syncing = true;
                try {
                    field.setText(text);
                } finally {
                    syncing = false;
                }
                texts.put(name, text);
                onEdit.run();
            }
        });
        Label label = new Label(name);
        label.setMinWidth(Label.USE_PREF_SIZE);
        HBox box = new HBox(6, label, field, slider);
        box.setAlignment(Pos.CENTER_LEFT);
        rows.add(row);
        getChildren().add(box);
    }

    /** The slider at the field's value, its range widened around the value if the value lies outside. */
    private void follow(Row r) {
        float value;
        try {
            value = Expression.parseValue(r.name(), r.field().getText());
        } catch (NumberFormatException e) {
            return; // the view shows the problem; the slider stays where it was
        }
        Slider s = r.slider();
        if (s.getMax() <= s.getMin() || value < s.getMin() || value > s.getMax()) {
            double[] range = SliderRange.around(value);
            s.setMin(range[0]);
            s.setMax(range[1]);
        }
        s.setValue(value);
    }
}
