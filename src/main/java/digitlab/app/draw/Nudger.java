package digitlab.app.draw;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import digitlab.image.Prepared;
import digitlab.model.Model;
import digitlab.nn.Nudge;

/**
 * Runs a {@link Nudge} toward a digit on a thread of its own, one step every {@link #STEP_MILLIS} so that a
 * person can watch, delivering each step as a {@link Reading} (answer, probabilities, saliency, units or maps of
 * the nudged image). Only the newest step waits to be delivered, so the UI thread is never flooded. It stops when
 * the network gives the digit with at least {@link #ENOUGH} probability, after {@link #MAX_STEPS}, or when
 * {@link #stop()} is called.
 */
final class Nudger implements AutoCloseable {
    /** Each step's L2 length in pixel values (a pixel runs 0..1). */
    static final float RATE = 0.1f;
    static final int MAX_STEPS = 200;
    static final double ENOUGH = 0.9;
    static final long STEP_MILLIS = 150;

    private final NewestOnly<Reading> answers;
    /** The run under way's flag; a run whose flag is no longer this one was replaced and delivers nothing. */
    private volatile AtomicBoolean cancel = new AtomicBoolean(true);
    private final long pause;

    /** Steps go to {@code listener}, called through {@code deliver} (the UI thread's executor). */
    Nudger(Executor deliver, Consumer<Reading> listener) {
        this(deliver, listener, STEP_MILLIS);
    }

    /** With {@code pause} milliseconds between steps. */
    Nudger(Executor deliver, Consumer<Reading> listener, long pause) {
        this.answers = new NewestOnly<>(deliver, listener);
        this.pause = pause;
    }

    /**
     * Nudges {@code prepared} (drawing version {@code version}) toward {@code target} with {@code model},
     * stopping a run under way. Returns at once.
     */
    void start(long version, Model model, Prepared prepared, int target) {
        cancel.set(true);
        AtomicBoolean cancelled = new AtomicBoolean();
        cancel = cancelled;
        Thread t = new Thread(() -> run(version, model, prepared, target, cancelled), "digitlab-draw-nudge");
        t.setDaemon(true);
        t.start();
    }

    /** Stops the run under way (its last step is delivered as stopped). */
    void stop() {
        cancel.set(true);
    }

    private void run(long version, Model model, Prepared prepared, int target, AtomicBoolean cancelled) {
        Analyst analyst = new Analyst();
        Nudge nudge = new Nudge(model.parameters(), prepared.pixels(), target, RATE);
        Nudge.Step step = nudge.current();
        boolean reached = false;
        while (true) {
            long start = System.nanoTime();
            reached = step.best() == target && step.probabilities()[target] >= ENOUGH;
            boolean over = reached || step.number() >= MAX_STEPS || cancelled.get();
            NudgeProgress progress = new NudgeProgress(target, step, nudge.flipped(), over, over && !reached
                    && cancelled.get());
            if (cancel != cancelled) {
                return; // a newer run replaced this one
            }
            publish(analyst.read(version, model, new Prepared(step.pixels(), prepared.inkBox()), target, progress,
                    start));
            if (over) {
                return;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!cancelled.get()) {
                step = nudge.step();
            }
        }
    }

    private void publish(Reading reading) {
        answers.offer(reading);
    }

    @Override
    public void close() {
        stop();
    }
}
