package digitlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The settings of a training run. The defaults are the recipe of the shipped model: SGD with momentum
 * 0.9, rate 0.05 with cosine decay per step, 12 epochs of batches of 64, random shifts of up to ±2 px.
 *
 * @param limit   train on the first {@code limit} training images only (0: all)
 * @param threads how many threads share each batch (the batch is split between them)
 */
public record TrainingConfig(int epochs, int batch, float learningRate, OptimizerKind optimizer, float momentum,
        Schedule schedule, boolean augment, long seed, int limit, int threads) {

    public static final int[] MNIST_LAYERS = {784, 128, 64, 10};
    /** Random shifts go up to this many pixels each way. */
    public static final int MAX_SHIFT = 2;

    public static TrainingConfig defaults() {
        return new TrainingConfig(12, 64, 0.05f, OptimizerKind.SGD, 0.9f, Schedule.COSINE, true, 1, 0, 1);
    }

    /** The setting a problem is about. */
    public enum Field {
        EPOCHS, BATCH, LEARNING_RATE, OPTIMIZER, MOMENTUM, SCHEDULE, SEED, LIMIT, THREADS
    }

    /** One thing wrong with the settings, and the setting it is about (so a form can show it beside that field). */
    public record Problem(Field field, String message) {
    }

    /** What is wrong with these settings, one reason each; empty when they are usable. */
    public List<String> problems() {
        return typedProblems().stream().map(Problem::message).toList();
    }

    /** What is wrong with these settings, each reason with the setting it is about; empty when they are usable. */
    public List<Problem> typedProblems() {
        List<Problem> p = new ArrayList<>();
        if (epochs < 1 || epochs > 10_000) {
            p.add(new Problem(Field.EPOCHS, "epochs must be from 1 to 10000, not " + epochs));
        }
        if (batch < 1 || batch > 60_000) {
            p.add(new Problem(Field.BATCH, "batch size must be from 1 to 60000, not " + batch));
        }
        if (!(learningRate > 0) || !Float.isFinite(learningRate) || learningRate > 100) {
            p.add(new Problem(Field.LEARNING_RATE, "learning rate must be a number above 0 and at most 100, not " + learningRate));
        }
        if (optimizer == null) {
            p.add(new Problem(Field.OPTIMIZER, "optimizer must be sgd or adam, not 'null'"));
        }
        if (!(momentum >= 0 && momentum < 1)) {
            p.add(new Problem(Field.MOMENTUM, "momentum must be at least 0 and below 1, not " + momentum));
        }
        if (threads < 1 || threads > 64) {
            p.add(new Problem(Field.THREADS, "threads must be from 1 to 64, not " + threads));
        } else if (threads > batch && batch >= 1) {
            p.add(new Problem(Field.THREADS, "a batch of " + batch + " cannot be split between " + threads + " threads"));
        }
        if (limit < 0) {
            p.add(new Problem(Field.LIMIT, "limit must be 0 (all) or a positive number of images, not " + limit));
        }
        return p;
    }

    /** Throws IllegalArgumentException naming every problem. */
    public TrainingConfig validated() {
        List<String> p = problems();
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", p));
        }
        return this;
    }

    Optimizer newOptimizer() {
        return optimizer.create(momentum);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(e, batch, learningRate, optimizer, momentum, schedule, augment, seed, limit, threads);
    }

    public TrainingConfig withBatch(int b) {
        return new TrainingConfig(epochs, b, learningRate, optimizer, momentum, schedule, augment, seed, limit, threads);
    }

    public TrainingConfig withLearningRate(float r) {
        return new TrainingConfig(epochs, batch, r, optimizer, momentum, schedule, augment, seed, limit, threads);
    }

    public TrainingConfig withOptimizer(OptimizerKind o) {
        return new TrainingConfig(epochs, batch, learningRate, o, momentum, schedule, augment, seed, limit, threads);
    }

    public TrainingConfig withMomentum(float m) {
        return new TrainingConfig(epochs, batch, learningRate, optimizer, m, schedule, augment, seed, limit, threads);
    }

    public TrainingConfig withSchedule(Schedule s) {
        return new TrainingConfig(epochs, batch, learningRate, optimizer, momentum, s, augment, seed, limit, threads);
    }

    public TrainingConfig withAugment(boolean a) {
        return new TrainingConfig(epochs, batch, learningRate, optimizer, momentum, schedule, a, seed, limit, threads);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(epochs, batch, learningRate, optimizer, momentum, schedule, augment, s, limit, threads);
    }

    public TrainingConfig withLimit(int l) {
        return new TrainingConfig(epochs, batch, learningRate, optimizer, momentum, schedule, augment, seed, l, threads);
    }

    public TrainingConfig withThreads(int t) {
        return new TrainingConfig(epochs, batch, learningRate, optimizer, momentum, schedule, augment, seed, limit, t);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s%s, rate %s %s, %d epochs, batch %d%s, seed %d%s", optimizer.id(),
                optimizer.usesMomentum() ? " (momentum " + momentum + ")" : "", learningRate, schedule.id(), epochs,
                batch, augment ? ", shifts ±" + MAX_SHIFT + " px" : "", seed, limit > 0 ? ", first " + limit + " images" : "") + (threads > 1 ? ", " + threads + " threads" : "");
    }
}
