package digitlab.app.descent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * The plot's layout maths, without JavaFX: which part of the axes to show (around the path and the
 * interesting part of the curve), where a value lands in pixels, the tick marks, and the tangent segment.
 */
final class DescentPlot {
    /** Each side of the start, at least this much of the axis is shown. */
    static final double MIN_HALF_WIDTH = 2;
    /** How far each side of the start the lowest point of the curve is looked for. */
    static final double SEARCH = 6;
    /** Margin added on each side of a range, as a fraction of its width. */
    static final double PAD = 0.08;

    private DescentPlot() {
    }

    /** An interval of an axis, lo < hi. */
    record Range(double lo, double hi) {
        double width() {
            return hi - lo;
        }

        /** The pixel for {@code v} on an axis of {@code pixels} from {@code offset}: lo left (or bottom when {@code up}). */
        double pixel(double v, double offset, double pixels, boolean up) {
            double f = (v - lo) / (hi - lo);
            return offset + (up ? (1 - f) : f) * pixels;
        }

        /** The value at pixel {@code p} (the inverse of {@link #pixel}). */
        double value(double p, double offset, double pixels, boolean up) {
            double f = (p - offset) / pixels;
            return lo + (up ? 1 - f : f) * (hi - lo);
        }

        boolean contains(double v) {
            return v >= lo && v <= hi;
        }
    }

    /**
     * The smallest range holding every finite value of {@code values}, padded by {@link #PAD} of its width
     * on each side, and at least {@code minWidth} wide (centred on the values).
     */
    static Range span(double[] values, double minWidth) {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            return new Range(-1, 1);
        }
        double pad = (hi - lo) * PAD;
        lo -= pad;
        hi += pad;
        // a flat stretch (or one value) still gets a readable range; relative to its size when it is large
        double least = Math.max(minWidth, Math.max(Math.abs(lo), Math.abs(hi)) * 1e-6);
        if (hi - lo < least) {
            double mid = (lo + hi) / 2;
            lo = mid - least / 2;
            hi = mid + least / 2;
        }
        return new Range(lo, hi);
    }

    /**
     * Where the curve is lowest within {@link #SEARCH} of {@code start} (sampled at {@code samples} points),
     * or NaN when that is at an end of the search (no bottom nearby, as for the seed's cubic).
     */
    static double bottomNear(DoubleUnaryOperator f, double start, int samples) {
        double best = Double.NaN, bestY = Double.POSITIVE_INFINITY;
        int bestI = -1;
        for (int i = 0; i <= samples; i++) {
            double x = start - SEARCH + 2 * SEARCH * i / samples;
            double y = f.applyAsDouble(x);
            if (Double.isFinite(y) && y < bestY) {
                bestY = y;
                best = x;
                bestI = i;
            }
        }
        return bestI <= 0 || bestI >= samples ? Double.NaN : best;
    }

    /**
     * The horizontal range of one coordinate: the start ± {@link #MIN_HALF_WIDTH}, every point the path
     * reached and the nearby bottom ({@code bottom}, or NaN) ± half of that, padded.
     */
    static Range axis(double start, double[] path, double bottom) {
        double[] all = new double[path.length + 4];
        System.arraycopy(path, 0, all, 0, path.length);
        all[path.length] = start - MIN_HALF_WIDTH;
        all[path.length + 1] = start + MIN_HALF_WIDTH;
        // the bottom with some of the far wall, so that it does not sit on the edge
        all[path.length + 2] = bottom - MIN_HALF_WIDTH / 2;
        all[path.length + 3] = bottom + MIN_HALF_WIDTH / 2;
        return span(all, 2 * MIN_HALF_WIDTH);
    }

    /** The vertical range: the curve sampled at each of {@code columns} points of {@code xs}, and the path's y. */
    static Range yRange(DoubleUnaryOperator f, Range xs, int columns, double[] pathY) {
        double[] all = new double[columns + 1 + pathY.length];
        for (int i = 0; i <= columns; i++) {
            all[i] = f.applyAsDouble(xs.lo() + xs.width() * i / columns);
        }
        System.arraycopy(pathY, 0, all, columns + 1, pathY.length);
        return span(all, 1e-3);
    }

    /** Tick values on {@code r}: multiples of 1, 2 or 5 × 10^k, about {@code target} of them. */
    static List<Double> ticks(Range r, int target) {
        double raw = r.width() / Math.max(1, target);
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = power;
        for (double m : new double[] {1, 2, 5, 10}) {
            step = m * power;
            if (step >= raw) {
                break;
            }
        }
        List<Double> ticks = new ArrayList<>();
        for (long k = (long) Math.ceil(r.lo() / step); k * step <= r.hi(); k++) {
            // k × step, not a running sum: no drift, and 0 is exactly 0
            ticks.add(k * step);
        }
        return ticks;
    }

    /** A line from (x1, y1) to (x2, y2), in the plot's values. */
    record Segment(double x1, double y1, double x2, double y2) {
        double slope() {
            return (y2 - y1) / (x2 - x1);
        }
    }

    /**
     * The tangent at (x, y) with slope {@code slope}, reaching {@code halfPixels} each side of the point on a
     * plot of {@code width}×{@code height} pixels showing {@code xs}×{@code ys}: a steep tangent stays as long
     * on screen as a flat one.
     */
    static Segment tangent(double x, double y, double slope, Range xs, Range ys, double width, double height, double halfPixels) {
        double kx = width / xs.width(), ky = height / ys.width();
        double dx = halfPixels / Math.hypot(kx, ky * slope);
        return new Segment(x - dx, y - slope * dx, x + dx, y + slope * dx);
    }

    /**
     * The contour levels of a grid of values: {@code bands} − 1 quantiles of its finite values, so that each
     * band covers about as much of the picture (a bowl's steep walls do not take every level).
     */
    static double[] levels(double[] grid, int bands) {
        double[] finite = Arrays.stream(grid).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            return new double[0];
        }
        double[] levels = new double[bands - 1];
        for (int i = 1; i < bands; i++) {
            levels[i - 1] = finite[(int) ((long) (finite.length - 1) * i / bands)];
        }
        return levels;
    }

    /** The band of {@code v} among sorted {@code levels}: 0 below the first, levels.length above the last. */
    static int band(double v, double[] levels) {
        int b = 0;
        while (b < levels.length && v > levels[b]) {
            b++;
        }
        return b;
    }
}
