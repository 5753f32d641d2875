package digitlab.app.draw;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import digitlab.image.MnistPreparation;
import digitlab.image.Prepared;
import digitlab.model.Model;

/**
 * Reads drawings on a thread of its own, so the canvas never waits for the network. Only the newest
 * request counts: while one drawing is being read, newer ones replace each other, and at most one
 * answer waits to be delivered, so a fast mouse cannot queue up work or flood the UI thread.
 */
public final class Reader implements AutoCloseable {
    /** Rasterized at this size for the network: fine enough that the 20 × 20 digit is area-averaged. */
    static final int SIDE = 280;

    /** What to read: a drawing, with which model, explaining which class (−1: the predicted one). */
    public record Request(Drawing.Snapshot drawing, Model model, int why) {
    }

    private final AtomicReference<Request> pending = new AtomicReference<>();
    private final NewestOnly<Reading> answers;
    private final Thread thread;
    private volatile boolean closed;
    private final Analyst analyst = new Analyst();

    /** Answers go to {@code listener}, called through {@code deliver} (the UI thread's executor). */
    public Reader(Executor deliver, Consumer<Reading> listener) {
        this.answers = new NewestOnly<>(deliver, listener);
        this.thread = new Thread(this::run, "digitlab-draw-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reads {@code request} soon, replacing any request not started yet. Returns at once. */
    public void submit(Request request) {
        pending.set(request);
        LockSupport.unpark(thread);
    }

    private void run() {
        while (!closed) {
            Request request = pending.getAndSet(null);
            if (request == null) {
                LockSupport.park(this);
                continue;
            }
            Reading reading;
            try {
                reading = read(request);
            } catch (RuntimeException e) {
                // a model that cannot read this input: reported as a blank answer, never a dead thread
                reading = Reading.blank(request.drawing().version(), request.model());
            }
            answers.offer(reading);
        }
    }

    /** The whole path from strokes to answer (with the feature maps of a CNN, the hidden units of an MLP), on the calling thread. */
    Reading read(Request request) {
        long start = System.nanoTime();
        Model model = request.model();
        Drawing.Snapshot drawing = request.drawing();
        if (drawing.isBlank()) {
            return Reading.blank(drawing.version(), model);
        }
        Prepared prepared = MnistPreparation.prepare(Drawing.rasterizeForNetwork(drawing, SIDE)).orElse(null);
        if (prepared == null) {
            return Reading.blank(drawing.version(), model);
        }
        return analyst.read(drawing.version(), model, prepared, request.why(), null, start);
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
