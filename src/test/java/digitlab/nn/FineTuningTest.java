package digitlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import digitlab.dataset.Dataset;

class FineTuningTest {
    /** {@code perDigit[d]} images of digit d, each filled with the byte {@code mark}. */
    private static Dataset set(String name, int[] perDigit, byte mark) {
        int n = 0;
        for (int c : perDigit) {
            n += c;
        }
        byte[] pixels = new byte[n * 4], labels = new byte[n];
        java.util.Arrays.fill(pixels, mark);
        int at = 0;
        for (int d = 0; d < perDigit.length; d++) {
            for (int k = 0; k < perDigit[d]; k++) {
                labels[at++] = (byte) d;
            }
        }
        return new Dataset(name, n, 2, 2, pixels, labels);
    }

    @Test
    void theMixHoldsTheUsersCopiesAndFillsEveryDigitWithMnistToTheSameCount() {
        Dataset mine = set("mine", new int[] {2, 0, 0, 1, 0, 0, 0, 0, 0, 0}, (byte) 7);
        Dataset mnist = set("mnist", new int[] {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}, (byte) 1);

        Dataset mix = FineTuning.mix(mine, 3, mnist, 1, 10);

        int perClass = FineTuning.CLASS_FACTOR * 6;
        assertEquals(10 * perClass, mix.count());
        int[] all = new int[10], own = new int[10];
        for (int i = 0; i < mix.count(); i++) {
            all[mix.label(i)]++;
            if (mix.pixel(i, 0) == 7) {
                own[mix.label(i)]++;
            }
        }
        for (int d = 0; d < 10; d++) {
            assertEquals(perClass, all[d], "digit " + d);
        }
        assertEquals(6, own[0]);
        assertEquals(3, own[3]);
        assertEquals(9, own[0] + own[3] + own[1]);
    }

    @Test
    void theMixIsSmallerWhenMnistHasTooFewOfADigit() {
        Dataset mine = set("mine", new int[] {10, 0, 0, 0, 0, 0, 0, 0, 0, 0}, (byte) 7);
        Dataset mnist = set("mnist", new int[] {5, 5, 5, 5, 5, 5, 5, 5, 5, 5}, (byte) 1);
        assertEquals(10 + 50, FineTuning.mix(mine, 1, mnist, 1, 10).count());
    }

    private static Evaluation accuracy(int correct, int n) {
        int[][] confusion = new int[2][2];
        confusion[0][0] = correct;
        confusion[0][1] = n - correct;
        return new Evaluation(n, confusion, new int[n - correct], new int[n]);
    }

    private static TrainingResult run(TrainingResult.Status status) {
        return new TrainingResult(status, Parameters.initial(new int[] {4, 2}, 1), List.of(), status == TrainingResult.Status.CANCELLED ? "cancelled" : null);
    }

    @Test
    void newParametersAreKeptOnlyWhenTheRunCompletedAndMnistLostAtMostAThirdOfAPoint() {
        FineTuning.Result held = new FineTuning.Result(run(TrainingResult.Status.COMPLETED), accuracy(3, 10), accuracy(9, 10),
                accuracy(9865, 10_000), accuracy(9836, 10_000));
        assertEquals(0.29, held.mnistDropPoints(), 1e-9);
        assertTrue(held.keeps());
        assertNull(held.refusal());

        FineTuning.Result forgot = new FineTuning.Result(run(TrainingResult.Status.COMPLETED), accuracy(3, 10), accuracy(10, 10),
                accuracy(9865, 10_000), accuracy(9834, 10_000));
        assertFalse(forgot.keeps());
        assertTrue(forgot.refusal().contains("fell by 0.31 points (98.65% → 98.34%)"), forgot.refusal());
        assertTrue(forgot.summary().contains("your digits: 3/10 (30.0%) → 10/10 (100.0%); MNIST test: 98.65% → 98.34% (-0.31 points)"),
                forgot.summary());

        FineTuning.Result cancelled = new FineTuning.Result(run(TrainingResult.Status.CANCELLED), accuracy(3, 10), accuracy(3, 10),
                accuracy(9865, 10_000), accuracy(9865, 10_000));
        assertFalse(cancelled.keeps());
        assertEquals("cancelled", cancelled.refusal());
    }

    @Test
    void aRunCancelledBeforeItsFirstBatchKeepsNothingAndNoDigitsAreRefused() {
        Parameters start = Parameters.initial(new int[] {4, 10}, 1);
        Dataset mnist = set("mnist", new int[] {100, 100, 100, 100, 100, 100, 100, 100, 100, 100}, (byte) 1);
        assertThrows(IllegalArgumentException.class,
                () -> new FineTuning(FineTuning.defaults(), start, set("mine", new int[10], (byte) 7), mnist, mnist));

        FineTuning tuning = new FineTuning(FineTuning.defaults(), start, set("mine", new int[] {0, 5}, (byte) 7), mnist, mnist);
        tuning.cancel();
        FineTuning.Result r = tuning.run();

        assertEquals(TrainingResult.Status.CANCELLED, r.training().status());
        assertFalse(r.keeps());
        assertTrue(r.parameters().sameAs(start));
    }
}
