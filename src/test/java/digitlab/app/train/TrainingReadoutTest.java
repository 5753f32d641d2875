package digitlab.app.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import digitlab.dataset.Dataset;
import digitlab.nn.Evaluation;
import digitlab.nn.TrainingConfig;
import digitlab.nn.TrainingListener;

/** What the Train view says about a run, worked out without a display. */
class TrainingReadoutTest {
    private static TrainingSession.Status status(TrainingSession.State state, TrainingListener.BatchReport batch,
            String fetchWhat, long done, long total, double speed, double eta) {
        return new TrainingSession.Status(state, "", false, batch, fetchWhat, done, total, speed, eta, TrainingConfig.defaults(), 0);
    }

    @Test
    void onlyAnIdleSessionWithAGoodFormStartsAndOnlyARunPausesOrStops() {
        TrainingReadout.Buttons idle = TrainingReadout.buttons(TrainingSession.State.IDLE, true, false);
        assertTrue(idle.start() && idle.step() && idle.reset() && idle.models() && idle.editable());
        assertFalse(idle.pause() || idle.stop() || idle.startOver());
        assertEquals("_Start", idle.startText());
        TrainingReadout.Buttons badForm = TrainingReadout.buttons(TrainingSession.State.IDLE, false, true);
        assertFalse(badForm.start() || badForm.step() || badForm.reset() || badForm.startOver());
        TrainingReadout.Buttons paused = TrainingReadout.buttons(TrainingSession.State.PAUSED, false, true);
        assertTrue(paused.pause() && paused.step() && paused.stop());
        assertEquals("Res_ume", paused.pauseText());
        assertFalse(paused.editable());
        assertFalse(TrainingReadout.buttons(TrainingSession.State.FETCHING, true, false).models());
    }

    @Test
    void afterARunStartContinuesTrainingAndStartOverWorks() {
        TrainingReadout.Buttons trained = TrainingReadout.buttons(TrainingSession.State.IDLE, true, true);
        assertEquals("_Continue training", trained.startText());
        assertTrue(trained.start() && trained.startOver());
    }

    @Test
    void continuingCountsTheEpochsOnFromThoseDone() {
        var batch = new TrainingListener.BatchReport(1, 5, 46, 320, 2 * 46 * 64, 0.5f, 0.05f, 1);
        var s = new TrainingSession.Status(TrainingSession.State.RUNNING, "", false, batch, null, 0, 0, 1000, 3,
                TrainingConfig.defaults().withEpochs(2), 2);
        assertEquals("epoch 3 of 4 · batch 5 of 46", TrainingReadout.progress(s).text());
        assertEquals("Last batch (5 of epoch 3): loss 0.5", TrainingReadout.lastLoss(s));
    }

    @Test
    void progressReadsAsEpochsBatchesSamplesAndTimeLeft() {
        TrainingListener.BatchReport b = new TrainingListener.BatchReport(2, 10, 937, 64_000, 719_424, 0.3f, 0.05f, 1);
        TrainingReadout.Progress p = TrainingReadout.progress(status(TrainingSession.State.RUNNING, b, null, 0, 0, 2500, 75));

        assertEquals(64_000.0 / 719_424, p.fraction(), 1e-12);
        assertEquals("epoch 2 of 12 · batch 10 of 937", p.text());
        assertEquals("64,000 of 719,424 samples", p.samples());
        assertEquals("2,500 samples/s · 1:15 left", p.speed());
        assertEquals("paused", TrainingReadout.progress(status(TrainingSession.State.PAUSED, b, null, 0, 0, 1, 1)).speed());
    }

    @Test
    void fetchingShowsMegabytesAndLeavesTheSamplesLineAsItWas() {
        TrainingReadout.Progress p = TrainingReadout.progress(
                status(TrainingSession.State.FETCHING, null, "train-images", 5_000_000, 10_000_000, Double.NaN, Double.NaN));

        assertEquals(0.5, p.fraction());
        assertEquals("Fetching train-images: 5.0 MB of 10.0 MB", p.text());
        assertNull(p.samples());
        TrainingReadout.Progress unknown = TrainingReadout.progress(
                status(TrainingSession.State.FETCHING, null, null, 0, 0, Double.NaN, Double.NaN));
        assertEquals(TrainingReadout.UNKNOWN_PROGRESS, unknown.fraction());
        assertEquals("Getting MNIST ready…", unknown.text());
        assertEquals("Not started.", TrainingReadout.progress(
                status(TrainingSession.State.IDLE, null, null, 0, 0, Double.NaN, Double.NaN)).text());
    }

    @Test
    void durationsReadAsMinutesAndSecondsOrHours() {
        assertEquals("1:15", TrainingReadout.duration(75));
        assertEquals("1:00:01", TrainingReadout.duration(3601));
        assertEquals("…", TrainingReadout.duration(Double.NaN));
    }

    @Test
    void aConfusionCellHoldsTheTestImagesOfThatTruthReadAsThatAnswer() {
        Dataset test = new Dataset("test", 4, 28, 28, new byte[4 * 784], new byte[] {3, 3, 5, 3});
        Evaluation e = new Evaluation(4, new int[10][10], new int[] {1, 2}, new int[] {3, 5, 5, 5});

        assertArrayEquals(new int[] {1, 3}, TrainingReadout.cell(test, e, 3, 5));
        assertEquals("2 test images of a 3 read as 5:", TrainingReadout.cellTitle(2, 3, 5));
    }

    @Test
    void theEpochsTableGoesBesideTheLossTable() {
        assertEquals(Path.of("out/loss-epochs.csv"), TrainingReadout.epochsFile(Path.of("out/loss.csv")));
        assertEquals(Path.of("loss-epochs"), TrainingReadout.epochsFile(Path.of("loss")));
        TrainingListener.EpochReport r = new TrainingListener.EpochReport(1, 2, 0.25f, 0.9, 1.5, 4000, null);
        TrainingSession.Epoch e = new TrainingSession.Epoch(3, r, 0.95, "mlp");
        assertEquals("epoch,mean_loss,test_accuracy,train_accuracy,seconds,samples_per_second\n3,0.25,0.9,0.95,1.500,4000"
                + System.lineSeparator(), TrainingReadout.epochsCsv(List.of(e)));
    }

    @Test
    void aModelFileGetsItsJsonExtension() {
        assertEquals(Path.of("m/a.json"), TrainingReadout.modelFile(Path.of("m/a")));
        assertEquals(Path.of("m/a.json"), TrainingReadout.modelFile(Path.of("m/a.json")));
    }
}
