package digitlab.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import digitlab.nn.Architecture;

class EpochTimerTest {
    @Test
    void anEpochIsAsManyWholeBatchesAsTheImagesHold() {
        assertEquals(937, EpochTimer.batchesPerEpoch(60_000, 64));
        assertEquals(1, EpochTimer.batchesPerEpoch(10, 64));
    }

    @Test
    void anEpochIsItsTrainingStepsAndTheForwardPassesOfTheAccuracyMeasuredAfterIt() {
        EpochTimer.Measurement m = new EpochTimer.Measurement(0.05, true, 10, 0.01);
        assertEquals(937 * 0.05 + Math.ceil(20_000 / 64.0) * 0.01, EpochTimer.secondsPerEpoch(m, 60_000, 64), 1e-9);
        assertEquals(9 * 0.05 + Math.ceil(10_600 / 64.0) * 0.01, EpochTimer.secondsPerEpoch(m, 600, 64), 1e-9,
                "600 training images: all of them are measured, and the 10,000 test images");
    }

    @Test
    void durationsAreShownNoFinerThanTheyAreMeasured() {
        assertEquals("≈ 0.4 s", EpochTimer.duration(0.42));
        assertEquals("< 0.1 s", EpochTimer.duration(0.03));
        assertEquals("≈ 45 s", EpochTimer.duration(44.6));
        assertEquals("≈ 3 min 20 s", EpochTimer.duration(198));
        assertEquals("≈ 2 min", EpochTimer.duration(121));
        assertEquals("≈ 1 h 5 min", EpochTimer.duration(3900));
    }

    @Test
    void theLineSaysItWasMeasuredAndOnHowManyThreads() {
        EpochTimer.Measurement settled = new EpochTimer.Measurement(0.05, true, 10);
        assertEquals("≈ 47 s per epoch on this machine (measured)", EpochTimer.line(settled, 60_000, 64, 1));
        assertEquals("≈ 47 s per epoch on this machine (measured on one thread, training uses 2)",
                EpochTimer.line(settled, 60_000, 64, 2));
        assertEquals("≈ 4.5 s per epoch on this machine (measured, still warming up: likely less)",
                EpochTimer.line(new EpochTimer.Measurement(0.5, false, 10), 600, 64, 1));
    }

    @Test
    void stepsHaveSettledWhenTheSlowestOfTheLastIsWithinAThirdOfTheFastest() {
        assertTrue(EpochTimer.settled(new long[] {100, 120, 110, 129}));
        assertFalse(EpochTimer.settled(new long[] {100, 120, 110, 131}));
    }

    @Test
    void withNoTimeLeftAMeasurementStillTimesAWholeWindowOfSteps() {
        Architecture cnn = Architecture.parse("conv3x4,pool2,dense10", NetworkDraft.INPUT, 10);
        EpochTimer.Measurement m = EpochTimer.secondsPerBatch(cnn, 8, 0);
        assertEquals(EpochTimer.WINDOW, m.steps());
        assertTrue(m.secondsPerBatch() > 0 && m.secondsPerBatch() < 60, m.toString());
        assertTrue(m.forwardSecondsPerBatch() > 0 && m.forwardSecondsPerBatch() < 60, m.toString());
    }
}
