package digitlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import org.ejml.data.FMatrixRMaj;

import digitlab.data.Dataset;
import digitlab.engine.Tensor;

/**
 * Mini-batch training of an MLP on the caller's thread. The loss graph is built once for the batch size
 * and reused for every batch; images are shuffled each epoch (batches that would be incomplete at the end
 * of an epoch are left out of that epoch). One seed decides the shuffles and the shifts, so a run with
 * the same settings and starting parameters is repeatable bit for bit.
 *
 * <p>Other threads may, at any time: {@link #pause()}, {@link #resume()}, {@link #step()} (one batch, then
 * paused), {@link #cancel()} (takes effect between batches) and {@link #snapshot()} (a consistent copy of
 * the parameters: updates hold a lock that the copy takes too).
 *
 * <p>If the loss of a batch is not a finite number, the run stops, names the batch, and keeps the last
 * parameters that gave a finite loss.
 */
public final class Trainer {
    private final TrainingConfig config;
    private final Dataset train;
    private final Dataset test;
    private final Mlp mlp;
    private final List<Tensor> parameters;
    private final FMatrixRMaj[] values;
    private final FMatrixRMaj[] lastGood;
    private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();

    private final Object lock = new Object();
    private boolean paused;
    private int stepsAllowed;
    private volatile boolean cancelled;
    private volatile boolean running;

    /**
     * @param start parameters to start from (copied); their input size must match the images
     * @param test  evaluated after each epoch; null for none
     */
    public Trainer(TrainingConfig config, Parameters start, Dataset train, Dataset test) {
        this.config = config.validated();
        this.train = config.limit() > 0 ? train.first(config.limit()) : train;
        this.test = test;
        if (this.train.pixelsPerImage() != start.inputs()) {
            throw new IllegalArgumentException("the images have " + this.train.pixelsPerImage()
                    + " pixels but the network takes " + start.inputs());
        }
        if (this.train.count() < config.batch()) {
            throw new IllegalArgumentException("a batch of " + config.batch() + " is larger than the "
                    + this.train.count() + " training images");
        }
        this.mlp = new Mlp(start);
        this.parameters = mlp.parameters();
        this.values = new FMatrixRMaj[parameters.size()];
        this.lastGood = new FMatrixRMaj[parameters.size()];
        for (int p = 0; p < values.length; p++) {
            values[p] = parameters.get(p).value();
            lastGood[p] = values[p].copy();
        }
    }

    public void addListener(TrainingListener listener) {
        listeners.add(listener);
    }

    public TrainingConfig config() {
        return config;
    }

    public int batchesPerEpoch() {
        return train.count() / config.batch();
    }

    /** Trains until every epoch is done, the run is cancelled, or the loss diverges. */
    public TrainingResult run() {
        running = true;
        try {
            return train();
        } finally {
            running = false;
        }
    }

