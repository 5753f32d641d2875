package digitlab.app.widgets;

import java.util.function.IntConsumer;
import java.util.function.IntFunction;

import javafx.geometry.Pos;
import javafx.scene.AccessibleRole;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/**
 * One bar per class: its label, a bar as long as its probability, and the percentage. With
 * {@link #onPick} a row can be picked with the mouse, or with Enter or Space on its focused bar.
 */
public final class ProbabilityBars extends GridPane {
    private static final String TRACK = "-fx-background-color: #e8e8e8;";
    private static final String FOCUSED_TRACK = TRACK + " -fx-border-color: #1c7ed6; -fx-border-width: 2;";

    private final Rectangle[] bars;
    private final StackPane[] tracks;
    private final Label[] values;
    private final Label[] names;

    public ProbabilityBars(int classes) {
        bars = new Rectangle[classes];
        values = new Label[classes];
        names = new Label[classes];
        tracks = new StackPane[classes];
        setHgap(8);
        setVgap(2);
        ColumnConstraints name = new ColumnConstraints(), bar = new ColumnConstraints(), value = new ColumnConstraints();
        bar.setHgrow(Priority.ALWAYS);
        value.setMinWidth(56);
        getColumnConstraints().addAll(name, bar, value);
        for (int c = 0; c < classes; c++) {
            names[c] = new Label(Integer.toString(c));
            names[c].setStyle("-fx-font-family: monospace; -fx-font-weight: bold;");
            StackPane track = new StackPane();
            track.setAlignment(Pos.CENTER_LEFT);
            track.setId("bar-" + c);
            track.setStyle(TRACK);
            track.focusedProperty().addListener((o, was, is) -> track.setStyle(is ? FOCUSED_TRACK : TRACK));
            tracks[c] = track;
            track.setMinHeight(14);
            // its width comes from the column, never from the bar in it (which follows the width)
            track.setMinWidth(0);
            track.setPrefWidth(100);
            bars[c] = new Rectangle(0, 12);
            track.getChildren().add(bars[c]);
            values[c] = new Label("");
            values[c].setId("probability-" + c);
            values[c].setAlignment(Pos.CENTER_RIGHT);
            values[c].setMaxWidth(Double.MAX_VALUE);
            values[c].setStyle("-fx-font-family: monospace;");
            add(names[c], 0, c);
            add(track, 1, c);
            add(values[c], 2, c);
            int row = c;
            track.widthProperty().addListener((o, a, w) -> bars[row].setWidth(w.doubleValue() * fraction(row)));
        }
        show(null, -1);
    }

    /**
     * Makes each row a thing to pick: a click on its name, bar or percentage, or Enter or Space on its bar
     * (which takes the keyboard focus in turn), calls {@code picked} with the class; the rows show a hand
     * and {@code tip}'s text for their class as a tooltip, and the bar is a button to a screen reader.
     */
    public void onPick(IntConsumer picked, IntFunction<String> tip) {
        for (int c = 0; c < bars.length; c++) {
            int row = c;
            tracks[c].setFocusTraversable(true);
            tracks[c].setAccessibleRole(AccessibleRole.BUTTON);
            tracks[c].setAccessibleText(tip.apply(row));
            tracks[c].addEventHandler(KeyEvent.KEY_PRESSED, e -> {
                if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                    picked.accept(row);
                    e.consume();
                }
            });
            for (Node n : new Node[] {names[c], tracks[c], values[c]}) {
                n.setCursor(Cursor.HAND);
                Tooltip.install(n, new Tooltip(tip.apply(row)));
                n.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
                    if (e.getButton() == MouseButton.PRIMARY) {
                        tracks[row].requestFocus();
                        picked.accept(row);
                    }
                });
            }
        }
    }

    private double fraction(int c) {
        Object f = bars[c].getUserData();
        return f == null ? 0 : (Double) f;
    }

    /** Shows {@code probabilities} (null: none), the class {@code best} highlighted. */
    public void show(float[] probabilities, int best) {
        for (int c = 0; c < bars.length; c++) {
            double p = probabilities == null ? 0 : probabilities[c];
            bars[c].setUserData(p);
            double track = bars[c].getParent() == null ? 0 : ((StackPane) bars[c].getParent()).getWidth();
            bars[c].setWidth(track * p);
            bars[c].setFill(Color.web(c == best ? "#d9480f" : "#4c6ef5"));
            values[c].setText(probabilities == null ? "–" : Percent.percent(p));
            names[c].setStyle("-fx-font-family: monospace; -fx-font-weight: bold;"
                    + (c == best ? " -fx-text-fill: #d9480f;" : ""));
        }
    }

    /** The text shown for class {@code c}. */
    public String valueText(int c) {
        return values[c].getText();
    }
}
