package digitlab.app.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * One field per variable of the formula, kept in step with the Values text, which stays the one source
 * of truth: showing values fills the fields (except the one being typed in), and an edit in a field is
 * handed on as the Values text it makes.
 */
final class VariableFields extends HBox {
    private final Consumer<String> onEdit;
    private List<String> names = List.of();
    private boolean syncing;

    /** {@code onEdit}: told the Values text after a person edits a field. */
    VariableFields(Consumer<String> onEdit) {
        super(6);
        this.onEdit = onEdit;
        setId("variables");
        setAlignment(Pos.CENTER_LEFT);
    }

    /** Shows {@code values} (each variable's value, in the order they first appear), with new fields if the variables changed. */
    void show(Map<String, String> values) {
        List<String> now = List.copyOf(values.keySet());
        syncing = true;
        try {
            if (!now.equals(names)) {
                names = now;
                getChildren().clear();
                for (String name : now) {
                    TextField f = new TextField();
                    f.setId("var-" + name);
                    f.setPrefColumnCount(4);
                    f.setTooltip(new Tooltip("The value of " + name));
                    f.textProperty().addListener((o, a, b) -> edited());
                    getChildren().addAll(new Label(name), f);
                }
            }
            for (int i = 0; i < now.size(); i++) {
                TextField f = field(i);
                String value = values.get(now.get(i));
                if (!f.isFocused() && !f.getText().equals(value)) {
                    f.setText(value);
                }
            }
        } finally {
            syncing = false;
        }
    }

    private TextField field(int i) {
        return (TextField) getChildren().get(2 * i + 1);
    }

    private void edited() {
        if (syncing) {
            return;
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            texts.add(field(i).getText());
        }
        onEdit.accept(GraphSources.valuesText(names, texts));
    }
}
