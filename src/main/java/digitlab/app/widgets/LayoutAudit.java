package digitlab.app.widgets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javafx.geometry.BoundingBox;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Control;
import javafx.scene.control.Labeled;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextInputControl;
import javafx.scene.text.Text;

/**
 * Checks what a person can reach in a window: every control they act on (buttons, check boxes, combo and choice boxes,
 * sliders, text fields) that is on show lies inside the scene, or inside a scroll pane that does; and no
 * label on show is cut to "…". Used by the views' tests at the window's minimum size and by the desktop
 * check of the packaged app, so both apply one rule.
 */
public final class LayoutAudit {
    /** Half a pixel either way: layout rounds to pixels. */
    private static final double SLACK = 0.5;

    /** One control a person acts on, where it is in the scene, and whether they can get at it. */
    public record Reach(String name, Bounds inScene, boolean reachable) {
    }

    private LayoutAudit() {
    }

    /**
     * Every control on show under {@code root} that a person acts on, with its bounds in the scene.
     * A control counts as reachable when it lies inside the scene, or inside a scroll pane that itself lies inside
     * the scene (scrolling brings it in).
     */
    public static List<Reach> controls(Scene scene) {
        List<Reach> found = new ArrayList<>();
        Bounds window = new BoundingBox(0, 0, scene.getWidth(), scene.getHeight());
        collect(scene.getRoot(), window, found);
        return found;
    }

    /** What is wrong in {@code scene}: controls out of reach and labels cut short, one line each; empty when all is well. */
    public static List<String> problems(Scene scene) {
        List<String> problems = new ArrayList<>();
        for (Reach r : controls(scene)) {
            if (!r.reachable()) {
                problems.add(r.name() + " lies outside the window (" + describe(r.inScene()) + " in a "
                        + Math.round(scene.getWidth()) + "×" + Math.round(scene.getHeight()) + " window)");
            }
        }
        cutLabels(scene.getRoot(), problems);
        return problems;
    }

    private static void collect(Node node, Bounds window, List<Reach> found) {
        if (!node.isVisible()) {
            return;
        }
        if (isActedOn(node)) {
            Bounds b = node.localToScene(node.getLayoutBounds());
            found.add(new Reach(name(node), b, inside(b, window)));
        }
        if (node instanceof ScrollPane pane) {
            // what scrolls into view counts as reachable when the pane itself is in the window
            Bounds b = pane.localToScene(pane.getLayoutBounds());
            Bounds reachable = inside(b, window) ? new BoundingBox(-1e9, -1e9, 2e9, 2e9) : new BoundingBox(0, 0, 0, 0);
            if (pane.getContent() != null) {
                collect(pane.getContent(), reachable, found);
            }
            return;
        }
        if (isActedOn(node)) {
            return; // a control's own parts (a combo box's arrow, a slider's thumb) are not separate controls
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                collect(child, window, found);
            }
        }
    }

    private static boolean isActedOn(Node node) {
        return node instanceof ButtonBase || node instanceof ComboBoxBase<?> || node instanceof ChoiceBox<?> || node instanceof Slider
                || node instanceof Spinner<?> || node instanceof TextInputControl;
    }

    private static boolean inside(Bounds b, Bounds window) {
        return b.getMinX() >= window.getMinX() - SLACK && b.getMinY() >= window.getMinY() - SLACK
                && b.getMaxX() <= window.getMaxX() + SLACK && b.getMaxY() <= window.getMaxY() + SLACK;
    }

    /** Labels on show whose text is drawn cut short, with the skin's ellipsis. */
    private static void cutLabels(Node node, List<String> problems) {
        if (!node.isVisible()) {
            return;
        }
        if (node instanceof Labeled labeled && labeled.getText() != null && !labeled.getText().isEmpty()) {
            String shown = shownText(labeled);
            String ellipsis = labeled.getEllipsisString();
            if (shown != null && !ellipsis.isEmpty() && shown.contains(ellipsis) && !labeled.getText().contains(ellipsis)) {
                problems.add(name(node) + " is cut to \"" + shown + "\" (its text is \"" + labeled.getText() + "\")");
            }
        }
        if (node instanceof Parent parent) {
            for (Node child : parent.getChildrenUnmodifiable()) {
                cutLabels(child, problems);
            }
        }
    }

    /** The text the skin draws for a label: its child {@link Text} node (the skin's LabeledText). */
    private static String shownText(Labeled labeled) {
        for (Node child : labeled.getChildrenUnmodifiable()) {
            if (child instanceof Text text) {
                return text.getText();
            }
        }
        return null;
    }

    /** A control as a person would name it: its id, else its kind and text. */
    public static String name(Node node) {
        String kind = node.getClass().getSimpleName();
        if (node.getId() != null && !node.getId().isEmpty()) {
            return kind + " #" + node.getId();
        }
        if (node instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
            return kind + " \"" + l.getText() + "\"";
        }
        if (node instanceof Control c && c.getAccessibleText() != null) {
            return kind + " \"" + c.getAccessibleText() + "\"";
        }
        return kind;
    }

    private static String describe(Bounds b) {
        return String.format(Locale.ROOT, "x %.0f–%.0f, y %.0f–%.0f", b.getMinX(), b.getMaxX(), b.getMinY(), b.getMaxY());
    }
}
