package digitlab.app.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import digitlab.engine.Tensor;

/**
 * Where the chain rule of one backward step is written on the picture, in plain numbers: each receiver's
 * running sum next to its box (under it if there is room, else above, else the nearest free place), then
 * on each edge into the pushing node its local derivative and product ({@link EdgeLabels}), then the faint
 * sums of nodes reached earlier. No label covers a node's box or a label placed before it,
 * and none goes above the picture's top, where the view would cut it off.
 */
final class ChainLabels {
    /** The width of a character and the height of a line on a chain-rule label (12 px monospace). */
    static final double CHAR = 7.3, LINE = 16;
    /** The least y a label may start at: above it the view cuts it off. */
    static final double TOP = 2;
    /** Room between a sum and its node. */
    static final double GAP = 3;

    /** What a placed label is. */
    enum Kind {
        /** On an edge: the local derivative and the product that travelled. */
        CHAIN,
        /** By a receiver of this step: its gradient as the sum of its terms so far. */
        SUM,
        /** By a node reached before by more than one use: its sum as it stands. */
        FAINT_SUM
    }

    /** A label placed: {@code node} is the receiver (CHAIN, SUM) or the node summed (FAINT_SUM). */
    record Placed(Kind kind, Tensor node, String text, EdgeLabels.Box box) {
    }

    private ChainLabels() {
    }

    /** The size a one- or two-line label of {@code text} takes (padding and border included). */
    static GraphLayout.Size size(String text) {
        String[] lines = text.split("\n");
        int longest = 0;
        for (String line : lines) {
            longest = Math.max(longest, line.length());
        }
        return new GraphLayout.Size(longest * CHAR + 12, lines.length * LINE + 4);
    }

    /**
     * The labels of a step in which {@code pushing} sent {@code edges} back, on {@code g}'s layout;
     * {@code sums} holds every node reached so far with its sum (those with several terms get a faint
     * label). Nothing is modified.
     */
    static List<Placed> place(GraphGeometry g, Tensor pushing, List<ChainSteps.Edge> edges, Map<Tensor, String> sums) {
        List<Tensor> nodes = g.nodes();
        GraphLayout.Layout layout = g.layout();
        int to = nodes.indexOf(pushing);
        List<Placed> placed = new ArrayList<>();
        List<EdgeLabels.Box> taken = new ArrayList<>();
        for (ChainSteps.Edge e : edges) {
            int i = nodes.indexOf(e.receiver());
            if (i >= 0) {
                EdgeLabels.Box b = near(layout, i, size(e.sum()), taken);
                taken.add(b);
                placed.add(new Placed(Kind.SUM, e.receiver(), e.sum(), b));
            }
        }
        List<EdgeRoutes.Route> routes = new ArrayList<>();
        List<ChainSteps.Edge> onRoutes = new ArrayList<>();
        for (ChainSteps.Edge e : edges) {
            int from = nodes.indexOf(e.receiver());
            for (EdgeRoutes.Route route : g.routes()) {
                if (route.from() == from && route.to() == to) {
                    routes.add(route);
                    onRoutes.add(e);
                }
            }
        }
        GraphLayout.Size[] sizes = new GraphLayout.Size[routes.size()];
        for (int r = 0; r < routes.size(); r++) {
            sizes[r] = size(text(onRoutes.get(r)));
        }
        EdgeLabels.Box[] boxes = EdgeLabels.place(layout, routes, sizes, taken, TOP);
        for (int r = 0; r < routes.size(); r++) {
            placed.add(new Placed(Kind.CHAIN, onRoutes.get(r).receiver(), text(onRoutes.get(r)), boxes[r]));
        }
        sums.forEach((t, text) -> {
            int i = nodes.indexOf(t);
            if (i >= 0 && text.contains(" = ") && edges.stream().noneMatch(e -> e.receiver().equals(t))) {
                EdgeLabels.Box b = near(layout, i, size(text), taken);
                taken.add(b);
                placed.add(new Placed(Kind.FAINT_SUM, t, text, b));
            }
        });
        return placed;
    }

    /** An edge label's two lines. */
    static String text(ChainSteps.Edge e) {
        return e.local() + "\n" + e.product();
    }

    /**
     * A box of {@code size} by node {@code i}: under it, else above it (left-aligned with it, else
     * right-aligned), else the free place nearest to under it ({@link EdgeLabels#nearest}).
     */
    private static EdgeLabels.Box near(GraphLayout.Layout l, int i, GraphLayout.Size size, List<EdgeLabels.Box> taken) {
        double left = l.x()[i], right = l.x()[i] + l.width()[i] - size.width();
        double below = l.y()[i] + l.height()[i] + GAP, above = l.y()[i] - GAP - size.height();
        for (double y : new double[] {below, above}) {
            for (double x : new double[] {left, right}) {
                EdgeLabels.Box b = new EdgeLabels.Box(x, y, size.width(), size.height());
                if (EdgeLabels.free(l, b, taken, TOP)) {
                    return b;
                }
            }
        }
        return EdgeLabels.nearest(l, new EdgeLabels.Box(left, below, size.width(), size.height()), taken, TOP);
    }
}
