package digitlab.app.graph;

import javafx.scene.Group;
import javafx.scene.effect.ColorAdjust;
import javafx.scene.input.MouseButton;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;

/**
 * Where the Graph view draws its graph: a clipped area the graph is dragged about in and zoomed with the
 * wheel. Until a person drags or zooms, the graph is fitted again whenever the area changes size; Fit
 * goes back to that.
 */
final class GraphCanvas extends Pane {
    private final Group content = new Group();
    private final Scale zoom = new Scale(1, 1, 0, 0);
    private final Translate pan = new Translate();
    private GraphPicture picture;
    private double dragX, dragY;
    /** Whether a person has zoomed or moved the graph since it was last fitted. */
    private boolean adjustedByHand;

    GraphCanvas() {
        content.getTransforms().addAll(pan, zoom);
        getChildren().add(content);
        setId("graphCanvas");
        setStyle("-fx-background-color: #fafafa; -fx-border-color: #ccc;");
        Rectangle clip = new Rectangle();
        clip.widthProperty().bind(widthProperty());
        clip.heightProperty().bind(heightProperty());
        setClip(clip);
        setMinSize(200, 200);
        setOnMousePressed(e -> {
            dragX = e.getX() - pan.getX();
            dragY = e.getY() - pan.getY();
        });
        setOnMouseDragged(e -> {
            if (e.getButton() == MouseButton.PRIMARY || e.getButton() == MouseButton.MIDDLE) {
                adjustedByHand = true;
                pan.setX(e.getX() - dragX);
                pan.setY(e.getY() - dragY);
            }
        });
        addEventHandler(ScrollEvent.SCROLL, e -> {
            double factor = e.getDeltaY() > 0 ? 1.15 : 1 / 1.15;
            zoomAt(factor, e.getX(), e.getY());
            e.consume();
        });
        widthProperty().addListener((o, a, b) -> fitUnlessAdjusted());
        heightProperty().addListener((o, a, b) -> fitUnlessAdjusted());
        HBox.setHgrow(this, Priority.ALWAYS);
    }

    /** Shows {@code p} in place of the picture shown before, where that one was. */
    void show(GraphPicture p) {
        picture = p;
        content.getChildren().setAll(p);
    }

    /** Zooms by {@code factor} keeping the point (x, y) of the canvas where it is, as a person does with the wheel. */
    void zoomAt(double factor, double x, double y) {
        adjustedByHand = true;
        double s = Math.max(0.05, Math.min(6, zoom.getX() * factor));
        double real = s / zoom.getX();
        pan.setX(x - (x - pan.getX()) * real);
        pan.setY(y - (y - pan.getY()) * real);
        zoom.setX(s);
        zoom.setY(s);
    }

    /** Scales and moves the picture so all of it shows. */
    void fit() {
        adjustedByHand = false;
        if (picture == null || getWidth() <= 0) {
            return;
        }
        GraphGeometry g = picture.geometry();
        double s = Math.min(1.6, Math.min(getWidth() / g.width(), getHeight() / g.height()));
        zoom.setX(s);
        zoom.setY(s);
        pan.setX((getWidth() - g.width() * s) / 2);
        pan.setY((getHeight() - g.height() * s) / 2);
    }

    /** Fits the picture again, unless a person has zoomed or moved it since the last fit. */
    void fitUnlessAdjusted() {
        if (!adjustedByHand) {
            fit();
        }
    }

    /** Whether a person has zoomed or moved the graph since it was last fitted. */
    boolean adjustedByHand() {
        return adjustedByHand;
    }

    /** The scale the graph is drawn at. */
    double scale() {
        return zoom.getX();
    }

    /** Whether the graph is greyed out. */
    boolean stale() {
        return content.getOpacity() < 1;
    }

    /** Greys the graph out (a formula that does not parse: this graph is of the last one that did). */
    void setStale(boolean stale) {
        content.setOpacity(stale ? 0.3 : 1);
        content.setEffect(stale ? new ColorAdjust(0, -1, 0, 0) : null);
    }
}
