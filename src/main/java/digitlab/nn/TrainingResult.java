package digitlab.nn;

import java.util.List;

/**
 * How a run ended and what it left: the parameters (always finite and usable, even when cancelled or
 * diverged), the epochs it completed, and a message for people when it did not complete.
 */
public record TrainingResult(Status status, Parameters parameters, List<TrainingListener.EpochReport> epochs,
        String message) {

    public enum Status {
        COMPLETED, CANCELLED, DIVERGED
    }

    /** The test accuracy after the last completed epoch, or NaN. */
    public double testAccuracy() {
        return epochs.isEmpty() ? Double.NaN : epochs.get(epochs.size() - 1).testAccuracy();
    }
}
