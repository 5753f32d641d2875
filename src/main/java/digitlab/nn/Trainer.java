package digitlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import org.ejml.data.FMatrixRMaj;

import digitlab.dataset.Dataset;
import digitlab.engine.NumberText;
import digitlab.engine.Tensor;

/**
 * Mini-batch training of a network (any {@link Architecture}) on the caller's thread. The loss graph is
 * built once for the batch size and reused for every batch; images are shuffled each epoch (batches
 * that would be incomplete at the end of an epoch are left out of that epoch). One seed decides the
 * shuffles and the shifts, so a run with the same settings and starting parameters is repeatable bit for
 * bit.
 *
 * <p>Each step of an MLP with ReLU is split between the threads: the first layer by its inputs (bands of
 * pixels) and the rest by rows of the batch ({@link InputSplit}, one band for one thread), or, for images
 * too small to share out that way and for every other network, the whole network by rows ({@link RowSplit}).
 *
 * <p>Other threads may, at any time: {@link #pause()}, {@link #resume()}, {@link #step()} (one batch, then
 * paused), {@link #cancel()} (takes effect between batches) and {@link #snapshot()} (a consistent copy of
 * the parameters: updates hold a lock that the copy takes too).
 *
 * <p>When the run diverges (see {@link Divergence}: a loss that is not a number, far above its start, or
 * rising for many batches), it stops, names the batch and the loss, and goes back to the parameters after
 * the last completed epoch (or those it started from), whose test accuracy was measured: a run is never
 * left half-applied with weights of a batch that already went wrong.
 */
public final class Trainer {

    private final TrainingConfig config;
    private final Dataset train;
    private final Dataset test;
    private final Network network;
    private final List<Tensor> parameters;
    private final FMatrixRMaj[] values;
    /** The parameters after the last completed epoch (at first, those the run started from). */
    private final FMatrixRMaj[] lastGood;
    private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();

