package digitlab.app.widgets;

import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;

/** Small pieces every view builds the same way. */
public final class Controls {
    private Controls() {
    }

    /** A button with a mnemonic (an underscore in {@code text}), an id, a tooltip and its action. */
    public static Button button(String text, String id, String tip, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setMnemonicParsing(true);
        b.setTooltip(new Tooltip(tip));
        if (action != null) {
            b.setOnAction(e -> action.run());
        }
        return b;
    }

    /** {@code view} in a thin grey frame of exactly its size, on {@code background} (a CSS colour, or null). */
    public static Region framed(ImageView view, String background) {
        Pane frame = new Pane(view);
        frame.setStyle("-fx-border-color: #999;" + (background == null ? "" : " -fx-background-color: " + background + ";"));
        frame.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        frame.setMinSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        return frame;
    }
}
