package digitlab.app.train;

import java.io.IOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

import digitlab.Version;
import digitlab.app.shared.AppState;
import digitlab.app.widgets.ChartScales;
import digitlab.app.widgets.LossHistory;
import digitlab.dataset.Dataset;
import digitlab.data.Mnist;
import digitlab.data.MnistCache;
import digitlab.engine.kernels.Kernels;
import digitlab.model.Model;
import digitlab.model.Provenance;
import digitlab.nn.Architecture;
import digitlab.nn.Classifier;
import digitlab.nn.Parameters;
import digitlab.nn.Trainer;
import digitlab.nn.TrainingConfig;
import digitlab.nn.TrainingListener;
import digitlab.nn.TrainingResult;

/**
 * One person's training session, with no JavaFX: the current weights, runs of the {@link Trainer} on a
 * thread of their own, the loss of every batch and the report of every epoch. Any thread may call its
 * methods; none of them waits for training. A view polls {@link #status()} and the histories.
 *
 * <p>Between runs the weights stay: {@link #start} continues training them (a fresh optimizer and
 * schedule, epochs counted on from those done), {@link #reset} draws new ones from a seed and keeps the
 * finished run's curves among the {@link #earlierRuns()}, {@link #startOver} does both and starts.
 * After each epoch the accuracy on the first {@value #TRAIN_ACCURACY_IMAGES} training images (unshifted)
 * is measured too, beside the test accuracy, so that overfitting shows; each epoch's report carries the
 * name of the model as it was then.
 */
public final class TrainingSession implements AppState.BatchSource {
    /** How many training images the training accuracy is measured on after each epoch. */
    public static final int TRAIN_ACCURACY_IMAGES = 10_000;

    /** What the session is doing. */
    public enum State {
        IDLE, FETCHING, RUNNING, PAUSED
    }

    /**
     * A consistent view for display.
     *
     * @param fetchWhat    while fetching: what is being fetched, and how much of it (total −1: unknown)
     * @param samplesPerSecond over the last second or so of training; NaN before there is one
     * @param etaSeconds   time left at that speed; NaN when unknown
     * @param epochsBefore the epochs the model had done before this run (the run's epochs count on from them)
     */
    public record Status(State state, String message, boolean failed, TrainingListener.BatchReport lastBatch,
            String fetchWhat, long fetchDone, long fetchTotal, double samplesPerSecond, double etaSeconds,
            TrainingConfig config, int epochsBefore) {
    }

    /**
     * An epoch of the model's training: its number counted since the weights were drawn, the trainer's
     * report (test accuracy, the test set's evaluation), the accuracy on the training images measured
     * then, and the model's name then (whose judgement the evaluation is).
     */
    public record Epoch(int number, TrainingListener.EpochReport report, double trainAccuracy, String modelName) {
    }

    private final MnistLoader data;
    private final LossHistory losses = new LossHistory();
    private final List<Epoch> epochs = new CopyOnWriteArrayList<>();
    private final RunHistory earlier = new RunHistory();
    private final Object lock = new Object();
    private final SpeedMeter speed = new SpeedMeter();

    // guarded by lock
    private State state = State.IDLE;
    private String message = "";
    private boolean failed;
    private Parameters parameters;
    // the network of the weights, read ten times a second by the view (without copying the weights)
    private volatile Architecture architecture;
    private Trainer trainer;
    private TrainingConfig config = TrainingConfig.defaults();
    private TrainingResult lastResult;
    private int runsStarted;
    private int epochsBefore;
    // the settings the model was trained with since new weights, one per Start or Continue (the legend of an earlier run)
    private final List<RunHistory.Segment> trainedWith = new ArrayList<>();

    // the part of an epoch trained after the last whole one (0 when the model ends on a whole epoch)
    private volatile double partialEpoch;
    private volatile boolean unsaved;
    private boolean unsavedAtStart;

    private volatile TrainingListener.BatchReport lastBatch;

    /** Fetches MNIST (when not cached) through {@code cache}; starts from weights drawn with seed 1. */
    public TrainingSession(Supplier<MnistCache> cache) {
        this.data = new MnistLoader(cache);
        this.parameters = Parameters.initial(TrainingConfig.MNIST_LAYERS, TrainingConfig.defaults().seed());
        this.architecture = parameters.architecture();
    }

    /** The MNIST cache the commands use (DIGITLAB_DATA, else the user's cache folder). */
    public static TrainingSession withDefaultCache() {
        return new TrainingSession(() -> MnistCache.fromEnvironment(null));
    }

    public Status status() {
        synchronized (lock) {
            double rate = speed.samplesPerSecond();
            TrainingListener.BatchReport b = lastBatch;
            double eta = b == null || !(rate > 0) || state != State.RUNNING ? Double.NaN
                    : (b.totalSamples() - b.samplesSeen()) / rate;
            return new Status(state, message, failed, b, data.fetchWhat(), data.fetchDone(), data.fetchTotal(),
                    state == State.PAUSED ? Double.NaN : rate, eta, config, epochsBefore);
        }
    }

    public LossHistory losses() {
        return losses;
    }

