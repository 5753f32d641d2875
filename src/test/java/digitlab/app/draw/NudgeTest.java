package digitlab.app.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import digitlab.nn.Classifier;
import digitlab.nn.Nudge;
import digitlab.nn.Parameters;

/** Gradient ascent on a drawn digit toward another, with the shipped MLP, and what the status line says of it. */
class NudgeTest {
    private static final Parameters MLP = HiddenUnitsTest.shipped("mnist-mlp");

    @Test
    void eachStepRaisesTheChosenDigitsLogProbabilityKeepsPixelsIn01AndEndsOnTheDigit() {
        DrawnDigits.Drawn seven = DrawnDigits.make(1, 11).get(7);
        Classifier classifier = new Classifier(MLP);
        int target = 3;
        assertNotEquals(target, Classifier.best(classifier.probabilities(seven.pixels())));
        Nudge nudge = new Nudge(MLP, seven.pixels(), target, 0.1f);
        Nudge.Step previous = nudge.current();
        assertEquals(0, previous.l2());
        while (nudge.current().probabilities()[target] < 0.9 && nudge.current().number() < 300) {
            Nudge.Step step = nudge.step();
            assertTrue(step.probabilities()[target] > previous.probabilities()[target],
                    "step " + step.number() + ": p(3) " + previous.probabilities()[target] + " → "
                            + step.probabilities()[target]);
            double l2 = 0, largest = 0;
            for (int i = 0; i < 784; i++) {
                float p = step.pixels()[i];
                assertTrue(p >= 0 && p <= 1, "pixel " + i + " is " + p);
                double d = Math.abs(p - seven.pixels()[i]);
                l2 += d * d;
                largest = Math.max(largest, d);
            }
            assertEquals(Math.sqrt(l2), step.l2(), 1e-4);
            assertEquals(largest, step.largest(), 1e-6);
            // the probabilities are the network's for the image shown
            assertEquals(classifier.probabilities(step.pixels())[target], step.probabilities()[target], 1e-5);
            previous = step;
        }
        assertEquals(target, nudge.current().best());
        Nudge.Step flipped = nudge.flipped();
        assertNotNull(flipped);
        assertEquals(target, flipped.best());
        assertTrue(flipped.number() > 0 && flipped.l2() < nudge.current().l2() + 1e-9);
    }

    @Test
    void theStatusLineSaysTheChangeWhenTheAnswerFirstBecameTheDigit() {
        float[] p = new float[10];
        Nudge.Step start = new Nudge.Step(0, new float[784], p, 7, 0, 0);
        Nudge.Step flip = new Nudge.Step(5, new float[784], p, 3, 0.8712, 0.1149);
        Nudge.Step end = new Nudge.Step(7, new float[784], p, 3, 1.18, 0.18);
        assertEquals("Nudging toward 3 · step 0: L2 change 0.00, largest pixel change 0.00 · the answer is not 3 yet"
                + " (it is 7).", new NudgeProgress(3, start, null, false, false).text());
        assertEquals("Nudged toward 3 in 7 steps: L2 change 1.18, largest pixel change 0.18 · the answer became 3 at"
                + " step 5, after L2 change 0.87, largest pixel change 0.11. Draw to start again.",
                new NudgeProgress(3, end, flip, true, false).text());
        assertEquals("Nudge toward 3 stopped at step 5: L2 change 0.87, largest pixel change 0.11 · the answer became"
                + " 3 at step 5, after L2 change 0.87, largest pixel change 0.11. Draw to start again.",
                new NudgeProgress(3, flip, flip, true, true).text());
    }
}
