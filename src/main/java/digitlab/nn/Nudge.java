package digitlab.nn;

import org.ejml.data.FMatrixRMaj;

import digitlab.engine.Tensor;

/**
 * Gradient ascent on one image toward a chosen class: what the network would need to see to answer
 * {@code target}, and how little change it takes. Each {@link #step()} moves the pixels x by
 *
 * <pre>  x ← clamp(x + rate · g / ‖g‖₂, 0, 1),   g = ∂ log p(target | x) / ∂x</pre>
 *
 * a step of L2 length {@code rate} along the gradient of the target's log-probability (before the clamp, which
 * keeps every pixel a possible ink value). The gradient is the engine's: one backward pass through the
 * network's graph, with the input as a leaf that takes a gradient. It remembers the change from the
 * starting image when the answer first became the target. One thread at a time; holds its own copy of the
 * parameters.
 */
public final class Nudge {
    /**
     * The image after {@code number} steps.
     *
     * @param number        0 for the starting image
     * @param pixels        the image (a copy)
     * @param probabilities one per class
     * @param best          the most probable class
     * @param l2            ‖x − x₀‖₂, the change from the starting image
     * @param largest       max |x − x₀|, the largest change of one pixel
     */
    public record Step(int number, float[] pixels, float[] probabilities, int best, double l2, double largest) {
    }

    private final Network.Forward graph;
    private final FMatrixRMaj seed;
    private final float[] start;
    private final float[] x;
    private final int target;
    private final float rate;
    private Step current;
    private Step flipped;

    /**
     * @param parameters the network's (copied)
     * @param start      the starting image, {@code parameters.inputs()} pixels in [0, 1] (copied)
     * @param target     the class whose log-probability rises
     * @param rate       each step's L2 length (before clamping), &gt; 0
     */
    public Nudge(Parameters parameters, float[] start, int target, float rate) {
        if (start.length != parameters.inputs()) {
            throw new IllegalArgumentException("an image of " + start.length + " pixels; the network takes "
                    + parameters.inputs());
        }
        if (target < 0 || target >= parameters.outputs()) {
            throw new IllegalArgumentException("class " + target + " is not one of 0.." + (parameters.outputs() - 1));
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("the step length must be positive, not " + rate);
        }
        this.graph = new Network(parameters.copy()).forward(1);
        graph.input().requireGrad(true);
        this.seed = new FMatrixRMaj(1, parameters.outputs());
        seed.data[target] = 1f;
        this.start = start.clone();
        this.x = start.clone();
        this.target = target;
        this.rate = rate;
        this.current = measure(0);
        if (current.best() == target) {
            flipped = current;
        }
    }

    public int target() {
        return target;
    }

    /** The image now (step 0 before any step). */
    public Step current() {
        return current;
    }

    /** The first step whose answer was the target (step 0 if the start already was), or null. */
    public Step flipped() {
        return flipped;
    }

    /**
     * One ascent step (see the class comment); returns the new {@link #current()}. When the gradient is zero
     * (the target already certain, or every unit off) the image stays as it is.
     */
    public Step step() {
        Tensor input = graph.input();
        System.arraycopy(x, 0, input.value().data, 0, x.length);
        input.changed();
        graph.logProbabilities().backward(seed);
        float[] g = input.grad().data;
        double norm = 0;
        for (float v : g) {
            norm += (double) v * v;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            float scale = (float) (rate / norm);
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.min(1f, Math.max(0f, x[i] + scale * g[i]));
            }
        }
        current = measure(current.number() + 1);
        if (flipped == null && current.best() == target) {
            flipped = current;
        }
        return current;
    }

    private Step measure(int number) {
        Tensor input = graph.input();
        System.arraycopy(x, 0, input.value().data, 0, x.length);
        input.changed();
        float[] p = Classifier.softmax(graph.scores().value().data, new float[seed.numCols]);
        double l2 = 0, largest = 0;
        for (int i = 0; i < x.length; i++) {
            double d = Math.abs(x[i] - start[i]);
            l2 += d * d;
            largest = Math.max(largest, d);
        }
        return new Step(number, x.clone(), p, Classifier.best(p), Math.sqrt(l2), largest);
    }
}
