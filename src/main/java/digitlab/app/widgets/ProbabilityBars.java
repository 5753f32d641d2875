package digitlab.app.widgets;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;

/** One bar per class: its label, a bar as long as its probability, and the percentage. */
public final class ProbabilityBars extends GridPane {
    private final Rectangle[] bars;
    private final Label[] values;
    private final Label[] names;

    public ProbabilityBars(int classes) {
        bars = new Rectangle[classes];
        values = new Label[classes];
        names = new Label[classes];
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
            track.setStyle("-fx-background-color: #e8e8e8;");
            track.setMinHeight(14);
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
