package digitlab.app.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

import digitlab.Version;
import digitlab.app.shared.AppState;
import digitlab.dataset.Dataset;
import digitlab.data.Mnist;
import digitlab.data.MnistCache;
import digitlab.engine.kernels.Kernels;
import digitlab.model.Model;
import digitlab.model.Provenance;
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
 * <p>Between runs the weights stay: Start continues from them (with a fresh optimizer and schedule),
 * Reset draws new ones from a seed.
 */
public final class TrainingSession implements AppState.BatchSource {
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
     */
    public record Status(State state, String message, boolean failed, TrainingListener.BatchReport lastBatch,
            String fetchWhat, long fetchDone, long fetchTotal, double samplesPerSecond, double etaSeconds,
            TrainingConfig config) {
    }

    private final Supplier<MnistCache> cache;
    private final LossHistory losses = new LossHistory();
    private final List<TrainingListener.EpochReport> epochs = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final SpeedMeter speed = new SpeedMeter();

    // guarded by lock
    private State state = State.IDLE;
    private String message = "";
    private boolean failed;
    private Parameters parameters;
    private Trainer trainer;
    private TrainingConfig config = TrainingConfig.defaults();
    private TrainingResult lastResult;
    private Mnist mnist;
    private int runsStarted;

    private volatile TrainingListener.BatchReport lastBatch;
    private volatile String fetchWhat;
    private volatile long fetchDone, fetchTotal;

    /** Fetches MNIST (when not cached) through {@code cache}; starts from weights drawn with seed 1. */
    public TrainingSession(Supplier<MnistCache> cache) {
        this.cache = cache;
        this.parameters = Parameters.initial(TrainingConfig.MNIST_LAYERS, TrainingConfig.defaults().seed());
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
            return new Status(state, message, failed, b, fetchWhat, fetchDone, fetchTotal,
                    state == State.PAUSED ? Double.NaN : rate, eta, config);
        }
    }

    public LossHistory losses() {
        return losses;
    }

    /** The reports of the epochs finished in this session's current history (since the last Reset). */
    public List<TrainingListener.EpochReport> epochs() {
        return List.copyOf(epochs);
    }

    /** The test set, once loaded (null before). */
    public Dataset testSet() {
        synchronized (lock) {
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
            state = mnist == null ? State.FETCHING : State.RUNNING;
            message = mnist == null ? "Getting MNIST ready…" : "";
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
        try {
            Mnist data = data();
            t = new Trainer(config, parametersNow(), data.train(), data.test());
        } catch (IOException | RuntimeException e) {
            end(State.IDLE, "Could not start: " + (e.getMessage() == null ? e.toString() : e.getMessage()), true, null);
            return;
        }
        t.addListener(new TrainingListener() {
            @Override
            public void batchDone(BatchReport report) {
                losses.add(report.loss());
                lastBatch = report;
                speed.record(report.samplesSeen());
            }

            @Override
            public void epochDone(EpochReport report) {
                epochs.add(report);
            }
        });
        synchronized (lock) {
            trainer = t;
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
            case DIVERGED -> "Training stopped: " + result.message();
        };
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
        synchronized (lock) {
            if (mnist != null) {
                return mnist;
            }
        }
        MnistCache c = cache.get();
        Path folder = c.ensure(new MnistCache.Listener() {
            @Override
            public void progress(String what, long done, long total) {
                fetchWhat = what;
                fetchDone = done;
                fetchTotal = total;
            }

            @Override
            public void message(String text) {
                synchronized (lock) {
                    message = text;
                }
            }
        });
        Mnist loaded = Mnist.load(folder);
        synchronized (lock) {
            mnist = loaded;
            fetchWhat = null;
            return loaded;
        }
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

    /** New weights drawn with {@code seed}, and empty histories. Only between runs (false otherwise). */
    public boolean reset(long seed) {
        synchronized (lock) {
            if (state != State.IDLE) {
                return false;
            }
            parameters = Parameters.initial(TrainingConfig.MNIST_LAYERS, seed);
            lastResult = null;
            losses.clear();
            epochs.clear();
            lastBatch = null;
            message = "New weights from seed " + seed + ".";
            failed = false;
            return true;
        }
    }

    /** A consistent copy of the weights now (mid-run included). */
    public Parameters parametersNow() {
        synchronized (lock) {
            return trainer != null ? trainer.snapshot() : parameters;
        }
    }

    /**
     * The weights now as a model named {@code name}, with its test accuracy measured now (on a thread
     * of its own, so the caller does not wait), for drawing or saving.
     */
    public CompletableFuture<Model> model(String name) {
        Parameters p = parametersNow();
        TrainingConfig c;
        Mnist data;
        synchronized (lock) {
            c = config;
            data = mnist;
        }
        return CompletableFuture.supplyAsync(() -> {
            double accuracy = data == null ? Double.NaN : new Classifier(p).evaluate(data.test()).accuracy();
            int images = data == null ? 0 : c.limit() > 0 ? Math.min(c.limit(), data.train().count()) : data.train().count();
            return new Model(name, p, Model.RELU, Provenance.ofTraining(c, accuracy, images, Version.get()));
        });
    }

    /** How the last run ended (null before one ended, or after Reset). */
    public TrainingResult lastResult() {
        synchronized (lock) {
            return lastResult;
        }
    }

    /** Samples per second over a sliding window of about a second of batch reports. */
    static final class SpeedMeter {
        private static final long WINDOW = 1_000_000_000L;
        private final long[] times = new long[256];
        private final long[] samples = new long[256];
        private int count, next;

        synchronized void record(long samplesSeen) {
            times[next] = System.nanoTime();
            samples[next] = samplesSeen;
            next = (next + 1) % times.length;
            count = Math.min(count + 1, times.length);
        }

        synchronized double samplesPerSecond() {
            if (count < 2) {
                return Double.NaN;
            }
            int newest = (next - 1 + times.length) % times.length;
            int oldest = newest;
            for (int i = 1; i < count; i++) {
                int at = (newest - i + times.length) % times.length;
                oldest = at;
                if (times[newest] - times[at] >= WINDOW) {
                    break;
                }
            }
            long dt = times[newest] - times[oldest];
            return dt <= 0 ? Double.NaN : (samples[newest] - samples[oldest]) * 1e9 / dt;
        }

        synchronized void reset() {
            count = 0;
            next = 0;
        }
    }
}