    /** The epochs of the current model (since the weights were last drawn), numbered from 1. */
    public List<Epoch> epochs() {
        return List.copyOf(epochs);
    }

    /** The earlier runs kept for comparison (see {@link #reset}). */
    public RunHistory earlierRuns() {
        return earlier;
    }

    /** Whether the weights were trained since they were last drawn or saved. */
    public boolean unsaved() {
        return unsaved;
    }

    /** Whether the weights were trained at all since they were drawn (a run that diverged at once leaves them as drawn). */
    public boolean trained() {
        return !epochs.isEmpty() || partialEpoch > 0;
    }

    /** Notes that the weights as they are now were saved. */
    public void markSaved() {
        unsaved = false;
    }

    /**
     * The name of the model as it is now: the last epoch's when it ends on one, else with the epochs so
     * far (a fraction) and no accuracy, which {@link #model()} measures.
     */
    public String modelName() {
        List<Epoch> e = epochs();
        double partial = partialEpoch;
        if (partial == 0 && !e.isEmpty()) {
            return e.get(e.size() - 1).modelName();
        }
        return ModelName.of(ModelName.network(architecture()), LocalDateTime.now(), e.size() + partial, Double.NaN);
    }

    /** The test set, once loaded (null before). */
    public Dataset testSet() {
        synchronized (lock) {
            Mnist mnist = data.loaded();
            return mnist == null ? null : mnist.test();
        }
    }

    /** How many runs were started (for views that clear their charts when a new run begins). */
    public int runsStarted() {
        synchronized (lock) {
            return runsStarted;
        }
    }

    /**
     * Starts a run with {@code config} on a new thread: fetches MNIST first if needed. With
     * {@code oneStep}, it runs exactly one batch and then waits paused. Refused (false) while a run is on.
     */
    public boolean start(TrainingConfig config, boolean oneStep) {
        config.validated();
        synchronized (lock) {
            if (state != State.IDLE) {
                return false;
            }
            this.config = config;
            this.epochsBefore = epochs.size();
            this.unsavedAtStart = unsaved;
            boolean fetching = data.loaded() == null;
            state = fetching ? State.FETCHING : State.RUNNING;
            message = fetching ? "Getting MNIST ready…" : "";
            failed = false;
            runsStarted++;
        }
        Thread t = new Thread(() -> run(config, oneStep), "digitlab-training-session");
        t.setDaemon(true);
        t.start();
        return true;
    }

    private void run(TrainingConfig config, boolean oneStep) {
        Trainer t;
        Dataset trainSubset;
        try {
            Mnist mnist = data();
            t = new Trainer(config, parametersNow(), mnist.train(), mnist.test());
            trainSubset = mnist.train().first(Math.min(TRAIN_ACCURACY_IMAGES, t.trainingImages()));
        } catch (IOException | RuntimeException e) {
            end(State.IDLE, "Could not start: " + (e.getMessage() == null ? e.toString() : e.getMessage()), true, null);
            return;
        }
        t.addListener(new TrainingListener() {
            @Override
            public void batchDone(BatchReport report) {
                losses.add(report.loss());
                lastBatch = report;
                partialEpoch = report.batch() == report.batchesPerEpoch() ? 0 : (double) report.batch() / report.batchesPerEpoch();
                unsaved = true;
                speed.record(report.samplesSeen());
            }

            @Override
            public void batchDiverged(BatchReport report) {
                losses.add(report.loss()); // the loss that stopped the run shows on the chart
                lastBatch = report;
            }

            @Override
            public void epochDone(EpochReport report) {
                Parameters now = t.snapshot();
                double trainAccuracy = new Classifier(now).evaluate(trainSubset).accuracy();
                int number = epochs.size() + 1;
                epochs.add(new Epoch(number, report, trainAccuracy, ModelName.of(ModelName.network(now.architecture()),
                        LocalDateTime.now(), number, report.testAccuracy())));
            }
        });
        synchronized (lock) {
            trainer = t;
            trainedWith.add(new RunHistory.Segment(config, epochs.size()));
            state = oneStep ? State.PAUSED : State.RUNNING;
            message = String.format(Locale.ROOT, "Training on %,d images, testing on the %,d test images after each epoch.",
                    t.trainingImages(), t.testImages())
                    + (Kernels.note() != null ? " " + Kernels.note() : "");
            if (oneStep) {
                t.pause();
                t.step();
            }
        }
        TrainingResult result;
        try {
            result = t.run();
        } catch (RuntimeException e) {
            end(State.IDLE, "Training failed: " + e, true, null);
            return;
        }
        String text = switch (result.status()) {
            case COMPLETED -> String.format(Locale.ROOT, "Finished %d epochs: %.2f%% of the test images right.",
                    result.epochs().size(), 100 * result.testAccuracy());
            case CANCELLED -> "Stopped (" + result.message() + "). The model is as it was at that batch.";
            case DIVERGED -> result.message();
        };
        if (result.status() == TrainingResult.Status.DIVERGED) {
            partialEpoch = 0; // the weights went back to those after the last whole epoch
            unsaved = unsavedAtStart || !result.epochs().isEmpty();
        }
        end(State.IDLE, text, result.status() == TrainingResult.Status.DIVERGED, result);
    }

