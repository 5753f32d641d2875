package digitlab.nn;

import java.util.Locale;
import java.util.Random;

import digitlab.dataset.Dataset;

/**
 * Teaches an existing network the user's handwriting without making it forget MNIST: a {@link Trainer}
 * run, from the network's own parameters, on a mix of the user's digits and MNIST training images, one
 * to one. Each of the user's {@code n} digits appears {@code c = ⌈minimum / n⌉} times in the mix
 * ({@link #MIN_USER_IMAGES} images at least, so that a few digits make whole batches), beside
 * {@code c·n} MNIST training images drawn at random without replacement; the Trainer shuffles the mix each
 * epoch and, with {@link TrainingConfig#augment()}, shifts every image by up to ±{@value TrainingConfig#MAX_SHIFT}
 * px, so each copy of a digit of the user's is seen at another place. Accuracy on the user's digits and
 * on the MNIST test set is measured before and after.
 *
 * <p>The result {@link Result#keeps() keeps} the new parameters only when the run completed and the MNIST
 * test accuracy fell by at most {@value #MAX_MNIST_DROP_POINTS} percentage points; otherwise the caller
 * should keep the model it had (the result says why). Nothing given is modified.
 *
 * <p>The training runs on the caller's thread; other threads may {@link #cancel()}, and the listeners,
 * pause and step of the {@link #trainer()} work as for any training run.
 */
public final class FineTuning {
    /** The most the MNIST test accuracy may fall, in percentage points, for the new parameters to be kept. */
    public static final double MAX_MNIST_DROP_POINTS = 0.3;
    /** The user's part of the mix has at least this many images (copies of their digits). */
    public static final int MIN_USER_IMAGES = 640;

    private final Parameters start;
    private final Dataset mine;
    private final Dataset mnistTest;
    private final Trainer trainer;
    private final int copies;

    /**
     * The settings for fine-tuning: 3 epochs over the mix, SGD with momentum 0.9 at 0.01 with cosine decay,
     * batches of 64, shifts of up to ±2 px: a fifth of the training rate, so the network moves toward the
     * user's digits without leaving what it learnt.
     */
    public static TrainingConfig defaults() {
        return TrainingConfig.defaults().withEpochs(3).withLearningRate(0.01f).withAugment(true);
    }

    /**
     * @param start      the network to fine-tune (copied)
     * @param mine       the user's digits, labels 0..classes − 1
     * @param mnistTrain where the MNIST part of the mix is drawn from
     * @param mnistTest  measured before, after each epoch and after
     */
    public FineTuning(TrainingConfig config, Parameters start, Dataset mine, Dataset mnistTrain, Dataset mnistTest) {
        if (mine.count() == 0) {
            throw new IllegalArgumentException("there are none of your digits to learn from");
        }
        for (int i = 0; i < mine.count(); i++) {
            if (mine.label(i) < 0 || mine.label(i) >= start.outputs()) {
                throw new IllegalArgumentException(mine.name() + ": digit " + (i + 1) + " has the label " + mine.label(i)
                        + ", which the network (" + start.outputs() + " classes) cannot give");
            }
        }
        this.start = start.copy();
        this.mine = mine;
        this.mnistTest = mnistTest;
        this.copies = (MIN_USER_IMAGES + mine.count() - 1) / mine.count();
        Dataset mix = mix(mine, copies, mnistTrain, Math.min(mnistTrain.count(), copies * mine.count()), config.seed());
        this.trainer = new Trainer(config.withLimit(0), this.start, mix, mnistTest);
    }

    /** The run itself: add listeners, pause, step or cancel it as any training run. */
    public Trainer trainer() {
        return trainer;
    }

    /** How many times each of the user's digits is in the mix (each epoch sees every copy once). */
    public int copies() {
        return copies;
    }

    /** Ends the run before its next batch; {@link #run()} then returns a result that does not keep. */
    public void cancel() {
        trainer.cancel();
    }

