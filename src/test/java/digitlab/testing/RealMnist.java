package digitlab.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

import digitlab.data.Mnist;
import digitlab.data.MnistCache;

/**
 * The real MNIST sets for tests, from the cache folder, fetched and verified by the same code as the
 * {@code data} command when missing (never skipped). Read once per test JVM.
 */
public final class RealMnist {
    private static Mnist mnist;

    private RealMnist() {
    }

    public static synchronized Mnist get() {
        if (mnist == null) {
            try {
                mnist = Mnist.load(MnistCache.fromEnvironment(null).ensure(MnistCache.Listener.SILENT));
            } catch (IOException e) {
                throw new UncheckedIOException("the tests need the MNIST files: " + e.getMessage(), e);
            }
        }
        return mnist;
    }
}
