package digitlab.app.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import digitlab.app.widgets.LossHistory;
import digitlab.nn.OptimizerKind;
import digitlab.nn.TrainingConfig;
import digitlab.nn.TrainingListener;

/** Earlier runs, kept for comparison with their settings in the legend. */
class RunHistoryTest {
    private static final TrainingConfig SGD = TrainingConfig.defaults().withEpochs(2);

    private static LossHistory.Series loss(float... values) {
        LossHistory h = new LossHistory();
        for (float v : values) {
            h.add(v);
        }
        return h.downsample(400);
    }

    private static TrainingSession.Epoch epoch(int n, double test, double train) {
        return new TrainingSession.Epoch(n, new TrainingListener.EpochReport(n, 2, 0.3f, test, 1, 1000, null), train, "m");
    }

    @Test
    void theLegendNamesTheSettingsThatSetRunsApart() {
        assertEquals("sgd · rate 0.05 cosine · batch 64 · 2 epochs · 97.9%", RunHistory.legend(SGD, 2, 0.9791));
        assertEquals("adam · rate 0.001 cosine · batch 64 · 1 epoch",
                RunHistory.legend(SGD.withOptimizer(OptimizerKind.ADAM).withLearningRate(0.001f), 1, Double.NaN));
    }

    @Test
    void aRunContinuedWithAnotherLearningRateNamesBothAndTheirEpochs() {
        List<RunHistory.Segment> run = List.of(new RunHistory.Segment(SGD, 0), new RunHistory.Segment(SGD, 2),
                new RunHistory.Segment(SGD.withLearningRate(0.2f), 2));
        assertEquals("sgd · rate 0.05 cosine · batch 64 · 2 epochs, then rate 0.2 cosine · 2 epochs · 93.9%",
                RunHistory.legend(run, 4, 0.939));
        // continued with the same settings, it reads as one run of 4 epochs
        assertEquals("sgd · rate 0.05 cosine · batch 64 · 4 epochs",
                RunHistory.legend(List.of(new RunHistory.Segment(SGD, 0), new RunHistory.Segment(SGD, 2)), 4, Double.NaN));
    }

    @Test
    void aKeptRunHasItsCurvesNumberedFromOneAndItsAccuracies() {
        RunHistory h = new RunHistory();
        h.add(SGD, loss(2.3f, 1.0f, 0.5f), List.of(epoch(1, 0.9, 0.92), epoch(2, 0.95, 0.97)));

        RunHistory.EarlierRun r = h.runs().get(0);
        assertEquals("run 1: sgd · rate 0.05 cosine · batch 64 · 2 epochs · 95.0%", r.legend());
        assertArrayEquals(new int[] {1, 2, 3}, r.batches());
        assertArrayEquals(new double[] {0.9, 0.95}, r.testAccuracy());
        assertArrayEquals(new double[] {0.92, 0.97}, r.trainAccuracy());
    }

    @Test
    void onlyTheNewestFiveAreKeptAndClearingKeepsTheNumbering() {
        RunHistory h = new RunHistory();
        for (int i = 0; i < 7; i++) {
            h.add(SGD.withLearningRate(i + 1), loss(1), List.of());
        }
        assertEquals(5, h.runs().size());
        assertEquals("run 3: sgd · rate 3 cosine · batch 64 · 0 epochs", h.runs().get(0).legend());
        h.clear();
        assertEquals(List.of(), h.runs());
        h.add(SGD, loss(1), List.of());
        assertEquals("run 8", h.runs().get(0).legend().substring(0, 5));
    }
}
