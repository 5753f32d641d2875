package digitlab.nn;

import org.ejml.data.FMatrixRMaj;

/**
 * How one training step is shared among the threads of a {@link Trainer}: each of its methods taking
 * a {@code part} runs on that part's thread, all parts at once (see {@link Workers}); the others run on
 * the training thread between steps.
 */
interface BatchSplit {
    /** Part {@code part}'s share of a step: its images in, forward, backward. */
    void forwardBackward(int part, int[] order, int batchStart, int[] dx, int[] dy);

    /** The batch's mean loss, once every part's {@link #forwardBackward} is done. */
    float loss();

    /** The sizes of the parameters as the optimizer sees them (index p in {@link Optimizer#update}). */
    int[] optimizerSizes();

    /** Part {@code part}'s share of the update, after {@link Optimizer#beginStep()}. */
    void update(int part, Optimizer optimizer, float rate);

    /** After every part's update: the graphs' parameter leaves are marked changed. */
    void updated();

    /** The shared parameter numbers were replaced (a restore): copies and leaves are brought up to date. */
    void replaced();

    /**
     * Brings the shared parameter numbers up to date with any copies the parts update instead (called
     * with the trainer's lock held, before the numbers are read).
     */
    void publish();

    /** The last step's images (one a row) and labels as part 0 saw them; read between steps. */
    FMatrixRMaj input();

    FMatrixRMaj labels();

    /**
     * Part {@code part}'s range (of {@code parts} equal ranges) of one parameter {@code value}, updated by
     * {@code optimizer} (as its parameter {@code index}) with Σₜ gradsₜ, the parts' gradients: two go to the
     * optimizer as they are, more are first added into {@code grads[0]} over the range (modified).
     */
    static void updateRange(int part, int parts, Optimizer optimizer, int index, FMatrixRMaj value, float[][] grads,
            float rate) {
        int n = value.getNumElements();
        int from = Workers.split(n, parts, part), to = Workers.split(n, parts, part + 1);
        float[] g = grads[0], g2 = grads.length == 2 ? grads[1] : null;
        for (int other = 1; other < grads.length && g2 == null; other++) {
            for (int i = from; i < to; i++) {
                g[i] += grads[other][i];
            }
        }
        optimizer.update(index, value.data, g, g2, from, to, rate);
    }
}