    private final AtomicReference<Consumer<BatchCopy>> batchRequest =
            new AtomicReference<>();
    private final Object lock = new Object();
    private boolean paused;
    private int stepsAllowed;
    private volatile boolean cancelled;
    private volatile boolean running;
    /** How the current run shares its steps among threads; null before the first run. */
    private volatile BatchSplit split;

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
        this.network = new Network(start);
        this.parameters = network.parameters();
        this.values = new FMatrixRMaj[parameters.size()];
        this.lastGood = new FMatrixRMaj[parameters.size()];
        for (int p = 0; p < values.length; p++) {
            values[p] = parameters.get(p).value();
            lastGood[p] = values[p].copy();
        }
    }

    /**
     * One batch as the first thread saw it: the parameters it was computed with (before that batch's
     * update) and its images and labels, copied (the whole batch; only the first thread's rows when the
     * threads split the whole network by rows). Building {@link Network#loss} on them and running backward
     * gives that batch's values and gradients again, on any thread.
     */
    public record BatchCopy(int epoch, int batch, Parameters parameters, FMatrixRMaj input, FMatrixRMaj labels) {
    }

    /**
     * Asks for a copy of the next batch, handed to {@code consumer} on the training thread right after
     * that batch's backward pass (keep it short). A newer request replaces one not served yet.
     */
    public void requestBatchCopy(Consumer<BatchCopy> consumer) {
        batchRequest.set(consumer);
    }

    public void addListener(TrainingListener listener) {
        listeners.add(listener);
    }

    public TrainingConfig config() {
        return config;
    }

    /** How many images each epoch draws its batches from. */
    public int trainingImages() {
        return train.count();
    }

    /** How many images are evaluated after each epoch (0 without a test set). */
    public int testImages() {
        return test == null ? 0 : test.count();
    }

    public int batchesPerEpoch() {
        return train.count() / config.batch();
    }

    /** Trains until every epoch is done, the run is cancelled, or the loss diverges. */
    public TrainingResult run() {
        running = true;
        try (Workers workers = new Workers(config.threads(), "digitlab-training")) {
            return train(workers);
        } finally {
            running = false;
        }
    }

    private TrainingResult train(Workers workers) {
        int batch = config.batch(), batches = batchesPerEpoch(), threads = workers.parts();
        List<Network> replicas = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            replicas.add(t == 0 ? network : network.sharingParameters());
        }
        BatchSplit split = this.split = network.architecture().isReluMlp() && InputSplit.suits(train, threads)
                ? new InputSplit(train, values, batch, threads)
                : new RowSplit(train, replicas, values, batch);
        Optimizer optimizer = config.newOptimizer();
        optimizer.prepare(split.optimizerSizes());
        Evaluator evaluator = test == null ? null : new Evaluator(replicas);
        Random random = new Random(config.seed());
        int[] order = Batches.identity(train.count());
        int[] dx = config.augment() ? new int[batch] : null, dy = config.augment() ? new int[batch] : null;
        long totalSteps = (long) batches * config.epochs(), step = 0;
        long totalSamples = totalSteps * batch;
        List<TrainingListener.EpochReport> epochs = new ArrayList<>();
        long runStart = System.nanoTime();
        int[] batchStart = new int[1];
        float[] rate = new float[1];
        // made once: a lambda made inside the loop would be a new object every batch
        IntConsumer forwardBackward = t -> split.forwardBackward(t, order, batchStart[0], dx, dy);
        IntConsumer update = t -> split.update(t, optimizer, rate[0]);
        Divergence divergence = new Divergence();

        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            Batches.shuffle(order, random);
            long epochStart = System.nanoTime(), pausedNanos = 0;
            double lossSum = 0;
            for (int b = 0; b < batches; b++, step++) {
                long waitStart = System.nanoTime();
                if (!awaitPermission()) {
                    return finish(TrainingResult.Status.CANCELLED, epochs, "cancelled in epoch " + epoch + " at batch "
                            + (b + 1) + " of " + batches);
                }
                pausedNanos += System.nanoTime() - waitStart;
                if (dx != null) {
                    Batches.drawShifts(random, TrainingConfig.MAX_SHIFT, dx, dy);
                }
                batchStart[0] = b * batch;
                workers.run(forwardBackward);
                float batchLoss = split.loss();
                String diverged = divergence.check(batchLoss);
                if (diverged != null) {
                    TrainingListener.BatchReport report = new TrainingListener.BatchReport(epoch, b + 1, batches,
                            (step + 1) * batch, totalSamples, batchLoss, rate[0], (System.nanoTime() - runStart) / 1e9);
                    for (TrainingListener l : listeners) {
                        l.batchDiverged(report);
                    }
                    restoreLastGood(split, replicas);
                    return finish(TrainingResult.Status.DIVERGED, epochs, String.format(Locale.ROOT,
                            "Training diverged at batch %d of %d in epoch %d (%s). Try a lower learning rate than %s; "
                                    + "the weights went back to those %s.",
                            b + 1, batches, epoch, diverged, NumberText.number(config.learningRate()),
                            epochs.isEmpty() ? "the run started from" : "after epoch " + epochs.size() + " of this run"));
                }
                Consumer<BatchCopy> wanted = batchRequest.getAndSet(null);
                if (wanted != null) {
                    wanted.accept(new BatchCopy(epoch, b + 1, snapshot(), split.input().copy(), split.labels().copy()));
                }
                rate[0] = config.schedule().rate(config.learningRate(), step, totalSteps);
                synchronized (values) {
                    optimizer.beginStep();
                    workers.run(update);
                    split.updated();
                    markChanged(replicas);
                }
                lossSum += batchLoss;
                if (!listeners.isEmpty()) {
                    TrainingListener.BatchReport report = new TrainingListener.BatchReport(epoch, b + 1, batches,
                            (step + 1) * batch, totalSamples, batchLoss, rate[0], (System.nanoTime() - runStart) / 1e9);
                    for (int i = 0; i < listeners.size(); i++) { // no iterator: nothing to allocate per batch
                        listeners.get(i).batchDone(report);
                    }
                }
            }
            double seconds = (System.nanoTime() - epochStart - pausedNanos) / 1e9;
            synchronized (values) {
                split.publish();
            }
            Evaluation evaluation = evaluator == null ? null : evaluator.evaluate(test, workers);
            TrainingListener.EpochReport report = new TrainingListener.EpochReport(epoch, config.epochs(),
                    (float) (lossSum / batches), evaluation == null ? Double.NaN : evaluation.accuracy(), seconds,
                    (double) batches * batch / seconds, evaluation);
            epochs.add(report);
            synchronized (values) {
                for (int p = 0; p < values.length; p++) {
                    lastGood[p].setTo(values[p]);
                }
            }
            for (TrainingListener l : listeners) {
                l.epochDone(report);
            }
        }
        return finish(TrainingResult.Status.COMPLETED, epochs, null);
    }

    private TrainingResult finish(TrainingResult.Status status, List<TrainingListener.EpochReport> epochs, String message) {
        return new TrainingResult(status, snapshot(), List.copyOf(epochs), message);
    }

    private void restoreLastGood(BatchSplit split, List<Network> replicas) {
        synchronized (values) {
            for (int p = 0; p < values.length; p++) {
                values[p].setTo(lastGood[p]);
            }
            split.replaced();
            markChanged(replicas);
        }
    }

    /** Every replica's leaves over the shared numbers: they changed (indexed loops, no iterator per batch). */
    private static void markChanged(List<Network> replicas) {
        for (int r = 0; r < replicas.size(); r++) {
            List<Tensor> leaves = replicas.get(r).parameters();
            for (int p = 0; p < leaves.size(); p++) {
                leaves.get(p).changed();
            }
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

    /**
     * A consistent copy of the parameters as they are now; callable from any thread. The copies are
     * made before taking the lock that updates take, so the training thread waits only for the copying.
     */
    public Parameters snapshot() {
        FMatrixRMaj[] copies = new FMatrixRMaj[values.length];
        for (int p = 0; p < values.length; p++) {
            copies[p] = new FMatrixRMaj(values[p].numRows, values[p].numCols);
        }
        synchronized (values) {
            BatchSplit current = split;
            if (current != null) {
                current.publish();
            }
            for (int p = 0; p < values.length; p++) {
                System.arraycopy(values[p].data, 0, copies[p].data, 0, values[p].getNumElements());
            }
        }
        List<FMatrixRMaj> w = new ArrayList<>(), b = new ArrayList<>();
        for (int p = 0; p < copies.length; p += 2) {
            w.add(copies[p]);
            b.add(copies[p + 1]);
        }
        return new Parameters(network.architecture(), w, b);
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
