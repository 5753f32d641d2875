package digitlab.model;

/**
 * Where a model's numbers came from: the training settings and the result. Any field may be null for a
 * model made some other way.
 *
 * @param testAccuracy 0..1
 * @param date         ISO-8601, when training finished
 * @param trainImages  how many training images the run used
 */
public record Provenance(String optimizer, Float learningRate, Float momentum, String schedule, Integer epochs,
        Integer batchSize, Long seed, Boolean augment, Double testAccuracy, String date, Integer trainImages,
        String digitlabVersion) {

    public static Provenance unknown() {
        return new Provenance(null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
