package digitlab.app.widgets;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.BiConsumer;

import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.GridPane;
import javafx.scene.paint.Color;

/**
 * A confusion matrix as a grid of counts: one row per true class, one column per predicted class.
 * Each cell is shaded by its share of the row (green on the diagonal, red off it, plain when zero),
 * has the id {@code cell-T-P}, and can be clicked, or reached with Tab and activated with Enter or
 * Space, to ask for the images behind it.
 */
public final class ConfusionGrid extends GridPane {
    private static final Color PLAIN = Color.WHITE, RIGHT = Color.web("#2f9e44"), WRONG = Color.web("#e03131");
    private static final String CELL = "-fx-font-family: monospace; -fx-font-size: 10px; -fx-alignment: center; -fx-padding: 1 1;";
    private static final String FOCUS = " -fx-border-color: #1c7ed6; -fx-border-width: 2;";
    private static final String RESTING = " -fx-border-color: #dee2e6; -fx-border-width: 1;";

    private final int classes;
    private final Label[][] cells;
    // the background part of each cell's style, so that focus changes can restyle it
    private final String[][] backgrounds;
    private boolean showing;
    private BiConsumer<Integer, Integer> onCellClicked = (t, p) -> { };

    /** An empty grid for {@code classes} classes. */
    public ConfusionGrid(int classes) {
        this.classes = classes;
        cells = new Label[classes][classes];
        backgrounds = new String[classes][classes];
        setHgap(1);
        setVgap(1);
        Label predicted = new Label("predicted");
        add(predicted, 2, 0, classes, 1);
        GridPane.setHalignment(predicted, HPos.CENTER);
        Label truth = new Label("true");
        truth.setRotate(-90);
        // a Group lays out the rotated bounds, so the label takes a narrow column
        add(new Group(truth), 0, 2, 1, classes);
        for (int c = 0; c < classes; c++) {
            Label column = header(c), row = header(c);
            add(column, 2 + c, 1);
            add(row, 1, 2 + c);
        }
        for (int t = 0; t < classes; t++) {
            for (int p = 0; p < classes; p++) {
                cells[t][p] = cell(t, p);
                add(cells[t][p], 2 + p, 2 + t);
            }
        }
        show(null);
    }

    private static Label header(int c) {
        Label l = new Label(Integer.toString(c));
        l.setStyle("-fx-font-family: monospace; -fx-font-weight: bold;");
        l.setMaxWidth(Double.MAX_VALUE);
        l.setAlignment(Pos.CENTER);
        return l;
    }

    private Label cell(int t, int p) {
        Label cell = new Label();
        cell.setId("cell-" + t + "-" + p);
        cell.setMinSize(28, 20);
        cell.setPrefSize(28, 20);
        cell.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        cell.setFocusTraversable(true);
        cell.focusedProperty().addListener((o, was, is) -> restyle(t, p));
        cell.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            cell.requestFocus();
            activate(t, p);
        });
        cell.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                e.consume();
                activate(t, p);
            }
        });
        return cell;
    }

    private void activate(int t, int p) {
        if (showing) {
            onCellClicked.accept(t, p);
        }
    }

    private void restyle(int t, int p) {
        cells[t][p].setStyle(CELL + backgrounds[t][p] + (cells[t][p].isFocused() ? FOCUS : RESTING));
    }

    /**
     * Shows {@code confusion} ([true][predicted] counts, classes×classes; neither modified nor
     * kept); null shows an empty grid, whose cells do nothing when clicked.
     */
    public void show(int[][] confusion) {
        if (confusion != null && (confusion.length != classes
                || Arrays.stream(confusion).anyMatch(r -> r == null || r.length != classes))) {
            throw new IllegalArgumentException("a confusion grid of " + classes + " classes needs a "
                    + classes + "×" + classes + " matrix");
        }
        showing = confusion != null;
        for (int t = 0; t < classes; t++) {
            long rowTotal = 0;
            for (int p = 0; confusion != null && p < classes; p++) {
                rowTotal += confusion[t][p];
            }
            for (int p = 0; p < classes; p++) {
                Label cell = cells[t][p];
                if (confusion == null) {
                    cell.setText("");
                    cell.setTooltip(null);
                    cell.setAccessibleText(null);
                    backgrounds[t][p] = background(PLAIN);
                } else {
                    int count = confusion[t][p];
                    double s = shade(count, (int) Math.min(Integer.MAX_VALUE, rowTotal));
                    String says = "true " + t + ", predicted " + p + ": " + count + (count == 1 ? " image" : " images");
                    cell.setText(Integer.toString(count));
                    if (cell.getTooltip() == null) {
                        cell.setTooltip(new Tooltip());
                    }
                    cell.getTooltip().setText(says);
                    cell.setAccessibleText(says);
                    backgrounds[t][p] = background(PLAIN.interpolate(t == p ? RIGHT : WRONG, s))
                            + (s > 0.6 ? " -fx-text-fill: white;" : "");
                }
                restyle(t, p);
            }
        }
    }

    /** Called with (true class, predicted class) when a shown cell is clicked or activated. */
    public void setOnCellClicked(BiConsumer<Integer, Integer> handler) {
        onCellClicked = handler == null ? (t, p) -> { } : handler;
    }

    /**
     * How strongly a cell is shaded, 0..1: the square root of its share of the row, so that a few
     * mistakes in a thousand still show (1 % shades 0.1); 0 for no images or an empty row.
     */
    public static double shade(int count, int rowTotal) {
        if (count <= 0 || rowTotal <= 0) {
            return 0;
        }
        return Math.sqrt(Math.min(1.0, (double) count / rowTotal));
    }

    private static String background(Color c) {
        return String.format(Locale.ROOT, " -fx-background-color: #%02x%02x%02x;",
                Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255), Math.round(c.getBlue() * 255));
    }
}
