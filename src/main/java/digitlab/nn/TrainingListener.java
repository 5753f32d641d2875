package digitlab.nn;

/**
 * Hears about a training run, on the training thread: keep each call short (hand the report to another
 * thread if the work is long).
 */
public interface TrainingListener {
    /** After each batch. */
    default void batchDone(BatchReport report) {
    }

    /**
     * When a batch's loss shows that the run diverged ({@link Divergence}): that batch, whose update was not
     * applied; the run then ends with {@link TrainingResult.Status#DIVERGED}. So a chart can show the loss
     * that stopped the run.
     */
    default void batchDiverged(BatchReport report) {
    }

    /** After each epoch, once the test set has been evaluated. */
    default void epochDone(EpochReport report) {
    }

    /**
     * @param epoch        1-based
     * @param batch        1-based, within the epoch
     * @param samplesSeen  images trained on since the run began
     * @param totalSamples images the whole run trains on
     */
    record BatchReport(int epoch, int batch, int batchesPerEpoch, long samplesSeen, long totalSamples, float loss,
            float learningRate, double elapsedSeconds) {
    }

    /**
     * @param testAccuracy 0..1, or NaN when there is no test set
     * @param evaluation   the full test-set evaluation, or null when there is no test set
     */
    record EpochReport(int epoch, int epochs, float meanLoss, double testAccuracy, double seconds,
            double samplesPerSecond, Evaluation evaluation) {
    }
}
