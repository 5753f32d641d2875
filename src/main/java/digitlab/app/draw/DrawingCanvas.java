package digitlab.app.draw;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;

import digitlab.app.widgets.Heatmaps;
import digitlab.image.InkImage;

/**
 * The square canvas of the Draw view, as large as its place allows: the mouse draws on the
 * {@link Drawing} (the right button erases), and the canvas paints it. Every change is reported, so
 * the view can have it read.
 */
final class DrawingCanvas extends Pane {
    private static final Color PAPER = Color.WHITE, INK = Color.web("#111111");

    private final Drawing drawing = new Drawing();
    private final Canvas canvas = new Canvas(DrawView.MIN_SIDE, DrawView.MIN_SIDE);
    private final DoubleSupplier penWidth;
    private final BooleanSupplier eraser;
    private final Runnable changed;

    /**
     * @param penWidth the pen's width, as a share of the side
     * @param eraser   whether the left button erases too
     * @param changed  called after every change to the drawing
     */
    DrawingCanvas(DoubleSupplier penWidth, BooleanSupplier eraser, Runnable changed) {
        this.penWidth = penWidth;
        this.eraser = eraser;
        this.changed = changed;
        getChildren().add(canvas);
        canvas.setId("canvas");
        canvas.setFocusTraversable(true);
        canvas.setCursor(Cursor.CROSSHAIR);
        Tooltip.install(canvas, new Tooltip("Draw a digit with the left button; the right button erases.\n"
                + "Esc or Delete clears, Ctrl+Z undoes the last stroke."));
        setMinSize(DrawView.MIN_SIDE, DrawView.MIN_SIDE);
        setPrefSize(440, 440);
        widthProperty().addListener((o, a, b) -> resizeCanvas());
        heightProperty().addListener((o, a, b) -> resizeCanvas());
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::press);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::drag);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::release);
    }

    /** The drawing (JavaFX thread only). */
    Drawing drawing() {
        return drawing;
    }

    /** The canvas side, in logical pixels. */
    double side() {
        return canvas.getWidth();
    }

    /** Removes everything. */
    void clear() {
        drawing.clear();
        repaint();
        changed.run();
    }

    /** Removes the last stroke (or the picture), if there is one. */
    void undo() {
        if (drawing.undo()) {
            repaint();
            changed.run();
        }
    }

    /** Puts {@code picture} in place of the drawing. */
    void setPicture(InkImage picture) {
        drawing.setPicture(picture);
        repaint();
        changed.run();
    }

    private void resizeCanvas() {
        double s = Math.max(DrawView.MIN_SIDE, Math.floor(Math.min(getWidth(), getHeight())));
        if (s != canvas.getWidth()) {
            canvas.setWidth(s);
            canvas.setHeight(s);
            repaint();
        }
        canvas.setLayoutX(Math.max(0, Math.floor((getWidth() - s) / 2)));
    }

    private boolean erasing(MouseEvent e) {
        return e.getButton() == MouseButton.SECONDARY || eraser.getAsBoolean();
    }

    private void press(MouseEvent e) {
        canvas.requestFocus();
        if (e.getButton() != MouseButton.PRIMARY && e.getButton() != MouseButton.SECONDARY) {
            return;
        }
        drawing.begin(e.getX() / side(), e.getY() / side(), penWidth.getAsDouble(), erasing(e));
        List<Drawing.Stroke> strokes = drawing.strokes();
        paint(canvas.getGraphicsContext2D(), strokes.get(strokes.size() - 1));
        changed.run();
    }

    private void drag(MouseEvent e) {
        List<Drawing.Stroke> before = drawing.strokes();
        if (before.isEmpty()) {
            return;
        }
        Drawing.Stroke stroke = before.get(before.size() - 1);
        Drawing.Point last = stroke.points().get(stroke.points().size() - 1);
        drawing.extend(e.getX() / side(), e.getY() / side());
        // only the new segment is painted: the canvas keeps what is already there
        paintSegment(canvas.getGraphicsContext2D(), last, new Drawing.Point(e.getX() / side(), e.getY() / side()),
                stroke.width(), stroke.erase());
        changed.run();
    }

    private void release(MouseEvent e) {
        drawing.end();
        changed.run();
    }

    private void repaint() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(PAPER);
        g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
        InkImage picture = drawing.picture();
        if (picture != null) {
            double scale = side() / Math.max(picture.width(), picture.height());
            double w = picture.width() * scale, h = picture.height() * scale;
            g.setImageSmoothing(true);
            g.drawImage(Heatmaps.paper(picture.ink(), picture.width(), picture.height()),
                    (side() - w) / 2, (side() - h) / 2, w, h);
        }
        for (Drawing.Stroke s : drawing.strokes()) {
            paint(g, s);
        }
    }

    private void paint(GraphicsContext g, Drawing.Stroke s) {
        List<Drawing.Point> p = s.points();
        if (p.size() == 1) {
            paintSegment(g, p.get(0), p.get(0), s.width(), s.erase());
            return;
        }
        g.setStroke(s.erase() ? PAPER : INK);
        g.setLineWidth(s.width() * side());
        g.setLineCap(StrokeLineCap.ROUND);
        g.setLineJoin(StrokeLineJoin.ROUND);
        g.beginPath();
        g.moveTo(p.get(0).x() * side(), p.get(0).y() * side());
        for (int i = 1; i < p.size(); i++) {
            g.lineTo(p.get(i).x() * side(), p.get(i).y() * side());
        }
        g.stroke();
    }

    private void paintSegment(GraphicsContext g, Drawing.Point a, Drawing.Point b, double width, boolean erase) {
        g.setStroke(erase ? PAPER : INK);
        g.setFill(erase ? PAPER : INK);
        g.setLineWidth(width * side());
        g.setLineCap(StrokeLineCap.ROUND);
        if (a.equals(b)) {
            double r = width * side() / 2;
            g.fillOval(a.x() * side() - r, a.y() * side() - r, 2 * r, 2 * r);
        } else {
            g.strokeLine(a.x() * side(), a.y() * side(), b.x() * side(), b.y() * side());
        }
    }
}
