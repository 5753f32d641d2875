package digitlab.app.train;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import digitlab.data.FakeMnist;
import digitlab.data.Mnist;
import digitlab.data.MnistCache;
import digitlab.data.MirrorServer;

/**
 * A small made-up MNIST (600 training and 200 test images of noise) served from a local mirror, and a
 * training session that fetches it into {@code cache} (with these timeouts).
 */
final class SmallMnist implements AutoCloseable {
    private final MirrorServer server = new MirrorServer();
    private final TrainingSession session;

    SmallMnist(Path cache, Duration connect, Duration read) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(Mnist.TRAIN_IMAGES, FakeMnist.images(600, 28, 28, 1));
        files.put(Mnist.TRAIN_LABELS, FakeMnist.labels(600, 0));
        files.put(Mnist.TEST_IMAGES, FakeMnist.images(200, 28, 28, 2));
        files.put(Mnist.TEST_LABELS, FakeMnist.labels(200, 3));
        files.forEach((name, data) -> server.serve("/m/" + name + ".gz", MirrorServer.body(FakeMnist.gzip(data))));
        URI mirror = server.mirror("m");
        session = new TrainingSession(() -> MnistCache.at(cache).withSums(FakeMnist.sums(files)).withNpm(null)
                .withMirrors(List.of(mirror)).withTimeouts(connect, read)
                .withAttempts(1, Duration.ZERO));
    }

    TrainingSession session() {
        return session;
    }

    @Override
    public void close() {
        server.close();
    }
}
