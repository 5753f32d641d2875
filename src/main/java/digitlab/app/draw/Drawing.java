package digitlab.app.draw;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import digitlab.image.InkImage;

/**
 * What the person has drawn: strokes of ink and of eraser over an optional picture, in units of the
 * canvas side (0..1 both ways), so the canvas can be any size. No JavaFX here: the canvas draws these
 * strokes, and {@link #rasterize} turns them into ink for the network.
 *
 * <p>Belongs to the JavaFX thread; hand other threads a {@link #snapshot()}.
 */
public final class Drawing {
    /** A point in canvas units. */
    public record Point(double x, double y) {
    }

    /** A connected, round-capped line through {@code points}, {@code width} canvas units wide. */
    public record Stroke(List<Point> points, double width, boolean erase) {
        public Stroke {
            points = List.copyOf(points);
            if (points.isEmpty() || !(width > 0)) {
                throw new IllegalArgumentException("a stroke needs a point and a positive width");
            }
        }
    }

    /** An unchanging copy of a drawing, safe to read on any thread. */
    public record Snapshot(InkImage picture, List<Stroke> strokes, long version) {
        public boolean isBlank() {
            return picture == null && strokes.stream().noneMatch(s -> !s.erase());
        }
    }

    /** What the drawing was before one step: a stroke, a clear, or a picture put in. */
    private record Before(List<Stroke> strokes, InkImage picture) {
    }

    private final List<Stroke> strokes = new ArrayList<>();
    /** The drawing before each step still to undo, the latest last. */
    private final Deque<Before> history = new ArrayDeque<>();
    private final List<Point> current = new ArrayList<>();
    private double currentWidth;
    private boolean currentErase;
    private boolean drawing;
    private InkImage picture;
    private long version;

    /** Starts a stroke at (x, y). */
    public void begin(double x, double y, double width, boolean erase) {
        end();
        current.clear();
        current.add(new Point(x, y));
        currentWidth = width;
        currentErase = erase;
        drawing = true;
        version++;
    }

    /** Continues the stroke being drawn to (x, y); ignored when no stroke is being drawn. */
    public void extend(double x, double y) {
        if (drawing) {
            Point last = current.get(current.size() - 1);
            if (last.x() != x || last.y() != y) {
                current.add(new Point(x, y));
                version++;
            }
        }
    }

    /** Ends the stroke being drawn, which then counts as one step for {@link #undo()}. */
    public void end() {
        if (drawing) {
            remember();
            strokes.add(new Stroke(current, currentWidth, currentErase));
            current.clear();
            drawing = false;
            version++;
        }
    }

    /**
     * Takes back the last step: a stroke, a {@link #clear()} (every stroke and the picture come back as they
     * were) or a picture put in. Whether there was a step to take back.
     */
    public boolean undo() {
        end();
        Before before = history.pollLast();
        if (before == null) {
            return false;
        }
        strokes.clear();
        strokes.addAll(before.strokes());
        picture = before.picture();
        version++;
        return true;
    }

    /** Removes every stroke and the picture, as one step that {@link #undo()} takes back (nothing to clear: no step). */
    public void clear() {
        drawing = false;
        current.clear();
        if (!strokes.isEmpty() || picture != null) {
            remember();
            strokes.clear();
            picture = null;
        }
        version++;
    }

    /**
     * Starts again from a picture (ink 0..1, any size), which fills the canvas, shown whole and centred; one
     * step that {@link #undo()} takes back.
     */
    public void setPicture(InkImage ink) {
        end();
        remember();
        strokes.clear();
        picture = ink;
        version++;
    }

    /** Keeps the drawing as it is, before a step. */
    private void remember() {
        history.addLast(new Before(List.copyOf(strokes), picture));
    }

    /** The strokes so far, the one being drawn last. */
    public List<Stroke> strokes() {
        List<Stroke> all = new ArrayList<>(strokes);
        if (drawing) {
            all.add(new Stroke(current, currentWidth, currentErase));
        }
        return all;
    }

    public InkImage picture() {
        return picture;
    }

    /** Goes up by at least one with every change. */
    public long version() {
        return version;
    }

    public Snapshot snapshot() {
        return new Snapshot(picture, strokes(), version);
    }

    // ---------------------------------------------------------------- ink

    /**
     * The drawing as ink on a {@code side × side} grid, as the canvas shows it: the picture, then every
     * stroke in order (ink adds up to 1, eraser takes away), edges anti-aliased over one pixel.
     *
     * @param widthScale multiplies every stroke's width (1 = as drawn)
     */
    public static InkImage rasterize(Snapshot drawing, int side, double widthScale) {
        float[] ink = new float[side * side];
        if (drawing.picture() != null) {
            paintPicture(drawing.picture(), ink, side);
        }
        for (Stroke stroke : drawing.strokes()) {
            paintStroke(stroke, ink, side, widthScale);
        }
        return new InkImage(ink, side, side);
    }

    /**
     * The ink the network should get: strokes as drawn, or with widths scaled so that the line is about
     * {@link #INK_TO_SIZE} of the digit's height, as in MNIST, where a digit written small and thick
     * and one written large and thin become the same 20-pixel digit of 2 or 3 pixel lines. Only for
     * drawings made of strokes alone; a picture keeps its own line width.
     */
    public static InkImage rasterizeForNetwork(Snapshot drawing, int side) {
        return rasterize(drawing, side, networkWidthScale(drawing));
    }

