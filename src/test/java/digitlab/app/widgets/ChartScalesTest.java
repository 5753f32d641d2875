package digitlab.app.widgets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The chart axes, set by hand so that they always read. */
class ChartScalesTest {
    @Test
    void batchTickLabelsNeverRunTogetherAtAnyLengthAndCount() {
        for (int batches : new int[] {1, 9, 47, 938, 1250, 11_256, 99_999, 1_000_000}) {
            for (double px : new double[] {150, 300, 500, 900, 1400}) {
                ChartScales.Axis a = ChartScales.batches(batches, px);
                double spacing = a.tick() / (a.upper() - a.lower()) * px;
                assertTrue(spacing >= ChartScales.labelWidth(a.upper()) + ChartScales.GAP_PX || a.tick() >= a.upper(),
                        batches + " batches over " + px + " px: a tick every " + a.tick() + " is " + spacing + " px apart");
                assertTrue(a.upper() >= batches, "the last batch is on the axis");
            }
        }
    }

    @Test
    void oneStepGivesABatchAxisFromZeroToTen() {
        assertEquals(new ChartScales.Axis(0, 10, 1), ChartScales.batches(1, 600));
    }

    @Test
    void theAccuracyAxisRunsToAHundredPercentAndIs0To100BeforeAnyEpoch() {
        assertEquals(new ChartScales.Axis(0, 100, 20), ChartScales.accuracy(List.of(), 300));
        ChartScales.Axis a = ChartScales.accuracy(List.of(91.3, 97.9), 300);
        assertEquals(100, a.upper());
        assertTrue(a.lower() <= 91.3 - 1 && a.lower() >= 80, "from a little below the lowest: " + a);
        assertEquals(0, ChartScales.accuracy(List.of(10.09), 300).lower());
    }

    @Test
    void accuracyTicksOnAShortAxisAreFarEnoughApartToRead() {
        ChartScales.Axis a = ChartScales.accuracy(List.of(76.0, 88.9), 90);
        assertTrue(a.tick() / (a.upper() - a.lower()) * 90 >= ChartScales.ROW_PX, a.toString());
        assertEquals(5, ChartScales.accuracy(List.of(76.0, 88.9), 300).tick());
    }

    @Test
    void theLastEpochIsHalfAnEpochFromTheRightEdge() {
        assertEquals(new ChartScales.Axis(0, 2.5, 1), ChartScales.epochs(2));
        assertEquals(new ChartScales.Axis(0, 1.5, 1), ChartScales.epochs(0));
        assertEquals(3, ChartScales.epochs(30).tick());
        assertEquals("2", ChartScales.epochTick(2));
        assertEquals("", ChartScales.epochTick(2.5), "no label at the axis's end");
    }

    @Test
    void theLossAxisIsRoundLinearlyAndInWholeDecadesOnALogScale() {
        assertEquals(new ChartScales.Axis(0, 2.5, 0.5), ChartScales.loss(0.05, 2.31, false));
        assertEquals(new ChartScales.Axis(-2, 27, 4), ChartScales.loss(0.05, 9e26, true));
        assertEquals(new ChartScales.Axis(-2, 1, 1), ChartScales.loss(0.05, 2.31, true));
        assertTrue(ChartScales.wantsLog(0.05, 9e26));
        assertFalse(ChartScales.wantsLog(0.01, 2.31), "an ordinary run stays linear");
    }

    @Test
    void ticksAreWrittenCompactly() {
        assertEquals("1e-3", ChartScales.tick(-3, true));
        assertEquals("0.1", ChartScales.tick(-1, true));
        assertEquals("100", ChartScales.tick(2, true));
        assertEquals("1e26", ChartScales.tick(26, true));
        assertEquals("1,250", ChartScales.tick(1250, false));
        assertEquals("9.0e26", ChartScales.tick(9e26, false));
    }

    @Test
    void niceUnitsAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(1, ChartScales.niceUnit(0.7));
        assertEquals(2, ChartScales.niceUnit(1.2));
        assertEquals(500, ChartScales.niceUnit(260));
        assertEquals(0.05, ChartScales.niceUnit(0.042), 1e-12);
    }
}
