package digitlab.app.widgets;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;

/**
 * The training loss of every batch so far, and its exponential moving average, for the loss chart
 * and the CSV export. The training thread {@link #add}s one loss per batch; any other thread reads
 * consistent copies ({@link #downsample}) while training goes on. All methods hold this object's lock.
 */
public final class LossHistory {
    /** The weight of each new loss in the moving average: {@code ema += SMOOTHING * (loss - ema)}. */
    public static final float SMOOTHING = 0.02f;
    private static final int INITIAL_CAPACITY = 1024;

    /**
     * Points of the chart: {@code index[k]} is a 0-based batch number, {@code raw[k]} the loss there
     * (or a bucket's mean) and {@code smoothed[k]} the moving average at that batch.
     */
    public record Series(int[] index, float[] raw, float[] smoothed) {
        public int size() {
            return index.length;
        }
    }

    private float[] raw = new float[INITIAL_CAPACITY];
    private float[] smoothed = new float[INITIAL_CAPACITY];
    private int size;
    // NaN until the first finite loss
    private float ema = Float.NaN;

    /**
     * Records the next batch's loss. The moving average starts at the first finite loss; a NaN or
     * infinite loss is recorded as it is but leaves the average where it was, so one bad batch does
     * not blank the smoothed curve for good. Allocates only when the arrays double.
     */
    public synchronized void add(float loss) {
        if (size == raw.length) {
            raw = Arrays.copyOf(raw, size * 2);
            smoothed = Arrays.copyOf(smoothed, size * 2);
        }
        if (Float.isFinite(loss)) {
            ema = Float.isNaN(ema) ? loss : ema + SMOOTHING * (loss - ema);
        }
        raw[size] = loss;
        smoothed[size] = ema;
        size++;
    }

    /** The number of batches recorded. */
    public synchronized int size() {
        return size;
    }

    /** The loss of batch {@code i} (0-based). */
    public synchronized float raw(int i) {
        return raw[check(i)];
    }

    /** The moving average after batch {@code i} (0-based); NaN while no loss so far was finite. */
    public synchronized float smoothed(int i) {
        return smoothed[check(i)];
    }

    /** Forgets every batch (keeps the arrays' capacity, so a new run does not grow them again). */
    public synchronized void clear() {
        size = 0;
        ema = Float.NaN;
    }

    /**
     * A copy of at most {@code maxPoints} points (at least 2). Up to {@code maxPoints} batches: every
     * batch. More: the first batch on its own, then the rest cut into {@code maxPoints - 1} buckets
     * whose sizes differ by at most one, each shown at its last batch with its mean raw loss and the
     * moving average there; so the first and the last batch are always shown. A non-finite loss makes
     * its bucket's mean non-finite, which the chart shows rather than hides.
     */
    public synchronized Series downsample(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a loss chart needs at least 2 points, not " + maxPoints);
        }
        if (size <= maxPoints) {
            int[] index = new int[size];
            Arrays.setAll(index, i -> i);
            return new Series(index, Arrays.copyOf(raw, size), Arrays.copyOf(smoothed, size));
        }
        int[] index = new int[maxPoints];
        float[] mean = new float[maxPoints], ema = new float[maxPoints];
        mean[0] = raw[0];
        ema[0] = smoothed[0];
        int buckets = maxPoints - 1, rest = size - 1;
        for (int b = 0; b < buckets; b++) {
            int from = 1 + (int) ((long) b * rest / buckets), to = 1 + (int) ((long) (b + 1) * rest / buckets);
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += raw[i];
            }
            index[b + 1] = to - 1;
            mean[b + 1] = (float) (sum / (to - from));
            ema[b + 1] = smoothed[to - 1];
        }
        return new Series(index, mean, ema);
    }

    /**
     * Writes {@code batch,loss,smoothed_loss} and one line per batch (batch numbers from 1, values as
     * {@link Float#toString} writes them, "NaN" included). Copies the numbers first so the training
     * thread never waits for the writer; {@code out} is neither flushed nor closed.
     */
    public void writeCsv(Writer out) throws IOException {
        float[] r, s;
        synchronized (this) {
            r = Arrays.copyOf(raw, size);
            s = Arrays.copyOf(smoothed, size);
        }
        StringBuilder line = new StringBuilder(64);
        out.write("batch,loss,smoothed_loss\n");
        for (int i = 0; i < r.length; i++) {
            line.setLength(0);
            line.append(i + 1).append(',').append(Float.toString(r[i])).append(',').append(Float.toString(s[i])).append('\n');
            out.append(line);
        }
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("batch " + i + " of " + size);
        }
        return i;
    }
}
