package digitlab.app.graph;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;

/**
 * A layered (left to right) layout of a computation DAG: plain numbers, no JavaFX, so that the graph
 * view only draws what this computes. Every node is a box in a column (its layer): inputs on the left,
 * the output on the right.
 *
 * <p>Guarantees of {@link #of}: every edge goes from a lower to a strictly higher layer; a node with
 * inputs sits at its longest-path layer (the longest path to it from a node without inputs); a node
 * without inputs sits just before its first consumer's layer, or in layer 0 if nothing consumes it.
 * All boxes of a layer share one x; columns start at {@link #MARGIN} and each begins
 * {@link #LAYER_GAP} beyond the widest box of the one before. A column's boxes are stacked top to
 * bottom {@link #NODE_GAP} apart, and columns are centred vertically on the tallest one, so no two
 * boxes overlap. The order within a column comes from barycenter sweeps and never has more edge
 * crossings than the order by index. Same input, same output. Time per sweep is linear but for
 * sorting each column; nothing recurses, so a chain of any length is fine.
 */
public final class GraphLayout {
    public static final double LAYER_GAP = 60, NODE_GAP = 18, MARGIN = 20;
    /** Sweeps of the barycenter ordering: down, up, down, up. */
    static final int PASSES = 4;

    /** Node i's box size: finite and not negative. */
    public record Size(double width, double height) {
        public Size {
            if (!(Double.isFinite(width) && Double.isFinite(height) && width >= 0 && height >= 0)) {
                throw new IllegalArgumentException("a box size must be finite and not negative: " + width + " x " + height);
            }
        }
    }

    /** Where everything goes: node i's box has its top-left corner at (x[i], y[i]); layer[i] is its column. */
    public record Layout(double[] x, double[] y, double[] width, double[] height, int[] layer, double totalWidth, double totalHeight) {
        /** The point where an edge leaves node i (middle of its right side) and enters it (middle of its left side). */
        public double outX(int i) {
            return x[i] + width[i];
        }

        /** The x where edges enter node i: its left side. */
        public double inX(int i) {
            return x[i];
        }

        /** The y where edges leave and enter node i: the middle of its height. */
        public double midY(int i) {
            return y[i] + height[i] / 2;
        }
    }

    private GraphLayout() {
    }

    /**
     * Nodes 0..n-1 are given in topological order: every index in inputs[i] is smaller than i.
     * inputs[i] may list the same input twice (x*x): treat as one edge for layout.
     *
     * @throws IllegalArgumentException if an input index is negative or not smaller than its node's,
     *     or if there are not as many sizes as nodes
     */
    public static Layout of(int[][] inputs, Size[] sizes) {
        return of(inputs, sizes, LAYER_GAP, PASSES);
    }

    /** {@link #of(int[][], Size[])} with {@code gap} between columns (at least {@link #LAYER_GAP}), room for edge labels. */
    public static Layout of(int[][] inputs, Size[] sizes, double gap) {
        return of(inputs, sizes, Math.max(LAYER_GAP, gap), PASSES);
    }

    /** {@link #of(int[][], Size[])} with a given number of sweeps; 0 keeps every column in index order. */
    static Layout of(int[][] inputs, Size[] sizes, int passes) {
        return of(inputs, sizes, LAYER_GAP, passes);
    }

