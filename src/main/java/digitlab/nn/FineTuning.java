package digitlab.nn;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import digitlab.dataset.Dataset;

/**
 * Teaches an existing network the user's handwriting without making it forget MNIST: a {@link Trainer}
 * run, from the network's own parameters, on a mix of the user's digits and MNIST training images.
 * Each of the user's digits is repeated {@code c} times, {@code c} chosen so that their most frequent digit
 * has about {@value #OWN_PER_CLASS} copies; then every digit class d of the mix is filled up with MNIST
 * training images (drawn at random without replacement) to the same {@code P = }{@value #CLASS_FACTOR}
 * {@code · max_d own_d} images. So the classes stay equally frequent (the network's belief in how common
 * each digit is does not move toward the digits the user gave) and the user's copies are at most a
 * sixteenth of any class (a larger share made the network forget MNIST: see {@link #defaults()}). When
 * MNIST has fewer images of a digit than that, the mix is that much smaller. The Trainer shuffles the mix
 * each epoch and, with {@link TrainingConfig#augment()}, shifts every image by up to
 * ±{@value TrainingConfig#MAX_SHIFT} px, so each copy of a user's digit is seen at another place. Accuracy
 * on the user's digits and on the MNIST test set is measured before and after.
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
    /** The user's digits are repeated until their most frequent digit has about this many copies in the mix. */
    public static final int OWN_PER_CLASS = 220;
    /** Every digit class of the mix holds this many times the user's copies of their most frequent digit. */
    public static final int CLASS_FACTOR = 16;

    private final Parameters start;
    private final Dataset mine;
    private final Dataset mnistTest;
    private final Trainer trainer;
    private final int copies;

    /**
     * The settings for fine-tuning: 6 epochs over the mix, SGD with momentum 0.9 at 0.01 with cosine decay
     * (a fifth of the training rate), batches of 64, shifts of up to ±2 px. Measured with 60 drawings in an
     * odd hand (LearningMyHandwritingTest): 3 epochs read 85 % of new drawings by it and 6 read 87-90 %, both
     * losing 0.18 points on MNIST; with each class a twelfth the user's the loss was 0.25, with a quarter 0.6.
     */
    public static TrainingConfig defaults() {
        return TrainingConfig.defaults().withEpochs(6).withLearningRate(0.01f).withAugment(true);
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
        int[] perDigit = new int[start.outputs()];
        for (int i = 0; i < mine.count(); i++) {
            perDigit[mine.label(i)]++;
        }
        this.copies = Math.max(1, Math.round((float) OWN_PER_CLASS / Arrays.stream(perDigit).max().orElse(1)));
        Dataset mix = mix(mine, copies, mnistTrain, config.seed(), start.outputs());
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
     * {@code copies} copies of every image of {@code mine}, then, for each digit d, MNIST images of d drawn at
     * random without replacement (seeded) until d has {@value #CLASS_FACTOR}·max(own) images in all; the
     * Trainer shuffles them together.
     */
    static Dataset mix(Dataset mine, int copies, Dataset mnist, long seed, int classes) {
        if (mine.rows() != mnist.rows() || mine.cols() != mnist.cols()) {
            throw new IllegalArgumentException(mine.name() + " has " + mine.rows() + "×" + mine.cols() + " images but "
                    + mnist.name() + " has " + mnist.rows() + "×" + mnist.cols());
        }
        int[] own = new int[classes], wanted = new int[classes];
        for (int i = 0; i < mine.count(); i++) {
            own[mine.label(i)] += copies;
        }
        int perClass = CLASS_FACTOR * Arrays.stream(own).max().orElse(0), fromMnist = 0;
        for (int c = 0; c < classes; c++) {
            wanted[c] = perClass - own[c];
            fromMnist += wanted[c];
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
        for (int i = 0; i < order.length && at < count; i++) {
            int label = mnist.label(order[i]);
            if (label >= 0 && label < classes && wanted[label] > 0) {
                wanted[label]--;
                System.arraycopy(mnist.pixels(), order[i] * n, pixels, at * n, n);
                labels[at++] = (byte) label;
            }
        }
        if (at < count) { // MNIST has fewer images of some digit than asked: the mix is that much smaller
            pixels = Arrays.copyOf(pixels, at * n);
            labels = Arrays.copyOf(labels, at);
        }
        return new Dataset(mine.name() + " and MNIST", at, mine.rows(), mine.cols(), pixels, labels);
    }
}