    private TrainingResult train() {
        Mlp.Loss graph = mlp.loss(config.batch());
        Tensor x = graph.forward().input(), labels = graph.labels(), loss = graph.loss();
        Optimizer optimizer = config.newOptimizer();
        Evaluator evaluator = test == null ? null : new Evaluator(mlp);
        Random random = new Random(config.seed());
        int[] order = new int[train.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int batch = config.batch(), batches = batchesPerEpoch();
        long totalSteps = (long) batches * config.epochs(), step = 0;
        long totalSamples = totalSteps * batch;
        List<TrainingListener.EpochReport> epochs = new ArrayList<>();
        long runStart = System.nanoTime();

        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            shuffle(order, random);
            long epochStart = System.nanoTime(), pausedNanos = 0;
            double lossSum = 0;
            for (int b = 0; b < batches; b++, step++) {
                long waitStart = System.nanoTime();
                if (!awaitPermission()) {
                    return finish(TrainingResult.Status.CANCELLED, epochs, "cancelled in epoch " + epoch + " at batch "
                            + (b + 1) + " of " + batches);
                }
                pausedNanos += System.nanoTime() - waitStart;
                Batches.fill(train, order, b * batch, batch, x.value().data, labels.value().data,
                        config.augment() ? random : null, TrainingConfig.MAX_SHIFT);
                x.changed();
                labels.changed();
                loss.backward();
                float batchLoss = loss.item();
                if (!Float.isFinite(batchLoss)) {
                    restoreLastGood();
                    return finish(TrainingResult.Status.DIVERGED, epochs, String.format(java.util.Locale.ROOT,
                            "the loss became %s in epoch %d at batch %d of %d (learning rate %s); kept the parameters "
                                    + "of the batch before. Try a lower learning rate.",
                            batchLoss, epoch, b + 1, batches, config.learningRate()));
                }
                float rate = config.schedule().rate(config.learningRate(), step, totalSteps);
                synchronized (values) {
                    for (int p = 0; p < values.length; p++) {
                        lastGood[p].setTo(values[p]);
                    }
                    optimizer.step(parameters, rate);
                }
                lossSum += batchLoss;
                TrainingListener.BatchReport report = new TrainingListener.BatchReport(epoch, b + 1, batches,
                        (step + 1) * batch, totalSamples, batchLoss, rate, (System.nanoTime() - runStart) / 1e9);
                for (TrainingListener l : listeners) {
                    l.batchDone(report);
                }
            }
            double seconds = (System.nanoTime() - epochStart - pausedNanos) / 1e9;
            Evaluation evaluation = evaluator == null ? null : evaluator.evaluate(test);
            TrainingListener.EpochReport report = new TrainingListener.EpochReport(epoch, config.epochs(),
                    (float) (lossSum / batches), evaluation == null ? Double.NaN : evaluation.accuracy(), seconds,
                    (double) batches * batch / seconds, evaluation);
            epochs.add(report);
            for (TrainingListener l : listeners) {
                l.epochDone(report);
            }
        }
        return finish(TrainingResult.Status.COMPLETED, epochs, null);
    }

    private TrainingResult finish(TrainingResult.Status status, List<TrainingListener.EpochReport> epochs, String message) {
        return new TrainingResult(status, snapshot(), List.copyOf(epochs), message);
    }

    private void restoreLastGood() {
        synchronized (values) {
            for (int p = 0; p < values.length; p++) {
                values[p].setTo(lastGood[p]);
                parameters.get(p).changed();
            }
        }
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Blocks while paused; false once cancelled. */
    private boolean awaitPermission() {
        synchronized (lock) {
            while (paused && stepsAllowed == 0 && !cancelled) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    cancelled = true;
                }
            }
            if (paused && stepsAllowed > 0) {
                stepsAllowed--;
            }
            return !cancelled;
        }
    }

    /** A consistent copy of the parameters as they are now; callable from any thread. */
    public Parameters snapshot() {
        List<FMatrixRMaj> w = new ArrayList<>(), b = new ArrayList<>();
        synchronized (values) {
            for (int p = 0; p < values.length; p += 2) {
                w.add(values[p].copy());
                b.add(values[p + 1].copy());
            }
        }
        return new Parameters(mlp.sizes(), w, b);
    }

    /** Stops before the next batch until {@link #resume()} or {@link #step()}. */
    public void pause() {
        synchronized (lock) {
            paused = true;
            stepsAllowed = 0;
        }
    }

    public void resume() {
        synchronized (lock) {
            paused = false;
            stepsAllowed = 0;
            lock.notifyAll();
        }
    }

    /** Runs exactly one more batch and then stays paused. */
    public void step() {
        synchronized (lock) {
            paused = true;
            stepsAllowed++;
            lock.notifyAll();
        }
    }

    /** Ends the run before the next batch; {@link #run()} then returns CANCELLED with usable parameters. */
    public void cancel() {
        synchronized (lock) {
            cancelled = true;
            lock.notifyAll();
        }
    }

    public boolean isPaused() {
        synchronized (lock) {
            return paused;
        }
    }

    public boolean isRunning() {
        return running;
    }
}
