package digitlab.app.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

import digitlab.data.Mnist;
import digitlab.data.MnistCache;

/**
 * MNIST for a training session, fetched (when not cached) and loaded once, with how far the fetching is
 * for the progress line. Any thread may ask; the loading itself runs on the caller's thread.
 */
final class MnistLoader {
    private final Supplier<MnistCache> cache;
    private volatile Mnist mnist;
    private volatile String fetchWhat;
    private volatile long fetchDone, fetchTotal;

    /** Fetches through {@code cache} when the files are not there. */
    MnistLoader(Supplier<MnistCache> cache) {
        this.cache = cache;
    }

    /** MNIST once loaded; null before. */
    Mnist loaded() {
        return mnist;
    }

    /** MNIST, fetched and loaded first if need be; {@code message} hears the cache's news. */
    synchronized Mnist get(Consumer<String> message) throws IOException {
        if (mnist != null) {
            return mnist;
        }
        Path folder = cache.get().ensure(new MnistCache.Listener() {
            @Override
            public void progress(String what, long done, long total) {
                fetchWhat = what;
                fetchDone = done;
                fetchTotal = total;
            }

            @Override
            public void message(String text) {
                message.accept(text);
            }
        });
        mnist = Mnist.load(folder);
        fetchWhat = null;
        return mnist;
    }

    /** While fetching: what is being fetched (null otherwise). */
    String fetchWhat() {
        return fetchWhat;
    }

    long fetchDone() {
        return fetchDone;
    }

    /** The size of what is being fetched; −1 when unknown. */
    long fetchTotal() {
        return fetchTotal;
    }
}
