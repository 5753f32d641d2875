package digitlab.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import digitlab.nn.Architecture;
import digitlab.nn.TrainingConfig;

/**
 * Where a model's numbers came from: the training settings and the result. Any field may be null for a
 * model made some other way.
 *
 * @param testAccuracy 0..1
 * @param date         ISO-8601, when training finished
 * @param trainImages   how many training images the run used
 * @param drawnAccuracy 0..1: the share of the drawn test set (digits drawn by hand) the model reads right
 * @param architecture  the network's spec as {@link Architecture#parse} reads it, e.g. conv5x16,pool2,dense10
 */
public record Provenance(String optimizer, Float learningRate, Float momentum, String schedule, Integer epochs,
        Integer batchSize, Long seed, Boolean augment, Double testAccuracy, String date, Integer trainImages,
        String digitlabVersion, Double drawnAccuracy, String architecture) {

    /**
     * The provenance of a model trained with {@code config} on {@code trainImages} images, now.
     *
     * @param testAccuracy 0..1, or NaN when not measured
     */
    public static Provenance ofTraining(TrainingConfig config, double testAccuracy, int trainImages, String version) {
        return ofTraining(config, null, testAccuracy, trainImages, version);
    }

    /**
     * The provenance of a network of {@code architecture} (null when not known) trained with {@code config} on
     * {@code trainImages} images, now; its spec is kept.
     *
     * @param testAccuracy 0..1, or NaN when not measured
     */
    public static Provenance ofTraining(TrainingConfig config, Architecture architecture, double testAccuracy,
            int trainImages, String version) {
        return new Provenance(config.optimizer().id(), config.learningRate(),
                config.optimizer().usesMomentum() ? config.momentum() : null, config.schedule().id(), config.epochs(),
                config.batch(), config.seed(), config.augment(), Double.isNaN(testAccuracy) ? null : testAccuracy,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), trainImages, version, null,
                architecture == null ? null : architecture.spec());
    }

    /** This provenance with {@code drawnAccuracy} (0..1, the share of a drawn test set read right) in place of its own. */
    public Provenance withDrawnAccuracy(Double drawnAccuracy) {
        return new Provenance(optimizer, learningRate, momentum, schedule, epochs, batchSize, seed, augment, testAccuracy,
                date, trainImages, digitlabVersion, drawnAccuracy, architecture);
    }

    public static Provenance unknown() {
        return new Provenance(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
