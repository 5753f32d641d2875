package digitlab.nn;

import java.util.Locale;

import digitlab.engine.NumberText;

/**
 * Tells a run that has gone wrong from one that is only noisy, batch by batch, so a learning rate that is
 * far too high stops the run early instead of training a network that answers one class for everything.
 * A run diverges when a batch's loss is not a finite number; or when it is more than {@value #FACTOR}
 * times the run's first loss (and than {@value #FACTOR} times the loss of guessing, ln 10, so that one hard
 * batch of a well-trained model does not count); or when the smoothed loss has risen for
 * {@value #RISING} batches in a row to above where the run began. (A mean of several first batches would
 * not do: a learning rate of 100 sends the loss up a thousandfold at the second batch.)
 */
public final class Divergence {
    /** How many times its start the loss may reach. */
    public static final int FACTOR = 10;
    /** Batches in a row the smoothed loss may rise. */
    public static final int RISING = 100;
    /** The loss of answering every class with the same probability, for ten classes. */
    static final double GUESSING_LOSS = Math.log(10);
    private static final double SMOOTHING = 0.05;

    private double start = Double.NaN;
    private double smoothed = Double.NaN;
    private int risingFor;

    /**
     * Takes the next batch's loss; returns null while the run is sound, else why it diverged
     * ("the loss reached 9.0e26, over 10 times its start of 2.3").
     */
    public String check(float loss) {
        if (!Float.isFinite(loss)) {
            return "the loss became " + loss;
        }
        if (Double.isNaN(start)) {
            start = loss;
        }
        if (loss > FACTOR * Math.max(start, GUESSING_LOSS)) {
            return String.format(Locale.ROOT, "the loss reached %s, over %d times its start of %s",
                    NumberText.compact(loss), FACTOR, NumberText.compact(start));
        }
        double before = smoothed;
        smoothed = Double.isNaN(smoothed) ? loss : smoothed + SMOOTHING * (loss - smoothed);
        risingFor = smoothed > before ? risingFor + 1 : 0;
        if (risingFor >= RISING && smoothed > start) {
            return String.format(Locale.ROOT, "the loss rose for %d batches in a row, to %s from a start of %s",
                    risingFor, NumberText.compact(smoothed), NumberText.compact(start));
        }
        return null;
    }
}