    private static Layout of(int[][] inputs, Size[] sizes, double gap, int passes) {
        Objects.requireNonNull(sizes, "sizes");
        int[][] in = distinct(inputs);
        int n = in.length;
        if (sizes.length != n) {
            throw new IllegalArgumentException("there are " + sizes.length + " sizes for " + n + " nodes");
        }
        double[] w = new double[n], h = new double[n];
        for (int i = 0; i < n; i++) {
            Size s = Objects.requireNonNull(sizes[i], "sizes[" + i + "]");
            w[i] = s.width();
            h[i] = s.height();
        }
        int[][] out = consumers(in);
        int[] layer = layers(in, out);
        int[][] columns = columns(layer);

        // Columns: left-aligned, each LAYER_GAP beyond the widest box of the one before.
        double[] x = new double[n], columnTop = new double[columns.length];
        double left = MARGIN, right = MARGIN, tallest = 0;
        for (int[] column : columns) {
            double widest = 0;
            for (int v : column) {
                x[v] = left;
                widest = Math.max(widest, w[v]);
            }
            right = left + widest;
            left = right + gap;
            tallest = Math.max(tallest, height(column, h));
        }
        // Each column centred on the tallest; a column's height does not depend on its order.
        for (int l = 0; l < columns.length; l++) {
            columnTop[l] = MARGIN + (tallest - height(columns[l], h)) / 2;
        }

        double[] y = new double[n];
        for (int l = 0; l < columns.length; l++) {
            stack(columns[l], columnTop[l], h, y);
        }
        double[] best = y.clone();
        long fewest = count(in, layer, y);
        double[] key = new double[n];
        for (int pass = 0; pass < passes && fewest > 0; pass++) {
            boolean down = pass % 2 == 0;
            // Down: order each column by where its inputs are; up: by where its consumers are.
            for (int k = 1; k < columns.length; k++) {
                int l = down ? k : columns.length - 1 - k;
                int[][] neighbours = down ? in : out;
                for (int v : columns[l]) {
                    key[v] = barycenter(neighbours[v], y, h, y[v] + h[v] / 2);
                }
                sort(columns[l], key);
                stack(columns[l], columnTop[l], h, y);
            }
            long c = count(in, layer, y);
            if (c < fewest) {
                fewest = c;
                best = y.clone();
            }
        }
        return new Layout(x, best, w, h, layer, n == 0 ? 2 * MARGIN : right + MARGIN, tallest + 2 * MARGIN);
    }

    /**
     * The number of crossing pairs of edges: edges (u1→v1) and (u2→v2) with layer[u1] == layer[u2] and
     * layer[v1] == layer[v2] cross when u1 is above u2 and v1 below v2, or the other way round. A
     * repeated input counts as one edge; edges sharing an end never cross.
     */
    public static int crossings(Layout l, int[][] inputs) {
        return Math.toIntExact(count(distinct(inputs), l.layer(), l.y()));
    }

    /** inputs checked, each row without repeats (first occurrence kept): the layout's edges. */
    private static int[][] distinct(int[][] inputs) {
        Objects.requireNonNull(inputs, "inputs");
        int n = inputs.length;
        int[][] in = new int[n][];
        int[] seenBy = new int[n];
        Arrays.fill(seenBy, -1);
        for (int i = 0; i < n; i++) {
            int[] row = Objects.requireNonNull(inputs[i], "inputs[" + i + "]");
            int[] kept = new int[row.length];
            int k = 0;
            for (int u : row) {
                if (u < 0 || u >= i) {
                    throw new IllegalArgumentException("inputs[" + i + "] holds " + u + ", but node " + i
                            + " can only take inputs 0.." + (i - 1) + " (nodes come in topological order)");
                }
                if (seenBy[u] != i) {
                    seenBy[u] = i;
                    kept[k++] = u;
                }
            }
            in[i] = k == kept.length ? kept : Arrays.copyOf(kept, k);
        }
        return in;
    }

    /** out[u]: the nodes that take u as an input, in increasing order. */
    private static int[][] consumers(int[][] in) {
        int n = in.length;
        int[] degree = new int[n];
        for (int[] row : in) {
            for (int u : row) {
                degree[u]++;
            }
        }
        int[][] out = new int[n][];
        for (int u = 0; u < n; u++) {
            out[u] = new int[degree[u]];
            degree[u] = 0;
        }
        for (int v = 0; v < n; v++) {
            for (int u : in[v]) {
                out[u][degree[u]++] = v;
            }
        }
        return out;
    }

    /** Longest-path layers, then each leaf moved right to just before its first consumer. */
    private static int[] layers(int[][] in, int[][] out) {
        int n = in.length;
        int[] layer = new int[n];
        // Leaves count as layer 0 here, so moving them afterwards changes no other node's layer.
        for (int v = 0; v < n; v++) {
            for (int u : in[v]) {
                layer[v] = Math.max(layer[v], layer[u] + 1);
            }
        }
        for (int v = 0; v < n; v++) {
            if (in[v].length == 0 && out[v].length > 0) {
                int first = Integer.MAX_VALUE;
                for (int c : out[v]) {
                    first = Math.min(first, layer[c]);
                }
                layer[v] = first - 1;
            }
        }
        return layer;
    }

