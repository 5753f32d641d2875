package digitlab.app.widgets;

import java.util.List;

import digitlab.engine.NumberText;

/**
 * The ranges and tick spacing of the training charts' axes ({@link TrainingCharts}), without JavaFX: JavaFX's own automatic
 * ranges put 0–150 % on an empty accuracy chart, 0.990–1.010 on a chart of one batch, and batch labels so
 * close that they run together. Every axis here is set by hand from these.
 */
public final class ChartScales {
    /** Points per chart series: enough to look smooth, few enough to redraw at once. */
    public static final int POINTS = 400;
    /** Width of one character of a tick label, in pixels, with room to spare. */
    static final double CHAR_PX = 8;
    /** Space between two tick labels, in pixels. */
    static final double GAP_PX = 16;
    /** The least room for one line of tick labels on an upright axis, in pixels. */
    static final double ROW_PX = 24;

    private ChartScales() {
    }

    /** An axis from {@code lower} to {@code upper} with a tick every {@code tick}. */
    public record Axis(double lower, double upper, double tick) {
    }

    /** The smallest of 1, 2, 5 × 10^k that is at least {@code step}. */
    public static double niceUnit(double step) {
        if (!(step > 0) || Double.isInfinite(step)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(step)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= step * (1 - 1e-9)) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /**
     * The batch axis of {@code batches} batches over {@code lengthPx} pixels: from 0 to at least 10, with
     * ticks far enough apart that their labels (written by {@link NumberText#compact}) never touch.
     */
    public static Axis batches(int batches, double lengthPx) {
        double last = Math.max(10, batches);
        double tick = niceUnit(last / 10);
        double upper = Math.ceil(last / tick) * tick;
        // widen the ticks until each label, with a gap, fits between two ticks
        while (tick / upper * lengthPx < labelWidth(upper) + GAP_PX && tick < upper) {
            tick = niceUnit(tick * 1.01);
            upper = Math.ceil(last / tick) * tick;
        }
        return new Axis(0, upper, tick);
    }

    /** The width in pixels a tick label for {@code value} takes, at most. */
    static double labelWidth(double value) {
        return NumberText.compact(value).length() * CHAR_PX;
    }

    /** The epoch axis of {@code epochs} epochs: whole epochs, with half an epoch's room after the last point. */
    public static Axis epochs(int epochs) {
        int n = Math.max(1, epochs);
        return new Axis(0, n + 0.5, Math.max(1, Math.ceil(n / 10.0)));
    }

    /**
     * The accuracy axis (in %) for {@code percents} over {@code lengthPx} pixels: 0–100 with none, else from
     * a little below the lowest to 100; ticks at least {@value #ROW_PX} pixels apart.
     */
    public static Axis accuracy(List<Double> percents, double lengthPx) {
        double low = percents.stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).min().orElse(0);
        double lower = Math.max(0, Math.floor((Math.min(low, 100) - 1) / 5) * 5);
        double tick = niceUnit(Math.max((100 - lower) / 8, (100 - lower) * ROW_PX / lengthPx));
        lower = Math.floor(lower / tick) * tick;
        return new Axis(lower, 100, tick);
    }

    /** The epoch axis's tick label: whole epochs only (the axis ends half an epoch after the last). */
    public static String epochTick(double value) {
        return value == Math.rint(value) ? NumberText.compact(value) : "";
    }

    /**
     * The loss axis for losses from {@code min} to {@code max}. Linear: from 0 to a round number above the
     * largest. Log ({@code log}): in powers of ten, values being log10 of the loss, at least one decade.
     */
    public static Axis loss(double min, double max, boolean log) {
        if (!(max > 0) || Double.isInfinite(max)) {
            return log ? new Axis(-1, 1, 1) : new Axis(0, 2.5, 0.5);
        }
        if (log) {
            double low = Math.floor(Math.log10(min > 0 ? min : max / 10));
            double high = Math.max(Math.ceil(Math.log10(max)), low + 1);
            return new Axis(low, high, Math.max(1, Math.ceil((high - low) / 8)));
        }
        double tick = niceUnit(max / 5);
        return new Axis(0, Math.ceil(max / tick * (1 + 1e-9)) * tick, tick);
    }

    /** Whether losses from {@code min} to {@code max} call for a log scale: more than three decades apart. */
    public static boolean wantsLog(double min, double max) {
        return min > 0 && max / min > 1000;
    }

    /** A tick label: the loss 10^k on a log axis ("1e-2", "0.1", "1", "100", "1e6"), else the number compactly. */
    public static String tick(double value, boolean log) {
        if (!log) {
            return NumberText.compact(value);
        }
        long k = Math.round(value);
        return Math.abs(k) <= 2 ? NumberText.compact(Math.pow(10, k)) : "1e" + k;
    }
}