    /** Measures, trains and measures again (on the caller's thread). */
    public Result run() {
        Evaluation mineBefore = new Evaluator(new Network(start)).evaluate(mine);
        Evaluation mnistBefore = new Evaluator(new Network(start)).evaluate(mnistTest);
        TrainingResult training = trainer.run();
        Evaluator after = new Evaluator(new Network(training.parameters()));
        Evaluation mnistAfter = training.status() == TrainingResult.Status.COMPLETED && !training.epochs().isEmpty()
                ? training.epochs().get(training.epochs().size() - 1).evaluation() // these very parameters
                : after.evaluate(mnistTest);
        return new Result(training, mineBefore, after.evaluate(mine), mnistBefore, mnistAfter);
    }

    /**
     * What fine-tuning did: the run, and accuracy on the user's digits and on the MNIST test set before
     * and after.
     */
    public record Result(TrainingResult training, Evaluation mineBefore, Evaluation mineAfter, Evaluation mnistBefore,
            Evaluation mnistAfter) {

        /** MNIST test accuracy lost, in percentage points (negative when it rose). */
        public double mnistDropPoints() {
            return 100 * (mnistBefore.accuracy() - mnistAfter.accuracy());
        }

        /** Whether the new parameters should replace the old: the run completed and MNIST held. */
        public boolean keeps() {
            return training.status() == TrainingResult.Status.COMPLETED && mnistDropPoints() <= MAX_MNIST_DROP_POINTS;
        }

        /** The fine-tuned parameters (whether or not they {@link #keeps() keep}). */
        public Parameters parameters() {
            return training.parameters();
        }

        /** Why the new parameters are not kept, for people; null when they are. */
        public String refusal() {
            if (training.status() != TrainingResult.Status.COMPLETED) {
                return training.message();
            }
            if (!keeps()) {
                return String.format(Locale.ROOT, "MNIST test accuracy fell by %.2f points (%.2f%% → %.2f%%), more than"
                        + " the %.1f allowed: the network would forget what it knew; keep the model you had", mnistDropPoints(),
                        100 * mnistBefore.accuracy(), 100 * mnistAfter.accuracy(), MAX_MNIST_DROP_POINTS);
            }
            return null;
        }

        /** "your digits: 12/40 (30.0%) → 37/40 (92.5%); MNIST test: 98.12% → 98.05% (−0.07 points)". */
        public String summary() {
            return String.format(Locale.ROOT, "your digits: %d/%d (%.1f%%) → %d/%d (%.1f%%); MNIST test: %.2f%% → %.2f%% (%+.2f points)",
                    mineBefore.correct(), mineBefore.n(), 100 * mineBefore.accuracy(), mineAfter.correct(), mineAfter.n(),
                    100 * mineAfter.accuracy(), 100 * mnistBefore.accuracy(), 100 * mnistAfter.accuracy(), -mnistDropPoints());
        }
    }

    /**
     * {@code copies} copies of every image of {@code mine}, then {@code fromMnist} images of {@code mnist} drawn
     * at random without replacement (seeded); the Trainer shuffles them together.
     */
    static Dataset mix(Dataset mine, int copies, Dataset mnist, int fromMnist, long seed) {
        if (mine.rows() != mnist.rows() || mine.cols() != mnist.cols()) {
            throw new IllegalArgumentException(mine.name() + " has " + mine.rows() + "×" + mine.cols() + " images but "
                    + mnist.name() + " has " + mnist.rows() + "×" + mnist.cols());
        }
        int n = mine.pixelsPerImage(), count = mine.count() * copies + fromMnist;
        byte[] pixels = new byte[count * n], labels = new byte[count];
        int at = 0;
        for (int c = 0; c < copies; c++) {
            System.arraycopy(mine.pixels(), 0, pixels, at * n, mine.count() * n);
            System.arraycopy(mine.labels(), 0, labels, at, mine.count());
            at += mine.count();
        }
        int[] order = Batches.identity(mnist.count());
        Batches.shuffle(order, new Random(seed ^ 0x6d696e65L));
        for (int i = 0; i < fromMnist; i++, at++) {
            System.arraycopy(mnist.pixels(), order[i] * n, pixels, at * n, n);
            labels[at] = mnist.labels()[order[i]];
        }
        return new Dataset(mine.name() + " and MNIST", count, mine.rows(), mine.cols(), pixels, labels);
    }
}