    /** The nodes of each layer, in index order. No layer is empty: a node at layer k > 0 has an input at k - 1. */
    private static int[][] columns(int[] layer) {
        int count = 0;
        for (int l : layer) {
            count = Math.max(count, l + 1);
        }
        int[] size = new int[count];
        for (int l : layer) {
            size[l]++;
        }
        int[][] columns = new int[count][];
        for (int l = 0; l < count; l++) {
            columns[l] = new int[size[l]];
            size[l] = 0;
        }
        for (int v = 0; v < layer.length; v++) {
            columns[layer[v]][size[layer[v]]++] = v;
        }
        return columns;
    }

    private static double height(int[] column, double[] h) {
        double sum = NODE_GAP * Math.max(0, column.length - 1);
        for (int v : column) {
            sum += h[v];
        }
        return sum;
    }

    /** Sets the tops of a column's boxes, in its order, NODE_GAP apart from top. */
    private static void stack(int[] column, double top, double[] h, double[] y) {
        for (int v : column) {
            y[v] = top;
            top += h[v] + NODE_GAP;
        }
    }

    /** The mean middle y of the neighbours, or the node's own middle y (it stays put) if it has none. */
    private static double barycenter(int[] neighbours, double[] y, double[] h, double own) {
        if (neighbours.length == 0) {
            return own;
        }
        double sum = 0;
        for (int u : neighbours) {
            sum += y[u] + h[u] / 2;
        }
        return sum / neighbours.length;
    }

    /** Sorts a column by key; a stable sort, so ties keep their current order (at first, by index). */
    private static void sort(int[] column, double[] key) {
        if (column.length < 2) {
            return;
        }
        Integer[] boxed = new Integer[column.length];
        for (int k = 0; k < column.length; k++) {
            boxed[k] = column[k];
        }
        Arrays.sort(boxed, Comparator.comparingDouble(v -> key[v]));
        for (int k = 0; k < column.length; k++) {
            column[k] = boxed[k];
        }
    }

    /**
     * Crossings of distinct edges, by y. Edges sorted by (layer of u, layer of v, y of u, y of v): within
     * one pair of layers two edges cross exactly when their v's y is strictly out of order, since equal
     * u's y come sorted by v's y. So the count is the inversions there, by merge sort: O(E log E).
     */
    private static long count(int[][] in, int[] layer, double[] y) {
        int m = 0;
        for (int[] row : in) {
            m += row.length;
        }
        int[] from = new int[m], to = new int[m];
        Integer[] order = new Integer[m];
        for (int v = 0, e = 0; v < in.length; v++) {
            for (int u : in[v]) {
                from[e] = u;
                to[e] = v;
                order[e] = e;
                e++;
            }
        }
        Arrays.sort(order, Comparator.<Integer>comparingInt(e -> layer[from[e]])
                .thenComparingInt(e -> layer[to[e]])
                .thenComparingDouble(e -> y[from[e]])
                .thenComparingDouble(e -> y[to[e]]));
        long crossings = 0;
        double[] ys = new double[m], scratch = new double[m];
        for (int start = 0, end; start < m; start = end) {
            int first = order[start];
            end = start;
            while (end < m && layer[from[order[end]]] == layer[from[first]] && layer[to[order[end]]] == layer[to[first]]) {
                ys[end] = y[to[order[end]]];
                end++;
            }
            crossings += inversions(ys, scratch, start, end);
        }
        return crossings;
    }

    /** Pairs k < j in a[from..to) with a[k] > a[j] strictly; sorts that range. Bottom-up, so no recursion. */
    private static long inversions(double[] a, double[] scratch, int from, int to) {
        long count = 0;
        for (int width = 1; width < to - from; width *= 2) {
            for (int lo = from; lo < to - width; lo += 2 * width) {
                int mid = lo + width, hi = Math.min(lo + 2 * width, to), i = lo, j = mid, k = lo;
                while (i < mid && j < hi) {
                    if (a[j] < a[i]) {
                        count += mid - i;
                        scratch[k++] = a[j++];
                    } else {
                        scratch[k++] = a[i++];
                    }
                }
                while (i < mid) {
                    scratch[k++] = a[i++];
                }
                while (j < hi) {
                    scratch[k++] = a[j++];
                }
                System.arraycopy(scratch, lo, a, lo, hi - lo);
            }
        }
        return count;
    }
}