    private void end(State to, String text, boolean isFailure, TrainingResult result) {
        synchronized (lock) {
            if (result != null) {
                parameters = result.parameters();
                lastResult = result;
            }
            trainer = null;
            state = to;
            message = text;
            failed = isFailure;
            speed.reset();
        }
    }

    private Mnist data() throws IOException {
        return data.get(text -> {
            synchronized (lock) {
                message = text;
            }
        });
    }

    /** Pauses a run before its next batch. */
    public void pause() {
        synchronized (lock) {
            if (trainer != null && state == State.RUNNING) {
                trainer.pause();
                state = State.PAUSED;
                speed.reset();
            }
        }
    }

    public void resume() {
        synchronized (lock) {
            if (trainer != null && state == State.PAUSED) {
                trainer.resume();
                state = State.RUNNING;
            }
        }
    }

    /** Exactly one batch, then paused; with no run on, starts one with {@code config} that way. */
    public void step(TrainingConfig config) {
        synchronized (lock) {
            if (trainer != null) {
                trainer.step();
                state = State.PAUSED;
                return;
            }
            if (state != State.IDLE) {
                return;
            }
        }
        start(config, true);
    }

    /** Ends the run before its next batch; the weights stay as they are at that batch. */
    public void stop() {
        synchronized (lock) {
            if (trainer != null) {
                trainer.cancel();
            }
        }
    }

    /**
     * Asks for a copy of the next batch trained (see {@link Trainer#requestBatchCopy}); false when no
     * run is on. While paused, it comes with the next Step.
     */
    @Override
    public boolean requestBatch(Consumer<Trainer.BatchCopy> consumer) {
        synchronized (lock) {
            if (trainer == null) {
                return false;
            }
            trainer.requestBatchCopy(consumer);
            return true;
        }
    }

    /**
     * New weights drawn with {@code seed}, and empty histories: the loss, the epochs, the progress. A run
     * that trained anything is kept among the {@link #earlierRuns()} first. Only between runs (false
     * otherwise).
     */
    public boolean reset(long seed) {
        return reset(seed, architecture());
    }

    /** {@link #reset(long)} with new weights for {@code network} (which the next runs train). */
    public boolean reset(long seed, Architecture network) {
        synchronized (lock) {
            if (state != State.IDLE) {
                return false;
            }
            if (losses.size() > 0 && !trainedWith.isEmpty()) {
                earlier.add(trainedWith, losses.downsample(ChartScales.POINTS), epochs());
            }
            parameters = Parameters.initial(network, seed);
            architecture = network;
            lastResult = null;
            losses.clear();
            epochs.clear();
            lastBatch = null;
            partialEpoch = 0;
            epochsBefore = 0;
            unsaved = false;
            trainedWith.clear();
            message = "New weights from seed " + seed + ".";
            failed = false;
            return true;
        }
    }

    /** {@link #reset} with the seed of {@code config}, then {@link #start} with it: a new model trained from scratch. */
    public boolean startOver(TrainingConfig config, boolean oneStep) {
        return reset(config.seed()) && start(config, oneStep);
    }

    /** {@link #reset(long, Architecture)} with the seed of {@code config}, then {@link #start}: {@code network} trained from scratch. */
    public boolean startOver(TrainingConfig config, Architecture network, boolean oneStep) {
        return reset(config.seed(), network) && start(config, oneStep);
    }

    /** The network the weights are of (the next run trains it). */
    public Architecture architecture() {
        return architecture;
    }

    /** Whether {@code network} is the one the weights are of. */
    public boolean sameNetwork(Architecture network) {
        return architecture().equals(network);
    }

    /** A consistent copy of the weights now (mid-run included). */
    public Parameters parametersNow() {
        synchronized (lock) {
            return trainer != null ? trainer.snapshot() : parameters;
        }
    }

    /**
     * The weights now as a model, with its test accuracy measured now (on a thread of its own, so the
     * caller does not wait) and named by {@link ModelName} with it, for drawing or saving.
     */
    public CompletableFuture<Model> model() {
        Parameters p = parametersNow();
        double trained = epochs.size() + partialEpoch;
        TrainingConfig c;
        Mnist mnist = data.loaded();
        synchronized (lock) {
            c = config;
        }
        return CompletableFuture.supplyAsync(() -> {
            double accuracy = mnist == null ? Double.NaN : new Classifier(p).evaluate(mnist.test()).accuracy();
            int images = mnist == null ? 0 : c.limit() > 0 ? Math.min(c.limit(), mnist.train().count()) : mnist.train().count();
            return new Model(ModelName.of(ModelName.network(p.architecture()), LocalDateTime.now(), trained, accuracy), p,
                    Provenance.ofTraining(c, p.architecture(), accuracy, images, Version.get()));
        });
    }

    /** How the last run ended (null before one ended, or after Reset). */
    public TrainingResult lastResult() {
        synchronized (lock) {
            return lastResult;
        }
    }
}
