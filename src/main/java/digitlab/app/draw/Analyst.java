package digitlab.app.draw;

import java.util.List;

import digitlab.image.Prepared;
import digitlab.model.Model;
import digitlab.nn.Classifier;

/**
 * Everything the Draw view shows about one 28×28 image: answer, probabilities, saliency, feature maps or hidden
 * units. Keeps a classifier per model (made when the model changes). One thread at a time: the reader and the
 * nudge each have their own.
 */
final class Analyst {
    private Model model;
    private Classifier classifier;
    private List<float[]> weights, kernels;

    /**
     * What {@code model} makes of {@code prepared}, explaining class {@code why} (−1: the answer), for drawing
     * version {@code version}; {@code nudge}: where the nudge is, for a nudged image (null for a drawing as read);
     * {@code start}: when the work began ({@link System#nanoTime}), for the timing shown.
     */
    Reading read(long version, Model model, Prepared prepared, int why, NudgeProgress nudge, long start) {
        if (model != this.model) {
            classifier = new Classifier(model.parameters());
            weights = HiddenUnits.weights(model.parameters());
            kernels = FeatureMaps.kernels(model.parameters());
            this.model = model;
        }
        float[] pixels = prepared.pixels();
        float[] probabilities = classifier.probabilities(pixels);
        int best = Classifier.best(probabilities);
        int explained = why >= 0 ? why : best;
        // maps and units read the graph of the image just given to probabilities; the gradients run one of their own
        FeatureMaps maps = FeatureMaps.of(classifier, kernels);
        HiddenUnits units = HiddenUnits.of(classifier, pixels, weights);
        float[] saliency = classifier.saliency(pixels, explained, new float[pixels.length]);
        return new Reading(version, model, prepared, probabilities, best, explained, saliency,
                (System.nanoTime() - start) / 1e3, maps, units, nudge);
    }
}
