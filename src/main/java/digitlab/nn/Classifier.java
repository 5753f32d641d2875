package digitlab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ejml.data.FMatrixRMaj;

import digitlab.dataset.Dataset;
import digitlab.engine.Tensor;

/**
 * A trained network for answering questions about images: probabilities for one image, accuracy on a
 * set. Holds its own copy of the parameters, so training elsewhere does not change its answers. One
 * thread at a time.
 */
public final class Classifier {
    private final Parameters parameters;
    private final Network network;
    private final Network.Forward one;
    private Network.Forward why;
    private FMatrixRMaj whySeed;
    private Evaluator evaluator;
    private Evaluator parallel;
    private int parallelThreads;

    public Classifier(Parameters parameters) {
        this.parameters = parameters.copy();
        this.network = new Network(this.parameters);
        this.one = network.forward(1);
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
     * The probability of each class for one image of {@link #inputs()} pixels in [0, 1]: the softmax of
     * the network's scores. Never NaN: when the scores for this image are not finite numbers (weights
     * so large that their sums overflow), it throws {@link NonFiniteScoresException} instead.
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
        float[] scores = one.scores().value().data;
        for (int j = 0; j < scores.length; j++) {
            if (!Float.isFinite(scores[j])) {
                throw new NonFiniteScoresException(j, scores[j]);
            }
        }
        return softmax(scores, out);
    }

    /**
     * e^(sᵢ − max) / Σⱼ e^(sⱼ − max), with the largest score subtracted so that nothing overflows. Scores
     * of +∞ share the whole probability between them, −∞ gets 0.
     *
     * @throws IllegalArgumentException for a NaN score, or when every score is −∞: there is no answer
     */
    public static float[] softmax(float[] scores, float[] out) {
        float max = Float.NEGATIVE_INFINITY;
        for (float s : scores) {
            if (Float.isNaN(s)) {
                throw new IllegalArgumentException("a score is NaN: no probabilities");
            }
            max = Math.max(max, s);
        }
        if (max == Float.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("every score is -Infinity: no probabilities");
        }
        if (max == Float.POSITIVE_INFINITY) {
            int infinite = 0;
            for (float s : scores) {
                infinite += s == max ? 1 : 0;
            }
            for (int j = 0; j < scores.length; j++) {
                out[j] = scores[j] == max ? 1f / infinite : 0f;
            }
            return out;
        }
        double sum = 0;
        for (float s : scores) {
            sum += Math.exp((double) s - max); // in double: finite floats differ by at most 7e38
        }
        for (int j = 0; j < scores.length; j++) {
            out[j] = (float) (Math.exp((double) scores[j] - max) / sum);
        }
        return out;
    }

    /** The network's scores for an image are not finite numbers, so it has no probabilities to give. */
    public static final class NonFiniteScoresException extends ArithmeticException {
        NonFiniteScoresException(int digit, float score) {
            super("the network's score for class " + digit + " is " + score + " for this image: its weights are too"
                    + " large to give an answer");
        }
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
        whyGraph();
        System.arraycopy(pixels, 0, why.input().value().data, 0, pixels.length);
        why.input().changed();
        Arrays.fill(whySeed.data, 0f);
        whySeed.data[c] = 1f;
        why.scores().backward(whySeed);
        System.arraycopy(why.input().grad().data, 0, out, 0, out.length);
        return out;
    }

    /**
     * The gradient of every class's raw score with respect to what each of {@code layers} makes (after its
     * activation) for one image: out[i][c·n + j] = ∂score[c]/∂h[j], h the n outputs of layer layers[i], by one
     * backward pass of the engine per class through the saliency's graph, which gives every layer's gradient
     * at once. Writes each out[i] (classes × n); allocates nothing once warm.
     */
    public void layerGradients(float[] pixels, int[] layers, float[][] out) {
        int classes = parameters.outputs();
        List<Tensor> made = whyGraph().layers();
        if (pixels.length != parameters.inputs() || out.length != layers.length) {
            throw new IllegalArgumentException("an image of " + pixels.length + " pixels, " + layers.length
                    + " layers into " + out.length + " arrays of gradients");
        }
        for (int i = 0; i < layers.length; i++) {
            int n = made.get(layers[i]).cols();
            if (out[i].length != classes * n) {
                throw new IllegalArgumentException(out[i].length + " gradients for layer " + layers[i] + ", which makes "
                        + n + " numbers for " + classes + " classes");
            }
        }
        System.arraycopy(pixels, 0, why.input().value().data, 0, pixels.length);
        why.input().changed();
        for (int c = 0; c < classes; c++) {
            Arrays.fill(whySeed.data, 0f);
            whySeed.data[c] = 1f;
            why.scores().backward(whySeed);
            for (int i = 0; i < layers.length; i++) {
                float[] g = made.get(layers[i]).grad().data;
                System.arraycopy(g, 0, out[i], c * g.length, g.length);
            }
        }
    }

    /** The graph of {@link #saliency} (input taking a gradient), made on first use. */
    private Network.Forward whyGraph() {
        if (why == null) {
            why = network.forward(1);
            why.input().requireGrad(true);
            whySeed = new FMatrixRMaj(1, parameters.outputs());
        }
        return why;
    }

    /** Class {@code c}'s raw score for one image (what {@link #saliency} differentiates). */
    public float score(float[] pixels, int c) {
        System.arraycopy(pixels, 0, one.input().value().data, 0, pixels.length);
        one.input().changed();
        return one.scores().value().data[c];
    }

    /** The network's layers, and the shape of what each makes. */
    public Architecture architecture() {
        return parameters.architecture();
    }

    /**
     * What layer {@code layer} (counted from 0 along {@link Architecture#layers()}) made of the image last given
     * to {@link #probabilities}, after its activation: for a convolution its feature maps one after another
     * (channel-major, each height × width of {@code architecture().shapes().get(layer + 1)}), for a dense layer
     * its units. Copied into {@code out}, which it returns; allocates nothing.
     */
    public float[] layerOutput(int layer, float[] out) {
        Tensor t = one.layers().get(layer);
        int size = t.cols();
        if (out.length != size) {
            throw new IllegalArgumentException("layer " + layer + " makes " + size + " numbers, not " + out.length);
        }
        System.arraycopy(t.value().data, 0, out, 0, size);
        return out;
    }

    /** The most probable class. */
    public static int best(float[] probabilities) {
        return Evaluator.argmax(probabilities, 0, probabilities.length);
    }

    public Evaluation evaluate(Dataset data) {
        if (evaluator == null) {
            evaluator = new Evaluator(network);
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
            List<Network> replicas = new ArrayList<>();
            replicas.add(network);
            for (int t = 1; t < threads; t++) {
                replicas.add(network.sharingParameters());
            }
            parallel = new Evaluator(replicas);
            parallelThreads = threads;
        }
        try (Workers workers = new Workers(threads, "digitlab-evaluation")) {
            return parallel.evaluate(data, workers);
        }
    }
}
