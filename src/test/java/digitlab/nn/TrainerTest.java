package digitlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import digitlab.dataset.Dataset;

class TrainerTest {
    private final Dataset train = SyntheticDigits.make(2000, 1);
    private final Dataset test = SyntheticDigits.make(500, 2);
    private final TrainingConfig config = TrainingConfig.defaults().withEpochs(3).withBatch(20).withLearningRate(0.02f)
            .withAugment(false);
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopThreads() throws InterruptedException {
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }

    private Trainer trainer(TrainingConfig c) {
        return new Trainer(c, Parameters.initial(SyntheticDigits.layers(), 7), train, test);
    }

    @Test
    void aConvolutionalNetworkTrainsOnTwoThreadsAndKeepsItsLayersInTheResult() {
        Architecture cnn = Architecture.parse("conv3x4,pool2,dense8,dense4",
                new Architecture.Shape(1, SyntheticDigits.SIDE, SyntheticDigits.SIDE), SyntheticDigits.CLASSES);
        Trainer t = new Trainer(config.withThreads(2).withLearningRate(0.05f), Parameters.initial(cnn, 7), train, test);

        TrainingResult result = t.run();

        assertEquals(TrainingResult.Status.COMPLETED, result.status());
        assertEquals(cnn, result.parameters().architecture());
        assertTrue(result.testAccuracy() > 0.9, "accuracy " + result.testAccuracy());
        assertEquals(result.testAccuracy(), new Classifier(result.parameters()).evaluate(test).accuracy());
        assertEquals(result.testAccuracy(), new Classifier(result.parameters()).evaluate(test, 2).accuracy());
    }

    @Test
    void trainingLowersTheLossAndLearnsTheClasses() {
        List<Float> losses = new CopyOnWriteArrayList<>();
        Trainer t = trainer(config);
        t.addListener(new TrainingListener() {
            @Override
            public void batchDone(BatchReport r) {
                losses.add(r.loss());
            }
        });

        TrainingResult result = t.run();

        assertEquals(TrainingResult.Status.COMPLETED, result.status());
        assertEquals(3 * 100, losses.size(), "100 batches of 20 per epoch");
        assertTrue(losses.get(losses.size() - 1) < losses.get(0) / 4, "loss " + losses.get(0) + " → " + losses.get(losses.size() - 1));
        assertTrue(result.testAccuracy() > 0.95, "accuracy " + result.testAccuracy());
        assertEquals(result.testAccuracy(), new Classifier(result.parameters()).evaluate(test).accuracy());
    }

    @Test
    void adamAndTheCosineScheduleTrainToo() {
        TrainingResult result = trainer(config.withOptimizer(OptimizerKind.ADAM).withLearningRate(0.003f)).run();

        assertTrue(result.testAccuracy() > 0.95, "accuracy " + result.testAccuracy());
    }

    @Test
    void theSameSeedRepeatsARunBitForBitAndAnotherSeedDoesNot() {
        TrainingConfig c = config.withAugment(true).withEpochs(1);

        Parameters a = trainer(c).run().parameters();
        Parameters b = trainer(c).run().parameters();
        Parameters other = trainer(c.withSeed(99)).run().parameters();

        assertTrue(a.sameAs(b));
        assertFalse(a.sameAs(other));
    }

