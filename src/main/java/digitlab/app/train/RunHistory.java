package digitlab.app.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import digitlab.app.widgets.LossHistory;
import digitlab.app.widgets.Percent;
import digitlab.app.widgets.TrainingCharts;
import digitlab.engine.NumberText;
import digitlab.nn.TrainingConfig;

/**
 * The earlier runs a person keeps for comparison: each finished model's curves (smoothed loss, test and
 * training accuracy per epoch) and a legend of its settings, until cleared. At most {@value #KEPT} are
 * kept; a newer run pushes out the oldest. Safe to use from any thread.
 */
public final class RunHistory {
    /** How many earlier runs are kept at most. */
    public static final int KEPT = 5;

    /**
     * One earlier run: its legend, the batch numbers (1-based) and smoothed loss of its loss curve, and the
     * test and training accuracy (0..1) after each of its epochs.
     */
    public record EarlierRun(String legend, int[] batches, float[] smoothedLoss, double[] testAccuracy,
            double[] trainAccuracy) implements TrainingCharts.Faded {
    }

    /** A stretch of a run trained with one setting: Start, and each Continue, begins one at {@code firstEpoch} (0-based). */
    public record Segment(TrainingConfig config, int firstEpoch) {
    }

    private final List<EarlierRun> runs = new ArrayList<>();
    private int numbered;

    /** Keeps a run (numbered from 1 in the order kept; the legend starts "run N: "). */
    public synchronized void add(TrainingConfig config, LossHistory.Series loss, List<TrainingSession.Epoch> epochs) {
        add(List.of(new Segment(config, 0)), loss, epochs);
    }

    /** Keeps a run trained in {@code segments} (a run continued with other settings says so in its legend). */
    public synchronized void add(List<Segment> segments, LossHistory.Series loss, List<TrainingSession.Epoch> epochs) {
        numbered++;
        int[] batches = new int[loss.size()];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = loss.index()[i] + 1;
        }
        double[] test = epochs.stream().mapToDouble(e -> e.report().testAccuracy()).toArray();
        double[] train = epochs.stream().mapToDouble(TrainingSession.Epoch::trainAccuracy).toArray();
        runs.add(new EarlierRun("run " + numbered + ": " + legend(segments, epochs.size(), test.length == 0 ? Double.NaN
                : test[test.length - 1]), batches, loss.smoothed().clone(), test, train));
        if (runs.size() > KEPT) {
            runs.remove(0);
        }
    }

    /** The runs kept, oldest first. */
    public synchronized List<EarlierRun> runs() {
        return List.copyOf(runs);
    }

    /** Forgets every earlier run (the numbering goes on, so a legend never names two runs alike). */
    public synchronized void clear() {
        runs.clear();
    }

    /** "sgd · rate 0.05 cosine · batch 64 · 2 epochs · 97.9%": what sets a run apart, briefly. */
    public static String legend(TrainingConfig c, int epochs, double testAccuracy) {
        return legend(List.of(new Segment(c, 0)), epochs, testAccuracy);
    }

    /**
     * The legend of a run trained in {@code segments} over {@code epochs} epochs in all: one setting reads as
     * {@link #legend(TrainingConfig, int, double)}; a run continued with another setting names each change and its
     * epochs, "sgd · rate 0.05 cosine · batch 64 · 2 epochs, then rate 0.2 · 2 epochs · 93.9%", so that a
     * legend never claims one learning rate for a run that had two.
     */
    public static String legend(List<Segment> segments, int epochs, double testAccuracy) {
        List<TrainingConfig> settings = new ArrayList<>();
        List<Integer> from = new ArrayList<>();
        for (Segment s : segments) {
            if (settings.isEmpty() || !differences(settings.get(settings.size() - 1), s.config()).isEmpty()) {
                settings.add(s.config());
                from.add(s.firstEpoch());
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < settings.size(); i++) {
            int until = i + 1 < settings.size() ? from.get(i + 1) : epochs;
            int count = Math.max(0, until - (i == 0 ? 0 : from.get(i)));
            TrainingConfig c = settings.get(i);
            text.append(i == 0 ? String.join(" · ", c.optimizer().id(), "rate " + NumberText.number(c.learningRate()) + " "
                    + c.schedule().id(), "batch " + c.batch()) : ", then " + String.join(" · ", differences(settings.get(i - 1), c)));
            text.append(" · ").append(count).append(count == 1 ? " epoch" : " epochs");
        }
        return Double.isNaN(testAccuracy) ? text.toString() : text + " · " + Percent.percent(testAccuracy);
    }

    /** The settings a legend shows that differ between {@code a} and {@code b}, as {@code b} has them. */
    private static List<String> differences(TrainingConfig a, TrainingConfig b) {
        List<String> d = new ArrayList<>();
        if (a.optimizer() != b.optimizer()) {
            d.add(b.optimizer().id());
        }
        if (a.learningRate() != b.learningRate() || a.schedule() != b.schedule()) {
            d.add("rate " + NumberText.number(b.learningRate()) + " " + b.schedule().id());
        }
        if (a.batch() != b.batch()) {
            d.add("batch " + b.batch());
        }
        return d;
    }
}
