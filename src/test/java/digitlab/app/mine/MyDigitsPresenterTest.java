package digitlab.app.mine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import digitlab.nn.Evaluation;
import digitlab.nn.TrainingListener.EpochReport;

class MyDigitsPresenterTest {
    /** An evaluation of {@code n} images of which {@code correct} are read right (two classes). */
    private static Evaluation evaluation(int correct, int n) {
        int[][] confusion = {{correct, n - correct}, {0, 0}};
        return new Evaluation(n, confusion, new int[0], new int[n]);
    }

    @Test
    void aKeptDigitSaysItsLabelAndHowManyThereAre() {
        assertEquals("Saved as a 7 (12 digits in My digits)", MyDigitsPresenter.saved(7, 12));
        assertEquals("Saved as a 0 (1 digit in My digits)", MyDigitsPresenter.saved(0, 1));
    }

    @Test
    void aTileSaysTheLabelAndWhetherTheModelAgrees() {
        assertEquals("4 · read ✓", MyDigitsPresenter.caption(4, 4));
        assertEquals("4 · reads 9", MyDigitsPresenter.caption(4, 9));
        assertEquals("4 · …", MyDigitsPresenter.caption(4, -1));
    }

    @Test
    void theSummaryCountsTheDigitsTheModelReadsRight() {
        assertEquals("3 digits; the model reads 2 of them right",
                MyDigitsPresenter.readCount(new int[] {1, 2, 3}, new int[] {1, 2, 5}));
        assertEquals("3 digits", MyDigitsPresenter.readCount(new int[] {1, 2, 3}, new int[] {-1, -1, -1}));
        assertEquals("No digits yet: draw one, choose what it is under \"It's a\" and press Keep.",
                MyDigitsPresenter.readCount(new int[0], new int[0]));
    }

    @Test
    void theResultGivesBothAccuraciesBeforeAndAfterAndTheSignedChange() {
        assertEquals("your digits: 50% → 90%; MNIST test: 98.65% → 98.47% (−0.18 points)", MyDigitsPresenter.result(
                evaluation(5, 10), evaluation(9, 10), evaluation(9865, 10000), evaluation(9847, 10000)));
        assertEquals("your digits: 37.5% → 100%; MNIST test: 98.00% → 98.10% (+0.10 points)", MyDigitsPresenter.result(
                evaluation(3, 8), evaluation(8, 8), evaluation(9800, 10000), evaluation(9810, 10000)));
    }

    @Test
    void anEpochLineGivesTheEpochAndTheMnistTestAccuracy() {
        assertEquals("epoch 2/6: MNIST test 98.52%",
                MyDigitsPresenter.epoch(new EpochReport(2, 6, 0.1f, 0.9852, 3, 1000, null)));
    }

    @Test
    void whileTrainingTheLineKeepsTheLastEpochsTestAccuracy() {
        assertEquals("epoch 1/6: training…", MyDigitsPresenter.training(1, 6, ""));
        assertEquals("epoch 3/6: training… (epoch 2/6: MNIST test 98.52%)",
                MyDigitsPresenter.training(3, 6, "epoch 2/6: MNIST test 98.52%"));
    }
}