    @Test
    void twoThreadsSplittingEachBatchComputeTheSameStepsUpToRounding() {
        TrainingConfig c = config.withAugment(true).withEpochs(1).withBatch(21);

        Parameters one = trainer(c).run().parameters();
        Parameters two = trainer(c.withThreads(2)).run().parameters();
        Parameters twoAgain = trainer(c.withThreads(2)).run().parameters();

        assertTrue(two.sameAs(twoAgain), "repeatable with two threads too");
        for (int layer = 0; layer < one.layers(); layer++) {
            float[] a = one.weight(layer).data, b = two.weight(layer).data;
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-3f * Math.max(1f, Math.abs(a[i])), "W" + (layer + 1) + "[" + i + "]");
            }
        }
    }

    /** The images twice as wide and high (each pixel 2 × 2): 256 pixels, enough to share among up to 8 threads. */
    private static Dataset doubled(Dataset d) {
        int side = d.rows(), big = 2 * side;
        byte[] pixels = new byte[d.count() * big * big];
        for (int i = 0; i < d.count(); i++) {
            for (int p = 0; p < big * big; p++) {
                pixels[i * big * big + p] = (byte) d.pixel(i, (p / big / 2) * side + (p % big) / 2);
            }
        }
        byte[] labels = new byte[d.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) d.label(i);
        }
        return new Dataset(d.name() + " doubled", d.count(), big, big, pixels, labels);
    }

    @Test
    void moreThreadsAndNetworksOfOtherDepthsComputeTheSameStepsAsOneUpToRounding() {
        TrainingConfig c = config.withAugment(true).withEpochs(1).withBatch(23);
        Dataset big = doubled(train), bigTest = doubled(test);
        int classes = SyntheticDigits.CLASSES;
        for (int[] layers : new int[][] {{256, classes}, {256, 16, 8, classes}, {256, 5, classes}}) {
            Parameters start = Parameters.initial(layers, 3);
            Parameters one = new Trainer(c, start, big, bigTest).run().parameters();
            for (int threads : new int[] {2, 3, 8, 9}) { // 9: too many for 256 pixels, split by rows
                assertEquals(threads < 9, InputSplit.suits(big, threads));
                Parameters split = new Trainer(c.withThreads(threads), start, big, bigTest).run().parameters();
                for (int layer = 0; layer < one.layers(); layer++) {
                    float[] a = one.weight(layer).data, b = split.weight(layer).data;
                    float[] ab = one.bias(layer).data, bb = split.bias(layer).data;
                    for (int i = 0; i < a.length; i++) {
                        assertEquals(a[i], b[i], 1e-3f * Math.max(1f, Math.abs(a[i])),
                                java.util.Arrays.toString(layers) + ", " + threads + " threads: W" + (layer + 1) + "[" + i + "]");
                    }
                    for (int i = 0; i < ab.length; i++) {
                        assertEquals(ab[i], bb[i], 1e-3f * Math.max(1f, Math.abs(ab[i])),
                                java.util.Arrays.toString(layers) + ", " + threads + " threads: b" + (layer + 1) + "[" + i + "]");
                    }
                }
            }
        }
    }

    @Test
    void withTwoThreadsADivergedRunGoesBackToTheWeightsItStartedFromInEveryThreadsShare() {
        Parameters start = Parameters.initial(SyntheticDigits.layers(), 7);

        TrainingResult diverged = new Trainer(config.withLearningRate(100).withEpochs(20).withThreads(2), start, train, test).run();

        assertEquals(TrainingResult.Status.DIVERGED, diverged.status());
        assertTrue(diverged.parameters().sameAs(start), "back to the weights the run started from, every thread's share");
    }

    @Test
    void aBatchCopyWithTwoThreadsHoldsTheWholeBatchImagesWithTheirLabels() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Trainer.BatchCopy> copy = new java.util.concurrent.atomic.AtomicReference<>();
        Trainer t = trainer(config.withEpochs(1).withThreads(2).withBatch(10));
        t.requestBatchCopy(copy::set);

        t.run();

        Trainer.BatchCopy c = copy.get();
        int n = SyntheticDigits.SIDE * SyntheticDigits.SIDE;
        assertEquals(10, c.input().numRows);
        assertEquals(n, c.input().numCols);
        for (int r = 0; r < 10; r++) {
            int match = -1;
            for (int image = 0; image < train.count() && match < 0; image++) {
                boolean same = true;
                for (int p = 0; p < n && same; p++) {
                    same = c.input().get(r, p) == train.pixel(image, p) / 255f;
                }
                match = same ? image : -1;
            }
            assertTrue(match >= 0, "row " + r + " is one of the training images");
            assertEquals(train.label(match), (int) c.labels().get(r, 0), "row " + r + "'s label");
        }
    }

    @Test
    void aRunLeavesNoThreadBehind() {
        trainer(config.withEpochs(1).withThreads(2)).run();

        boolean left = Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("digitlab-training") && t.isAlive());
        assertFalse(left);
    }

    @Test
    void epochReportsCarryLossAccuracyTimeAndSpeed() {
        List<TrainingListener.EpochReport> reports = new CopyOnWriteArrayList<>();
        Trainer t = trainer(config.withEpochs(2));
        t.addListener(new TrainingListener() {
            @Override
            public void epochDone(EpochReport r) {
                reports.add(r);
            }
        });

        t.run();

        assertEquals(2, reports.size());
        TrainingListener.EpochReport last = reports.get(1);
        assertEquals(2, last.epoch());
        assertTrue(last.meanLoss() < reports.get(0).meanLoss());
        assertTrue(last.seconds() > 0 && last.samplesPerSecond() > 0);
        assertNotNull(last.evaluation());
        assertEquals(500, last.evaluation().n());
    }

    @Test
    void aLossThatOverflowsStopsTheRunWithAMessageNamingTheBatchAndKeepsTheLastGoodParameters() {
        // weights so large that the scores overflow to infinity: the loss is NaN at once
        Parameters start = Parameters.initial(SyntheticDigits.layers(), 7);
        org.ejml.dense.row.CommonOps_FDRM.scale(1e30f, start.weight(0));
        org.ejml.dense.row.CommonOps_FDRM.scale(1e30f, start.weight(1));
        Trainer t = new Trainer(config, start, train, test);

        TrainingResult result = t.run();

        assertEquals(TrainingResult.Status.DIVERGED, result.status());
        assertTrue(result.message().matches("Training diverged at batch 1 of 100 in epoch 1 \\(the loss became (NaN|Infinity)\\)\\. "
                + "Try a lower learning rate than 0\\.02; the weights went back to those the run started from\\."), result.message());
        assertTrue(result.parameters().sameAs(start), "nothing was changed by the batch that diverged");
    }

    @Test
    void aFarTooHighLearningRateIsCaughtWithinAFewHundredBatchesAndTheWeightsGoBackToTheLastEpoch() {
        List<Float> losses = new CopyOnWriteArrayList<>(), stopping = new CopyOnWriteArrayList<>();
        Parameters start = Parameters.initial(SyntheticDigits.layers(), 7);
        Trainer t = new Trainer(config.withLearningRate(100).withEpochs(20), start, train, test);
        t.addListener(new TrainingListener() {
            @Override
            public void batchDone(BatchReport r) {
                losses.add(r.loss());
            }

            @Override
            public void batchDiverged(BatchReport r) {
                stopping.add(r.loss());
            }
        });

        TrainingResult result = t.run();

        assertEquals(TrainingResult.Status.DIVERGED, result.status());
        assertEquals(1, stopping.size(), "the batch that diverged is told of once");
        assertTrue(stopping.get(0) > 10 * losses.get(0), "its loss " + stopping.get(0) + " after a start of " + losses.get(0));
        assertTrue(losses.size() < 300, "caught after " + losses.size() + " batches");
        assertTrue(result.message().startsWith("Training diverged at batch ") && result.message().contains("learning rate than 100;"),
                result.message());
        assertTrue(result.epochs().isEmpty() && result.parameters().sameAs(start), "back to the weights the run started from");
    }

    @Test
    void pauseStopsBatchesResumeContinuesAndStepRunsExactlyOne() throws Exception {
        AtomicLong batches = new AtomicLong();
        CountDownLatch tenDone = new CountDownLatch(10);
        Trainer t = trainer(config.withEpochs(50));
        t.addListener(new TrainingListener() {
            @Override
            public void batchDone(BatchReport r) {
                batches.incrementAndGet();
                tenDone.countDown();
            }
        });
        Future<TrainingResult> run = executor.submit(t::run);
        assertTrue(tenDone.await(10, TimeUnit.SECONDS));

        t.pause();
        Thread.sleep(100); // a batch under way may still finish
        long paused = batches.get();
        Thread.sleep(300);
        assertEquals(paused, batches.get(), "no batch runs while paused");

        t.step();
        waitUntil(() -> batches.get() == paused + 1);
        Thread.sleep(200);
        assertEquals(paused + 1, batches.get(), "step runs exactly one batch");
        assertTrue(t.isPaused());

        t.resume();
        waitUntil(() -> batches.get() > paused + 5);
        t.cancel();
        TrainingResult result = run.get(10, TimeUnit.SECONDS);
        assertEquals(TrainingResult.Status.CANCELLED, result.status());
        assertTrue(new Classifier(result.parameters()).evaluate(test).accuracy() > 0.25);
    }

    @Test
    void cancellingWhilePausedEndsTheRun() throws Exception {
        Trainer t = trainer(config.withEpochs(50));
        t.pause();
        Future<TrainingResult> run = executor.submit(t::run);

        t.cancel();

        assertEquals(TrainingResult.Status.CANCELLED, run.get(10, TimeUnit.SECONDS).status());
    }

    @Test
    void snapshotsTakenWhileTrainingRunsAreConsistentCopies() throws Exception {
        Trainer t = trainer(config.withEpochs(20));
        Future<TrainingResult> run = executor.submit(t::run);
        for (int i = 0; i < 50; i++) {
            Parameters s = t.snapshot();
            Parameters again = s.copy();
            Thread.sleep(2);
            assertTrue(s.sameAs(again), "a snapshot does not change after it is taken");
        }
        t.cancel();
        run.get(10, TimeUnit.SECONDS);
    }

    @Test
    void invalidSettingsAreRefusedWithEveryReason() {
        TrainingConfig bad = config.withLearningRate(-1).withBatch(0);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer(bad));

        assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
        assertTrue(e.getMessage().contains("batch size"), e.getMessage());
        // the optimizer is a kind now: a wrong name is refused where it is read
        IllegalArgumentException o = assertThrows(IllegalArgumentException.class, () -> OptimizerKind.parse("rmsprop"));
        assertTrue(o.getMessage().contains("optimizer must be sgd or adam"), o.getMessage());
        assertThrows(IllegalArgumentException.class, () -> trainer(config.withBatch(5000)));
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(5);
        }
    }
}
