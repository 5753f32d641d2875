package digitlab.app.widgets;

import java.util.function.Function;

import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Tooltip;
import javafx.util.StringConverter;

/** Choice boxes that show each value by a name of its own. */
public final class Choices {
    private Choices() {
    }

    /** A choice of {@code values} starting at {@code initial}, each shown as {@code name} gives it, with an id and a tooltip. */
    public static <T> ChoiceBox<T> of(String id, T[] values, T initial, Function<T, String> name, String tip) {
        ChoiceBox<T> box = new ChoiceBox<>();
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
        return box;
    }
}
