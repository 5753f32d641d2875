package digitlab.app.mine;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import digitlab.app.shared.AppState;
import digitlab.app.shared.BackgroundTasks;
import digitlab.app.widgets.Controls;
import digitlab.data.MyDigits;
import digitlab.image.InkImage;
import digitlab.model.Model;

/**
 * "It's a [7] Keep · My digits…": keeps the drawing on the canvas, with the digit the person says it is,
 * in {@link MyDigits} (off the JavaFX thread), and opens the {@link MyDigitsPane}. One line under it says
 * what happened: "Saved as a 7 (12 digits in My digits)" or why not.
 */
public final class KeepBar extends VBox {
    /** The drawing to keep: its 280×280 strokes (made when called, off the JavaFX thread) and the 28×28 input the network read. */
    public record Drawn(Callable<InkImage> strokes, float[] pixels) {
    }

    private static final Integer[] DIGITS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    private final MyDigits store;
    private final Supplier<Drawn> drawing;
    private final Supplier<Model> model;
    private final AppState state;
    private final BackgroundTasks files = new BackgroundTasks("digitlab-my-digits");
    private final ChoiceBox<Integer> digit = new ChoiceBox<>();
    private final Label said = new Label();
    private MyDigitsPane pane;

    /**
     * @param drawing the drawing and what the network read of it, on the JavaFX thread; null when the canvas is
     *                blank or not read yet
     * @param model   the model reading the drawing (null while none)
     */
    public KeepBar(MyDigits store, Supplier<Drawn> drawing, Supplier<Model> model, AppState state) {
        super(4);
        this.store = store;
        this.drawing = drawing;
        this.model = model;
        this.state = state;
        setId("keepBar");
        digit.getItems().addAll(DIGITS);
        digit.setId("keepDigit");
        digit.setTooltip(new Tooltip("What you meant to draw"));
        Label its = new Label("It's a");
        its.setLabelFor(digit);
        its.setMinWidth(Region.USE_PREF_SIZE);
        Button keep = Controls.button("_Keep", "keep", "Keep this drawing with the digit chosen, to fine-tune the network "
                + "on your handwriting (My digits)", this::keepChosen);
        Button open = Controls.button("M_y digits…", "openMyDigits", "See, relabel, import or export the digits you kept, "
                + "and fine-tune the network on them", this::openPane);
        for (Region r : new Region[] {digit, keep, open}) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        FlowPane row = new FlowPane(8, 4, its, digit, keep, open);
        row.setAlignment(Pos.CENTER_LEFT);
        said.setId("keepStatus");
        said.setWrapText(true);
        said.setMinHeight(Region.USE_PREF_SIZE);
        said.setStyle("-fx-text-fill: #555;");
        getChildren().addAll(row, said);
    }

    private void keepChosen() {
        if (digit.getValue() == null) {
            said.setText("Choose which digit it is first, under \"It's a\".");
            return;
        }
        keep(digit.getValue());
    }

    /**
     * Keeps the drawing as a {@code label}; completes on the JavaFX thread with whether it was kept (the line
     * under the row says so, or why not).
     */
    public CompletableFuture<Boolean> keep(int label) {
        Drawn d = drawing.get();
        if (d == null) {
            said.setText("Draw a digit first: a blank canvas or one not read yet cannot be kept.");
            return CompletableFuture.completedFuture(false);
        }
        said.setText("Keeping it as a " + label + "…");
        return files.run(() -> {
            store.add(d.strokes().call(), d.pixels(), label);
            return store.list().size();
        }, (count, failure) -> {
            said.setText(failure == null ? MyDigitsPresenter.saved(label, count)
                    : "Could not keep it: " + BackgroundTasks.reason(failure));
            if (failure == null && pane != null) {
                pane.reload();
            }
        }).handle((count, failure) -> failure == null);
    }

    /** Opens the My digits window (or brings it forward); returns its pane. */
    public MyDigitsPane openPane() {
        if (pane == null) {
            pane = new MyDigitsPane(store, model, state);
        }
        pane.show(getScene() == null ? null : getScene().getWindow());
        return pane;
    }

    /** The line under the row. */
    public String status() {
        return said.getText();
    }

    /** Stops the background threads. */
    public void close() {
        files.close();
        if (pane != null) {
            pane.close();
        }
    }
}
