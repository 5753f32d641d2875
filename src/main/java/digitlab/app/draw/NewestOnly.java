package digitlab.app.draw;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands values from a worker thread to a listener through an executor (the UI thread's), the newest only:
 * at most one delivery waits at a time, and a value offered while it waits replaces the one it would
 * have delivered, so a fast worker cannot queue up work or flood the UI thread.
 */
final class NewestOnly<T> {
    private final AtomicReference<T> newest = new AtomicReference<>();
    private final AtomicBoolean delivering = new AtomicBoolean();
    private final Executor deliver;
    private final Consumer<T> listener;

    NewestOnly(Executor deliver, Consumer<T> listener) {
        this.deliver = deliver;
        this.listener = listener;
    }

    /** Offers {@code value}; called on the worker thread, never waits. */
    void offer(T value) {
        newest.set(value);
        if (delivering.compareAndSet(false, true)) {
            deliver.execute(() -> {
                delivering.set(false);
                T latest = newest.getAndSet(null);
                if (latest != null) {
                    listener.accept(latest);
                }
            });
        }
    }
}
