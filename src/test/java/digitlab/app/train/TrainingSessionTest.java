package digitlab.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import digitlab.data.FakeMnist;
import digitlab.data.Mnist;
import digitlab.data.MnistCache;
import digitlab.data.MirrorServer;
import digitlab.nn.OptimizerKind;
import digitlab.nn.Schedule;
import digitlab.nn.TrainingConfig;

/** A training session fetches its data first, trains off the caller's thread, and says what went wrong. */
@Tag("slow")
class TrainingSessionTest {
    @TempDir
    Path dir;
    private MirrorServer server;
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    @BeforeEach
    void fakeMnistOnALocalMirror() throws Exception {
        server = new MirrorServer();
        files.put(Mnist.TRAIN_IMAGES, FakeMnist.images(200, 28, 28, 1));
        files.put(Mnist.TRAIN_LABELS, FakeMnist.labels(200, 0));
        files.put(Mnist.TEST_IMAGES, FakeMnist.images(50, 28, 28, 2));
        files.put(Mnist.TEST_LABELS, FakeMnist.labels(50, 3));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TrainingSession session(URI mirror) {
        return new TrainingSession(() -> MnistCache.at(dir.resolve("cache")).withSums(FakeMnist.sums(files))
                .withNpm(null).withMirrors(List.of(mirror)).withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500))
                .withAttempts(1, Duration.ZERO));
    }

    private static TrainingConfig small() {
        return new TrainingConfig(2, 10, 0.05f, OptimizerKind.SGD, 0.9f, Schedule.CONSTANT, false, 1, 0, 1);
    }

    private static void awaitIdle(TrainingSession s) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (s.status().state() != TrainingSession.State.IDLE && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(TrainingSession.State.IDLE, s.status().state());
    }

    @Test
    void startFetchesMissingDataThenTrainsEveryBatchAndEpoch() throws Exception {
        files.forEach((name, data) -> server.serve("/m/" + name + ".gz", MirrorServer.body(FakeMnist.gzip(data))));
        TrainingSession s = session(server.mirror("m"));
        assertTrue(s.start(small(), false));
        awaitIdle(s);
        assertFalse(s.status().failed(), s.status().message());
        assertEquals(2 * 200 / 10, s.losses().size());
        assertEquals(2, s.epochs().size());
        assertEquals(50, s.epochs().get(1).report().evaluation().n());
        assertTrue(s.status().message().startsWith("Finished 2 epochs"), s.status().message());
        assertTrue(Files.exists(dir.resolve("cache").resolve(Mnist.TRAIN_IMAGES)));
        // the data stays loaded: a second run does not fetch again
        int hits = server.totalHits();
        assertTrue(s.start(small(), false));
        awaitIdle(s);
        assertEquals(hits, server.totalHits());
        assertEquals(4 * 200 / 10, s.losses().size(), "the loss history goes on across runs until Reset");
    }

    @Test
    void aFetchThatFailsIsReportedAndTrainsNothing() throws Exception {
        TrainingSession s = session(server.mirror("nothing-here"));
        var before = s.parametersNow();
        assertTrue(s.start(small(), false));
        awaitIdle(s);
        assertTrue(s.status().failed());
        assertTrue(s.status().message().startsWith("Could not start: "), s.status().message());
        assertEquals(0, s.losses().size());
        assertEquals(before, s.parametersNow());
        try (var list = Files.list(dir.resolve("cache"))) {
            assertEquals(0, list.count(), "no half-fetched file left behind");
        }
    }

    @Test
    void resetAndASecondStartAreRefusedWhileARunIsOn() throws Exception {
        files.forEach((name, data) -> server.serve("/m/" + name + ".gz", MirrorServer.body(FakeMnist.gzip(data))));
        TrainingSession s = session(server.mirror("m"));
        s.step(small()); // one batch, then paused: the run stays on
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (s.losses().size() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(TrainingSession.State.PAUSED, s.status().state());
        assertFalse(s.reset(5));
        assertFalse(s.start(small(), false));
        s.stop();
        awaitIdle(s);
        assertEquals(1, s.losses().size());
        assertTrue(s.reset(5));
        assertEquals(0, s.losses().size());
    }

    private TrainingSession servedSession() {
        files.forEach((name, data) -> server.serve("/m/" + name + ".gz", MirrorServer.body(FakeMnist.gzip(data))));
        return session(server.mirror("m"));
    }

    @Test
    void continuingTrainingCountsTheEpochsOnAndNamesEachEpochsModel() throws Exception {
        TrainingSession s = servedSession();
        assertTrue(s.start(small(), false));
        awaitIdle(s);
        assertTrue(s.start(small(), false));
        assertEquals(2, s.status().epochsBefore(), "the second run counts on from the first's 2 epochs");
        awaitIdle(s);

        assertEquals(List.of(1, 2, 3, 4), s.epochs().stream().map(TrainingSession.Epoch::number).toList());
        TrainingSession.Epoch last = s.epochs().get(3);
        assertTrue(last.modelName().matches("mlp \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d · 4 epochs · \\d+\\.\\d%"), last.modelName());
        assertEquals(last.modelName(), s.modelName(), "the model now is the one after its last epoch");
        assertTrue(last.trainAccuracy() >= 0 && last.trainAccuracy() <= 1, "training accuracy " + last.trainAccuracy());
        assertTrue(s.unsaved());
    }

    @Test
    void resetClearsTheRunAndKeepsItsCurvesAsAnEarlierRun() throws Exception {
        TrainingSession s = servedSession();
        assertTrue(s.start(small(), false));
        awaitIdle(s);

        assertTrue(s.reset(3));

        assertEquals(0, s.losses().size());
        assertEquals(List.of(), s.epochs());
        assertEquals(null, s.status().lastBatch());
        assertEquals(0, s.status().epochsBefore());
        assertFalse(s.unsaved(), "new weights: nothing to lose");
        assertEquals(1, s.earlierRuns().runs().size());
        RunHistory.EarlierRun earlier = s.earlierRuns().runs().get(0);
        assertEquals(40, earlier.batches().length);
        assertEquals(2, earlier.testAccuracy().length);
        assertTrue(earlier.legend().startsWith("run 1: sgd · rate 0.05 constant · batch 10 · 2 epochs · "), earlier.legend());
        assertTrue(s.reset(4));
        assertEquals(1, s.earlierRuns().runs().size(), "new weights that trained nothing are no run to keep");
    }

    @Test
    void aFarTooHighLearningRateStopsTheRunWithTheHintAndTheWeightsItStartedFrom() throws Exception {
        TrainingSession s = servedSession();
        var before = s.parametersNow();
        assertTrue(s.start(small().withLearningRate(100).withEpochs(50), false));
        awaitIdle(s);

        assertTrue(s.status().failed());
        String message = s.status().message();
        assertTrue(message.startsWith("Training diverged at batch ") && message.contains("Try a lower learning rate than 100;"),
                message);
        assertTrue(s.losses().size() < 300, "caught after " + s.losses().size() + " batches");
        if (s.epochs().isEmpty()) {
            assertTrue(s.parametersNow().sameAs(before), "back to the weights the run started from");
            assertTrue(message.endsWith("the weights went back to those the run started from."), message);
            assertFalse(s.trained(), "the weights are as they were drawn");
            assertFalse(s.unsaved(), "nothing to save that was not there before");
        }
    }
}
