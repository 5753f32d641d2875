package digitlab.app.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import digitlab.nn.Architecture;
import digitlab.nn.Network;
import digitlab.nn.Optimizer;

/**
 * How long an epoch of a network takes on this machine, measured rather than guessed: a few training
 * steps (forward, backward, an SGD update) of the network on a batch of random images, on the calling
 * thread, until their times settle. No JavaFX; the view calls it from a background thread.
 */
public final class EpochTimer {
    /** The steps a settled measurement is the median of: they lie within {@link #SETTLED} of each other. */
    static final int WINDOW = 4;
    /** The largest ratio of the slowest to the fastest of the last {@link #WINDOW} steps for them to count as settled. */
    static final double SETTLED = 1.3;
    /**
     * The most time spent on one measurement. A cold JVM runs the engine's kernels interpreted at first
     * (a CNN's first step can take seconds), so the steps are run until they settle; once the kernels are
     * compiled, a measurement takes a fraction of a second.
     */
    static final long BUDGET_NANOS = 6_000_000_000L;

    /**
     * A step's time: {@code secondsPerBatch}, the median of the last steps; {@code settled} when they
     * agreed (else the time budget ran out first and the figure is likely too high); {@code steps} run.
     */
    public record Measurement(double secondsPerBatch, boolean settled, int steps, double forwardSecondsPerBatch) {
        /** A measurement of training steps only (no forward pass timed on its own). */
        public Measurement(double secondsPerBatch, boolean settled, int steps) {
            this(secondsPerBatch, settled, steps, 0);
        }
    }

    /** The images the trainer reads after each epoch: the 10,000 test images and up to 10,000 training images. */
    static int measuredAfterEpoch(int trainingImages) {
        return 10_000 + Math.min(TrainingSession.TRAIN_ACCURACY_IMAGES, trainingImages);
    }

    private EpochTimer() {
    }

    /**
     * The time of one training step of {@code architecture} on {@code batch} images (forward, backward
     * through the loss, SGD with momentum), on this thread: steps are run until the last
     * {@value #WINDOW} lie within a factor {@value #SETTLED} (or {@link #BUDGET_NANOS} has passed), and
     * their median is the step's time. Builds a network of its own with weights from seed 1 and random
     * images; modifies nothing else.
     */
    public static Measurement secondsPerBatch(Architecture architecture, int batch) {
        return secondsPerBatch(architecture, batch, BUDGET_NANOS);
    }

    /** {@link #secondsPerBatch(Architecture, int)} within {@code budgetNanos} (at least {@value #WINDOW} steps are run). */
    static Measurement secondsPerBatch(Architecture architecture, int batch, long budgetNanos) {
        Network net = new Network(architecture, 1);
        Network.Loss step = net.loss(batch);
        Optimizer sgd = Optimizer.sgd(0.9f);
        Random random = new Random(1);
        float[] x = step.forward().input().value().data, labels = step.labels().value().data;
        for (int i = 0; i < x.length; i++) {
            x[i] = random.nextFloat();
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(architecture.classes());
        }
        long[] last = new long[WINDOW];
        long begin = System.nanoTime();
        int steps = 0;
        boolean settled = false;
        while (!settled && (steps < WINDOW || System.nanoTime() - begin < budgetNanos)) {
            long t0 = System.nanoTime();
            step.forward().input().changed();
            step.labels().changed();
            step.loss().backward();
            sgd.step(net.parameters(), 1e-4f);
            last[steps++ % WINDOW] = System.nanoTime() - t0;
            settled = steps >= WINDOW && settled(last);
        }
        double perStep = median(last);
        // the forward pass alone, as the accuracy after each epoch runs it (compiled by now: the steps ran it)
        for (int s = 0; s < WINDOW; s++) {
            long t0 = System.nanoTime();
            step.forward().input().changed();
            step.forward().logProbabilities().value();
            last[s] = System.nanoTime() - t0;
        }
        return new Measurement(perStep, settled, steps, median(last));
    }

    /** The median of {@link #WINDOW} times in nanoseconds, in seconds. */
    private static double median(long[] times) {
        long[] sorted = times.clone();
        Arrays.sort(sorted);
        return (sorted[WINDOW / 2 - 1] + sorted[WINDOW / 2]) / 2e9;
    }

    /** Whether the slowest of {@code times} is within {@link #SETTLED} of the fastest. */
    static boolean settled(long[] times) {
        long min = Long.MAX_VALUE, max = 0;
        for (long t : times) {
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        return max <= SETTLED * min;
    }

    /** The batches of an epoch as the trainer counts them: ⌊images / batch⌋, at least one. */
    public static int batchesPerEpoch(int images, int batch) {
        return Math.max(1, images / batch);
    }

    /**
     * The words for an epoch of {@code seconds}: "< 0.1 s", "≈ 0.4 s", "≈ 45 s", "≈ 3 min 20 s", "≈ 1 h 5 min"
     * (two significant figures at most, so a measurement is not shown finer than it is).
     */
    public static String duration(double seconds) {
        if (seconds < 0.05) {
            return "< 0.1 s";
        }
        if (seconds < 10) {
            return String.format(Locale.ROOT, "≈ %.1f s", seconds);
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "≈ %d s", Math.round(seconds));
        }
        if (seconds < 3600) {
            long s = Math.round(seconds / 10) * 10; // to 10 s
            return s % 60 == 0 ? "≈ " + s / 60 + " min" : "≈ " + s / 60 + " min " + s % 60 + " s";
        }
        long m = Math.round(seconds / 60);
        return m % 60 == 0 ? "≈ " + m / 60 + " h" : "≈ " + m / 60 + " h " + m % 60 + " min";
    }

    /**
     * An epoch's seconds: ⌊images / batch⌋ training steps, then the forward passes of the accuracy
     * measured after it ({@link #measuredAfterEpoch}) in batches of the same size.
     */
    public static double secondsPerEpoch(Measurement m, int images, int batch) {
        return m.secondsPerBatch() * batchesPerEpoch(images, batch)
                + m.forwardSecondsPerBatch() * Math.ceil((double) measuredAfterEpoch(images) / batch);
    }

    /** The line the builder shows: "≈ 45 s per epoch on this machine (measured)", and the threads it was measured on. */
    public static String line(Measurement m, int images, int batch, int threads) {
        String text = duration(secondsPerEpoch(m, images, batch)) + " per epoch on this machine (measured";
        return text + (threads > 1 ? " on one thread, training uses " + threads : "")
                + (m.settled() ? ")" : ", still warming up: likely less)");
    }
}
