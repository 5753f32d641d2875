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
}
