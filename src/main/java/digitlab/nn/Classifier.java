package digitlab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ejml.data.FMatrixRMaj;

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
    private Mlp.Forward why;
    private FMatrixRMaj whySeed;
    private Evaluator evaluator;
    private Evaluator parallel;
    private int parallelThreads;

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

    /** How many classes it tells apart. */
    public int outputs() {
        return parameters.outputs();
    }

    /**
     * The probability of each class for one image of {@link #inputs()} pixels in [0, 1]: e^(log-softmax).
     */
    public float[] probabilities(float[] pixels) {
        return probabilities(pixels, new float[parameters.outputs()]);
    }

    /** {@link #probabilities(float[])} into {@code out} (one per class), which it returns; allocates nothing. */
    public float[] probabilities(float[] pixels, float[] out) {
        if (pixels.length != parameters.inputs() || out.length != parameters.outputs()) {
            throw new IllegalArgumentException("an image of " + pixels.length + " pixels into " + out.length
                    + " probabilities; the network takes " + parameters.inputs() + " and gives " + parameters.outputs());
        }
        System.arraycopy(pixels, 0, one.input().value().data, 0, pixels.length);
        one.input().changed();
        float[] logp = one.logProbabilities().value().data;
        for (int j = 0; j < out.length; j++) {
            out[j] = (float) Math.exp(logp[j]);
        }
        return out;
    }

    /**
     * Saliency: ∂score[c]/∂pixel for every input pixel, where score[c] is class {@code c}'s raw score
     * (the output before log-softmax), by one backward pass of the engine through a graph of its own
     * with the input as a leaf that takes a gradient. A positive value: more ink there raises c's
     * score. Writes {@code out} (one per input) and returns it; allocates nothing once warm.
     */
    public float[] saliency(float[] pixels, int c, float[] out) {
        if (pixels.length != parameters.inputs() || out.length != parameters.inputs()) {
            throw new IllegalArgumentException("an image of " + pixels.length + " pixels into a saliency of "
                    + out.length + "; the network takes " + parameters.inputs());
        }
        if (c < 0 || c >= parameters.outputs()) {
            throw new IllegalArgumentException("class " + c + " is not one of 0.." + (parameters.outputs() - 1));
        }
        if (why == null) {
            why = mlp.forward(1);
            why.input().requireGrad(true);
            whySeed = new FMatrixRMaj(1, parameters.outputs());
        }
        System.arraycopy(pixels, 0, why.input().value().data, 0, pixels.length);
        why.input().changed();
        Arrays.fill(whySeed.data, 0f);
        whySeed.data[c] = 1f;
        why.scores().backward(whySeed);
        System.arraycopy(why.input().grad().data, 0, out, 0, out.length);
        return out;
    }

    /** Class {@code c}'s raw score for one image (what {@link #saliency} differentiates). */
    public float score(float[] pixels, int c) {
        System.arraycopy(pixels, 0, one.input().value().data, 0, pixels.length);
        one.input().changed();
        return one.scores().value().data[c];
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

    /**
     * Evaluation with the images split between {@code threads} threads, for large sets. Returns the same
     * answer as {@link #evaluate(Dataset)}.
     */
    public Evaluation evaluate(Dataset data, int threads) {
        if (threads <= 1) {
            return evaluate(data);
        }
        if (parallel == null || parallelThreads != threads) {
            List<Mlp> replicas = new ArrayList<>();
            replicas.add(mlp);
            for (int t = 1; t < threads; t++) {
                replicas.add(mlp.sharingParameters());
            }
            parallel = new Evaluator(replicas);
            parallelThreads = threads;
        }
        try (Workers workers = new Workers(threads, "digitlab-evaluation")) {
            return parallel.evaluate(data, workers);
        }
    }
}
