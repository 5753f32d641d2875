package digitlab.app.mine;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import digitlab.app.shared.AppState;
import digitlab.app.shared.BackgroundTasks;
import digitlab.app.widgets.Controls;
import digitlab.data.MyDigits;
import digitlab.image.InkImage;
import digitlab.model.Model;

/**
 * "It's a [0] [1] … [9]" and "My digits…": a digit button keeps the drawing on the canvas, as that digit,
 * in {@link MyDigits} (off the JavaFX thread), and opens the {@link MyDigitsPane}. One line under it says
 * what happened: "Saved as a 7 (12 digits in My digits)" or why not.
 */
public final class KeepBar extends VBox {
    /** The drawing to keep: its 280×280 strokes (made when called, off the JavaFX thread) and the 28×28 input the network read. */
    public record Drawn(Callable<InkImage> strokes, float[] pixels) {
    }

    private final MyDigits store;
    private final Supplier<Drawn> drawing;
    private final Supplier<Model> model;
    private final AppState state;
    private final BackgroundTasks files = new BackgroundTasks("digitlab-my-digits");
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
        Label its = new Label("It's a");
        its.setMinWidth(Region.USE_PREF_SIZE);
        HBox digits = new HBox(3, its);
        digits.setAlignment(Pos.CENTER_LEFT);
        for (int d = 0; d <= 9; d++) {
            int label = d;
            Button b = Controls.button(Integer.toString(d), "keep" + d, "Keep this drawing as a " + d + " in My digits, "
                    + "to fine-tune the network on your handwriting", () -> keep(label));
            b.setMinWidth(Region.USE_PREF_SIZE);
            b.setStyle("-fx-padding: 3 7 3 7;");
            digits.getChildren().add(b);
        }
        Button open = Controls.button("M_y digits…", "openMyDigits", "See, relabel, import or export the digits you kept, "
                + "and fine-tune the network on them", this::openPane);
        open.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(8, said, open);
        row.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(said, Priority.ALWAYS);
        said.setMaxWidth(Double.MAX_VALUE);
        said.setId("keepStatus");
        said.setWrapText(true);
        said.setMinHeight(Region.USE_PREF_SIZE);
        said.setStyle("-fx-text-fill: #555;");
        said.setText("Press the digit you meant: the drawing is kept in My digits.");
        getChildren().addAll(digits, row);
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
