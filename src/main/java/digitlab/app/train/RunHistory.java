package digitlab.app.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import digitlab.app.widgets.Percent;
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
            double[] trainAccuracy) {
    }

    private final List<EarlierRun> runs = new ArrayList<>();
    private int numbered;

    /** Keeps a run (numbered from 1 in the order kept; the legend starts "run N: "). */
    public synchronized void add(TrainingConfig config, LossHistory.Series loss, List<TrainingSession.Epoch> epochs) {
        numbered++;
        int[] batches = new int[loss.size()];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = loss.index()[i] + 1;
        }
        double[] test = epochs.stream().mapToDouble(e -> e.report().testAccuracy()).toArray();
        double[] train = epochs.stream().mapToDouble(TrainingSession.Epoch::trainAccuracy).toArray();
        runs.add(new EarlierRun("run " + numbered + ": " + legend(config, epochs.size(), test.length == 0 ? Double.NaN
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
        String text = String.format(Locale.ROOT, "%s · rate %s %s · batch %d · %d %s", c.optimizer().id(),
                NumberText.number(c.learningRate()), c.schedule().id(), c.batch(), epochs,
                epochs == 1 ? "epoch" : "epochs");
        return Double.isNaN(testAccuracy) ? text : text + " · " + Percent.percent(testAccuracy);
    }
}
