package digitlab.app.shared;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

import javafx.application.Platform;

/**
 * One way for a view to do slow work (files, loading a model) off the JavaFX thread and hear back on
 * it: the work runs on a daemon thread of this object's own, in the order given; the result or the
 * failure is handed to the view on the JavaFX thread; the returned future completes after that, so a
 * test can wait for what a person would see.
 */
public final class BackgroundTasks {
    private final ExecutorService thread;

    /** {@code name}: the thread's name, as it shows in a thread dump. */
    public BackgroundTasks(String name) {
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** A piece of file work that may fail. */
    public interface FileWork {
        void run() throws IOException;
    }

    /**
     * Runs {@code work} in the background, then on the JavaFX thread {@code done.accept(result, null)} or
     * {@code done.accept(null, failure)} (the failure unwrapped from the executor's wrapping).
     */
    public <T> CompletableFuture<T> run(Callable<T> work, BiConsumer<T, Throwable> done) {
        CompletableFuture<T> result = new CompletableFuture<>();
        thread.submit(() -> {
            T value = null;
            Throwable failure = null;
            try {
                value = work.call();
            } catch (Exception | OutOfMemoryError e) {
                failure = e;
            }
            T v = value;
            Throwable f = failure;
            Platform.runLater(() -> {
                try {
                    done.accept(v, f);
                } finally {
                    if (f == null) {
                        result.complete(v);
                    } else {
                        result.completeExceptionally(f);
                    }
                }
            });
        });
        return result;
    }

    /**
     * Writes a file in the background and reports in one status line on the JavaFX thread: "Saved FILE."
     * or "Could not save FILE: reason" ({@code status.accept(text, isProblem)}). Completes with whether
     * it was saved.
     */
    public CompletableFuture<Boolean> save(Path file, FileWork write, BiConsumer<String, Boolean> status) {
        CompletableFuture<Boolean> saved = new CompletableFuture<>();
        run(() -> {
            write.run();
            return Boolean.TRUE;
        }, (ok, failure) -> {
            if (failure == null) {
                status.accept("Saved " + file + ".", false);
            } else {
                status.accept("Could not save " + file + ": " + reason(failure), true);
            }
            saved.complete(failure == null);
        });
        return saved;
    }

    /** The message of a failure, or its kind when it has none. */
    public static String reason(Throwable failure) {
        Throwable t = failure.getCause() != null && failure.getMessage() == null ? failure.getCause() : failure;
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }

    /** Runs {@code action} on the JavaFX thread (now, if this is it). */
    public static void onFx(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    /** Stops the thread; work not yet started is dropped. */
    public void close() {
        thread.shutdownNow();
    }
}
