package digitlab.app.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the edges of a {@link GraphLayout.Layout} run, in plain numbers, so that no edge passes behind a
 * box it does not belong to. An edge leaves its input's right side at a port of its own (a box's ports
 * are spread over its height in the order of where they lead), runs straight to the right side of its
 * column, then through every column it passes by a free channel (above, between or below the boxes,
 * {@link #CLEARANCE} away from them; edges sharing a channel are spread over it), and enters its user's
 * left side at a port of its own.
 *
 * <p>A route is a list of points. Segment i goes from point i to point i+1: for even i it is horizontal
 * and inside one column (beside its own box, or through a channel); for odd i it crosses the gap between
 * two columns, where there is no box, and is drawn as the curve {@link #at} gives, which stays between
 * the columns because its control points do.
 */
final class EdgeRoutes {
    /** The least distance between an edge passing a column and a box of that column. */
    static final double CLEARANCE = 4;
    /** The distance kept between edges passing above or below a whole column. */
    static final double LANE = 6;

    /** The edge from node {@code from} to node {@code to}, through the points (x[i], y[i]). */
    record Route(int from, int to, double[] x, double[] y) {
        int segments() {
            return x.length - 1;
        }
    }

    private EdgeRoutes() {
    }

    /** One route per distinct edge of {@code inputs} (laid out as {@code l}), in the order of the users, then of their inputs. */
    static List<Route> of(GraphLayout.Layout l, int[][] inputs) {
        int n = inputs.length;
        int[] layer = l.layer();
        int layers = 0;
        for (int k : layer) {
            layers = Math.max(layers, k + 1);
        }
        double[] left = new double[layers], right = new double[layers];
        List<List<Integer>> columns = new ArrayList<>();
        for (int k = 0; k < layers; k++) {
            columns.add(new ArrayList<>());
        }
        for (int v = 0; v < n; v++) {
            left[layer[v]] = l.x()[v];
            right[layer[v]] = Math.max(right[layer[v]], l.x()[v] + l.width()[v]);
            columns.get(layer[v]).add(v);
        }
        int[][] column = new int[layers][];
        for (int k = 0; k < layers; k++) {
            column[k] = columns.get(k).stream().sorted(Comparator.comparingDouble(v -> l.y()[v])).mapToInt(Integer::intValue).toArray();
        }

        List<int[]> edges = new ArrayList<>();
        List<List<Integer>> outgoing = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            outgoing.add(new ArrayList<>());
        }
        for (int v = 0; v < n; v++) {
            for (int u : Arrays.stream(inputs[v]).distinct().toArray()) {
                outgoing.get(u).add(edges.size());
                edges.add(new int[] {u, v});
            }
        }
        int m = edges.size();
        // ports where edges leave: spread over the box in the order of the users' heights
        double[] outY = new double[m];
        for (int u = 0; u < n; u++) {
            List<Integer> out = outgoing.get(u);
            out.sort(Comparator.comparingDouble(e -> l.midY(edges.get(e)[1])));
            for (int i = 0; i < out.size(); i++) {
                outY[out.get(i)] = l.y()[u] + l.height()[u] * (i + 1) / (out.size() + 1);
            }
        }
        // channels through the columns between: the free height nearest the straight way on
        double[][] passY = new double[m][];
        double[][] ideal = new double[m][];
        Map<Long, List<int[]>> channels = new HashMap<>(); // (column, channel) → (edge, pass)
        for (int e = 0; e < m; e++) {
            int u = edges.get(e)[0], v = edges.get(e)[1];
            int passes = layer[v] - layer[u] - 1;
            passY[e] = new double[passes];
            ideal[e] = new double[passes];
            double at = outY[e], target = l.midY(v);
            for (int p = 0; p < passes; p++) {
                int k = layer[u] + 1 + p;
                ideal[e][p] = at + (target - at) / (passes - p + 1);
                int[] boxes = column[k];
                int channel = channel(l, boxes, ideal[e][p]);
                passY[e][p] = free(l, boxes, channel, ideal[e][p]);
                channels.computeIfAbsent((long) k << 32 | channel, c -> new ArrayList<>()).add(new int[] {e, p});
                at = passY[e][p];
            }
        }
        for (Map.Entry<Long, List<int[]>> c : channels.entrySet()) {
            spread(l, column[(int) (c.getKey() >>> 32)], (int) (long) c.getKey(), c.getValue(), passY, ideal);
        }
        // ports where edges enter: spread over the box in the order of where they come from
        double[] inY = new double[m];
        List<List<Integer>> incoming = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            incoming.add(new ArrayList<>());
        }
        for (int e = 0; e < m; e++) {
            incoming.get(edges.get(e)[1]).add(e);
        }
        for (int v = 0; v < n; v++) {
            List<Integer> in = incoming.get(v);
            in.sort(Comparator.comparingDouble(e -> passY[e].length > 0 ? passY[e][passY[e].length - 1] : outY[e]));
            for (int i = 0; i < in.size(); i++) {
                inY[in.get(i)] = l.y()[v] + l.height()[v] * (i + 1) / (in.size() + 1);
            }
        }
        List<Route> routes = new ArrayList<>(m);
        for (int e = 0; e < m; e++) {
            int u = edges.get(e)[0], v = edges.get(e)[1], passes = passY[e].length;
            double[] x = new double[3 + 2 * passes], y = new double[x.length];
            x[0] = l.outX(u);
            y[0] = outY[e];
            x[1] = right[layer[u]];
            y[1] = outY[e];
            for (int p = 0; p < passes; p++) {
                int k = layer[u] + 1 + p;
                x[2 + 2 * p] = left[k];
                x[3 + 2 * p] = right[k];
                y[2 + 2 * p] = y[3 + 2 * p] = passY[e][p];
            }
            x[x.length - 1] = l.inX(v);
            y[y.length - 1] = inY[e];
            routes.add(new Route(u, v, x, y));
        }
        return routes;
    }

    /**
     * The channel of a column (boxes sorted top to bottom) that height y falls in or is nearest to: c is
     * the space above box c (c = boxes.length: below the last). A y within a box's clearance goes to the
     * nearer of the channels above and below it.
     */
    private static int channel(GraphLayout.Layout l, int[] boxes, double y) {
        for (int i = 0; i < boxes.length; i++) {
            double top = l.y()[boxes[i]], bottom = top + l.height()[boxes[i]];
            if (y < top - CLEARANCE) {
                return i;
            }
            if (y <= bottom + CLEARANCE) {
                return y - (top - CLEARANCE) < (bottom + CLEARANCE) - y ? i : i + 1;
            }
        }
        return boxes.length;
    }

    /** The free heights of channel c: from the box above (plus clearance) to the box below (minus clearance). */
    private static double[] range(GraphLayout.Layout l, int[] boxes, int c) {
        double low = c == 0 ? Double.NEGATIVE_INFINITY : l.y()[boxes[c - 1]] + l.height()[boxes[c - 1]] + CLEARANCE;
        double high = c == boxes.length ? Double.POSITIVE_INFINITY : l.y()[boxes[c]] - CLEARANCE;
        return new double[] {low, high};
    }

    private static double free(GraphLayout.Layout l, int[] boxes, int c, double y) {
        double[] r = range(l, boxes, c);
        return Math.max(r[0], Math.min(r[1], y));
    }

    /**
     * Edges sharing a channel, kept in the order of their ideal heights: spread evenly over a channel
     * between two boxes, or {@link #LANE} apart at least above or below the column.
     */
    private static void spread(GraphLayout.Layout l, int[] boxes, int c, List<int[]> passes, double[][] passY, double[][] ideal) {
        if (passes.size() < 2) {
            return;
        }
        passes.sort(Comparator.comparingDouble(p -> ideal[p[0]][p[1]]));
        double[] r = range(l, boxes, c);
        int k = passes.size();
        if (Double.isFinite(r[0]) && Double.isFinite(r[1])) {
            for (int i = 0; i < k; i++) {
                int[] p = passes.get(i);
                passY[p[0]][p[1]] = r[0] + (r[1] - r[0]) * (i + 1) / (k + 1);
            }
        } else if (Double.isFinite(r[0])) { // below the column: push each down below the one before
            double floor = r[0];
            for (int[] p : passes) {
                passY[p[0]][p[1]] = Math.max(passY[p[0]][p[1]], floor);
                floor = passY[p[0]][p[1]] + LANE;
            }
        } else { // above (or a column of no box): push each up above the one after
            double ceiling = r[1];
            for (int i = k - 1; i >= 0; i--) {
                int[] p = passes.get(i);
                passY[p[0]][p[1]] = Math.min(passY[p[0]][p[1]], ceiling);
                ceiling = passY[p[0]][p[1]] - LANE;
            }
        }
    }

    /**
     * The point at t (0 to 1) of segment i of {@code r}: along the straight line for even i; for odd i on
     * the cubic curve with control points (mid, y0) and (mid, y1), mid halfway across the gap, so that it
     * leaves and enters horizontally and stays between x0 and x1.
     */
    static double[] at(Route r, int i, double t) {
        double x0 = r.x()[i], y0 = r.y()[i], x1 = r.x()[i + 1], y1 = r.y()[i + 1];
        if (i % 2 == 0) {
            return new double[] {x0 + (x1 - x0) * t, y0 + (y1 - y0) * t};
        }
        double mid = (x0 + x1) / 2, s = 1 - t;
        double a = s * s * s, b = 3 * s * s * t, c = 3 * s * t * t, d = t * t * t;
        return new double[] {a * x0 + (b + c) * mid + d * x1, (a + b) * y0 + (c + d) * y1};
    }
}
