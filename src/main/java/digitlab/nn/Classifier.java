package digitlab.nn;

import digitlab.data.Dataset;

/**
 * A trained network for answering questions about images: probabilities for one image, accuracy on a
 * set. Holds its own copy of the parameters, so training elsewhere does not change its answers. One
 * thread at a time.
 */
public final class Classifier {
    private final Parameters parameters;
    private final Mlp mlp;
    private final Mlp.Forward one;
    private Evaluator evaluator;

    public Classifier(Parameters parameters) {
        this.parameters = parameters.copy();
        this.mlp = new Mlp(this.parameters);
        this.one = mlp.forward(1);
    }

    public Parameters parameters() {
        return parameters.copy();
    }

    public int inputs() {
        return parameters.inputs();
    }

    /**
     * The probability of each class for one image of {@link #inputs()} pixels in [0, 1]: e^(log-softmax).
     */
    public float[] probabilities(float[] pixels) {
        if (pixels.length != parameters.inputs()) {
            throw new IllegalArgumentException("an image of " + pixels.length + " pixels; the network takes "
                    + parameters.inputs());
        }
        System.arraycopy(pixels, 0, one.input().value().data, 0, pixels.length);
        one.input().changed();
        float[] logp = one.logProbabilities().value().data;
        float[] p = new float[parameters.outputs()];
        for (int j = 0; j < p.length; j++) {
            p[j] = (float) Math.exp(logp[j]);
        }
        return p;
    }

    /** The most probable class. */
    public static int best(float[] probabilities) {
        return Evaluator.argmax(probabilities, 0, probabilities.length);
    }

    public Evaluation evaluate(Dataset data) {
        if (evaluator == null) {
            evaluator = new Evaluator(mlp);
        }
        return evaluator.evaluate(data);
    }
}
