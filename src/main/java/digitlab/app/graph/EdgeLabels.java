package digitlab.app.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the labels on edges go, in plain numbers: each label is a box on its edge's path between two
 * columns (where no node is), moved along the edge or, failing that, up or down the gap until it
 * overlaps neither a node nor a label placed before it. Labels are placed in the order given.
 */
final class EdgeLabels {
    /** Space kept around a label box. */
    static final double PAD = 2;

    /** A label's box: top-left corner and size. */
    record Box(double x, double y, double width, double height) {
        boolean overlaps(double ox, double oy, double ow, double oh) {
            return x < ox + ow && ox < x + width && y < oy + oh && oy < y + height;
        }

        boolean overlaps(Box o) {
            return overlaps(o.x, o.y, o.width, o.height);
        }
    }

    private static final double[] ALONG = {0.5, 0.3, 0.7, 0.15, 0.85};

    private EdgeLabels() {
    }

    /**
     * A box for each route whose size is given ({@code sizes[i]} for {@code routes.get(i)}; null for
     * no label, and then the box is null too). A label wider than its gap overhangs it evenly.
     */
    static Box[] place(GraphLayout.Layout l, List<EdgeRoutes.Route> routes, GraphLayout.Size[] sizes) {
        return place(l, routes, sizes, new ArrayList<>(), Double.NEGATIVE_INFINITY);
    }

    /**
     * {@link #place(GraphLayout.Layout, List, GraphLayout.Size[])} clear also of the boxes already
     * {@code taken}, and none starting above {@code top}; the boxes placed are added to {@code taken}.
     */
    static Box[] place(GraphLayout.Layout l, List<EdgeRoutes.Route> routes, GraphLayout.Size[] sizes, List<Box> taken,
            double top) {
        Box[] placed = new Box[routes.size()];
        for (int r = 0; r < routes.size(); r++) {
            if (sizes[r] != null) {
                placed[r] = place(l, routes.get(r), sizes[r], taken, top);
                taken.add(placed[r]);
            }
        }
        return placed;
    }

    private static Box place(GraphLayout.Layout l, EdgeRoutes.Route route, GraphLayout.Size size, List<Box> taken, double top) {
        // the gaps the edge crosses, the middle one first
        List<Integer> gaps = new ArrayList<>();
        for (int i = 1; i < route.segments(); i += 2) {
            gaps.add(i);
        }
        gaps.sort((a, b) -> Integer.compare(Math.abs(2 * a - route.segments()), Math.abs(2 * b - route.segments())));
        for (int gap : gaps) {
            for (double t : ALONG) {
                Box b = around(route, gap, t, size);
                if (free(l, b, taken, top)) {
                    return b;
                }
            }
        }
        // every spot on the edge is taken: the free place nearest its first choice of gap's middle
        return nearest(l, around(route, gaps.get(0), 0.5, size), taken, top);
    }

    /** How far, in steps across and down, {@link #nearest} looks around its box. */
    private static final int REACH = 30;
    /** The step across of {@link #nearest}. */
    private static final double ACROSS = 12;

    /**
     * The free place for a box like {@code wanted} nearest to it: moved by steps of ACROSS across and of a
     * half height up or down (nearest first, measured from the box's corner) up to REACH steps each way,
     * else straight down until free (there is always room below the lowest node).
     */
    static Box nearest(GraphLayout.Layout l, Box wanted, List<Box> taken, double top) {
        double down = wanted.height() / 2 + PAD;
        Box best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = -REACH; i <= REACH; i++) {
            for (int j = -REACH; j <= REACH; j++) {
                double dx = i * ACROSS, dy = j * down, distance = dx * dx + dy * dy;
                // not left of the picture either, where it would be cut off as above it
                if (distance < bestDistance && wanted.x() + dx >= 0) {
                    Box b = new Box(wanted.x() + dx, wanted.y() + dy, wanted.width(), wanted.height());
                    if (free(l, b, taken, top)) {
                        best = b;
                        bestDistance = distance;
                    }
                }
            }
        }
        for (int k = REACH + 1; best == null; k++) {
            Box b = new Box(wanted.x(), wanted.y() + k * down, wanted.width(), wanted.height());
            best = free(l, b, taken, top) ? b : null;
        }
        return best;
    }

    /** The label centred on the point at t of segment {@code gap}, kept within the gap across. */
    private static Box around(EdgeRoutes.Route route, int gap, double t, GraphLayout.Size size) {
        double[] p = EdgeRoutes.at(route, gap, t);
        double from = route.x()[gap] + PAD, to = route.x()[gap + 1] - PAD;
        double x = p[0] - size.width() / 2;
        x = size.width() > to - from ? (from + to - size.width()) / 2 : Math.max(from, Math.min(to - size.width(), x));
        return new Box(x, p[1] - size.height() / 2, size.width(), size.height());
    }

    /** Whether {@code b} starts at {@code top} or below and overlaps, with PAD around, no node and no box {@code taken}. */
    static boolean free(GraphLayout.Layout l, Box b, List<Box> taken, double top) {
        if (b.y() < top) {
            return false;
        }
        for (Box o : taken) {
            if (o.overlaps(b.x() - PAD, b.y() - PAD, b.width() + 2 * PAD, b.height() + 2 * PAD)) {
                return false;
            }
        }
        for (int v = 0; v < l.x().length; v++) {
            if (b.overlaps(l.x()[v] - PAD, l.y()[v] - PAD, l.width()[v] + 2 * PAD, l.height()[v] + 2 * PAD)) {
                return false;
            }
        }
        return true;
    }
}
