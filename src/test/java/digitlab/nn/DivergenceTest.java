package digitlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DivergenceTest {
    private static String feed(Divergence d, float... losses) {
        String why = null;
        for (float l : losses) {
            why = d.check(l);
            if (why != null) {
                return why;
            }
        }
        return why;
    }

    private static float[] repeat(float loss, int times) {
        float[] a = new float[times];
        java.util.Arrays.fill(a, loss);
        return a;
    }

    @Test
    void aNonFiniteLossDivergesAtOnce() {
        assertEquals("the loss became NaN", new Divergence().check(Float.NaN));
        assertEquals("the loss became Infinity", new Divergence().check(Float.POSITIVE_INFINITY));
    }

    @Test
    void aLossFarAboveItsStartDivergesAndNamesTheLossCompactly() {
        Divergence d = new Divergence();
        assertNull(feed(d, repeat(2.3f, 10)));
        assertNull(d.check(22f), "below 10 × the start");
        Divergence second = new Divergence();
        second.check(1.23f);
        assertEquals("the loss reached 3,055, over 10 times its start of 1.23", second.check(3055f), "caught at the second batch");
        assertEquals("the loss reached 9.0e26, over 10 times its start of 2.3", d.check(9e26f));
    }

    @Test
    void oneHardBatchOfAWellTrainedModelIsNotDivergence() {
        Divergence d = new Divergence();
        assertNull(feed(d, repeat(0.02f, 10)));
        assertNull(d.check(3f), "150 × the start, but near the loss of guessing");
        assertEquals("the loss reached 24, over 10 times its start of 0.02", d.check(24f));
    }

    @Test
    void aLossRisingForAHundredBatchesInARowAboveItsStartDiverges() {
        Divergence d = new Divergence();
        float[] rising = new float[200];
        for (int i = 0; i < rising.length; i++) {
            rising[i] = 2.3f + 0.01f * i;
        }
        String why = feed(d, rising);
        assertEquals("the loss rose for 100 batches in a row", why.substring(0, why.indexOf(", to ")));
    }

    @Test
    void aNoisyLossThatFallsNeverDiverges() {
        Divergence d = new Divergence();
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 5000; i++) {
            assertNull(d.check((float) (2.3 * Math.exp(-i / 500.0) * (0.5 + r.nextDouble()))), "batch " + i);
        }
    }
}