    /** The ratio of line width to the size of the drawn digit that MNIST's digits have, roughly. */
    public static final double INK_TO_SIZE = 0.13;

    /** The factor {@link #rasterizeForNetwork} applies to the stroke widths (1 with a picture). */
    public static double networkWidthScale(Snapshot drawing) {
        if (drawing.picture() != null) {
            return 1;
        }
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        double width = 0;
        int inkStrokes = 0;
        for (Stroke s : drawing.strokes()) {
            if (s.erase()) {
                continue;
            }
            inkStrokes++;
            width = Math.max(width, s.width());
            for (Point p : s.points()) {
                minX = Math.min(minX, p.x());
                maxX = Math.max(maxX, p.x());
                minY = Math.min(minY, p.y());
                maxY = Math.max(maxY, p.y());
            }
        }
        if (inkStrokes == 0) {
            return 1;
        }
        // the size of the digit as drawn: its centre lines' extent plus one line width
        double size = Math.max(maxX - minX, maxY - minY) + width;
        double wanted = INK_TO_SIZE * size;
        // never thinner than 1.5 % of the canvas, so a dot stays visible, never wider than as drawn ×3
        return Math.max(0.015 / width, Math.min(3, wanted / width));
    }

    private static void paintPicture(InkImage picture, float[] ink, int side) {
        // fit the whole picture into the square, centred, by nearest sampling of its pixel centres
        double scale = Math.max(picture.width(), picture.height()) / (double) side;
        double offsetX = (side - picture.width() / scale) / 2, offsetY = (side - picture.height() / scale) / 2;
        for (int y = 0; y < side; y++) {
            int py = (int) Math.floor((y + 0.5 - offsetY) * scale);
            if (py < 0 || py >= picture.height()) {
                continue;
            }
            for (int x = 0; x < side; x++) {
                int px = (int) Math.floor((x + 0.5 - offsetX) * scale);
                if (px >= 0 && px < picture.width()) {
                    ink[y * side + x] = Math.min(1f, Math.max(0f, picture.at(px, py)));
                }
            }
        }
    }

    private static void paintStroke(Stroke stroke, float[] ink, int side, double widthScale) {
        double radius = stroke.width() * widthScale * side / 2;
        List<Point> points = stroke.points();
        // each pixel takes the coverage of its nearest segment once, so overlapping segments do not darken
        int n = points.size();
        double minX = Double.MAX_VALUE, minY = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (Point p : points) {
            minX = Math.min(minX, p.x() * side);
            maxX = Math.max(maxX, p.x() * side);
            minY = Math.min(minY, p.y() * side);
            maxY = Math.max(maxY, p.y() * side);
        }
        int x0 = Math.max(0, (int) Math.floor(minX - radius - 1)), x1 = Math.min(side - 1, (int) Math.ceil(maxX + radius + 1));
        int y0 = Math.max(0, (int) Math.floor(minY - radius - 1)), y1 = Math.min(side - 1, (int) Math.ceil(maxY + radius + 1));
        if (x0 > x1 || y0 > y1) {
            return;
        }
        int w = x1 - x0 + 1;
        float[] coverage = new float[w * (y1 - y0 + 1)];
        for (int i = 0; i < n; i++) {
            double ax = points.get(i).x() * side, ay = points.get(i).y() * side;
            double bx = points.get(Math.min(i + 1, n - 1)).x() * side, by = points.get(Math.min(i + 1, n - 1)).y() * side;
            int sx0 = Math.max(x0, (int) Math.floor(Math.min(ax, bx) - radius - 1));
            int sx1 = Math.min(x1, (int) Math.ceil(Math.max(ax, bx) + radius + 1));
            int sy0 = Math.max(y0, (int) Math.floor(Math.min(ay, by) - radius - 1));
            int sy1 = Math.min(y1, (int) Math.ceil(Math.max(ay, by) + radius + 1));
            double dx = bx - ax, dy = by - ay, length2 = dx * dx + dy * dy;
            for (int y = sy0; y <= sy1; y++) {
                double cy = y + 0.5;
                for (int x = sx0; x <= sx1; x++) {
                    double cx = x + 0.5;
                    double t = length2 == 0 ? 0 : Math.max(0, Math.min(1, ((cx - ax) * dx + (cy - ay) * dy) / length2));
                    double ex = cx - (ax + t * dx), ey = cy - (ay + t * dy);
                    double distance = Math.sqrt(ex * ex + ey * ey);
                    float c = (float) Math.max(0, Math.min(1, radius + 0.5 - distance));
                    int at = (y - y0) * w + (x - x0);
                    if (c > coverage[at]) {
                        coverage[at] = c;
                    }
                }
            }
        }
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                float c = coverage[(y - y0) * w + (x - x0)];
                if (c > 0) {
                    int at = y * side + x;
                    ink[at] = stroke.erase() ? ink[at] * (1 - c) : Math.min(1f, ink[at] + c * (1 - ink[at]));
                }
            }
        }
    }
}
