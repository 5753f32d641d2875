package digitlab.app.widgets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class LossHistoryTest {

    private static LossHistory of(float... losses) {
        LossHistory h = new LossHistory();
        for (float l : losses) {
            h.add(l);
        }
        return h;
    }

    @Test
    void theSmoothedLossStartsAtTheFirstLossAndMovesTwoPercentTowardsEachNewOne() {
        LossHistory h = of(1f, 2f, 0f);
        assertEquals(3, h.size());
        assertEquals(1f, h.smoothed(0));
        assertEquals(1.02f, h.smoothed(1), 1e-6);
        assertEquals(1.02f - 0.02f * 1.02f, h.smoothed(2), 1e-6);
        assertEquals(2f, h.raw(1));
    }

    @Test
    void growingPastTheFirstArraysKeepsEveryLoss() {
        LossHistory h = new LossHistory();
        for (int i = 0; i < 5000; i++) {
            h.add(i);
        }
        assertEquals(5000, h.size());
        for (int i = 0; i < 5000; i += 7) {
            assertEquals(i, h.raw(i));
        }
        assertEquals(4999f, h.raw(4999));
    }

    @Test
    void aNonFiniteLossIsKeptButLeavesTheAverageWhereItWas() {
        LossHistory h = of(Float.NaN, 2f, Float.POSITIVE_INFINITY, Float.NaN, 4f);
        assertTrue(Float.isNaN(h.raw(0)));
        assertTrue(Float.isNaN(h.smoothed(0)), "no finite loss yet: no average");
        assertEquals(2f, h.smoothed(1), "the average starts at the first finite loss");
        assertEquals(Float.POSITIVE_INFINITY, h.raw(2));
        assertEquals(2f, h.smoothed(2));
        assertEquals(2f, h.smoothed(3));
        assertEquals(2.04f, h.smoothed(4), 1e-6);
    }

    @Test
    void clearForgetsEveryBatchAndRestartsTheAverage() {
        LossHistory h = of(5f, 6f, 7f);
        h.clear();
        assertEquals(0, h.size());
        assertThrows(IndexOutOfBoundsException.class, () -> h.raw(0));
        h.add(1f);
        assertEquals(1f, h.smoothed(0));
        assertEquals(0, h.downsample(10).index()[0]);
        assertEquals(1, h.downsample(10).size());
    }

    @Test
    void batchesOutsideTheHistoryAreRefused() {
        LossHistory h = of(1f, 2f);
        assertThrows(IndexOutOfBoundsException.class, () -> h.raw(2));
        assertThrows(IndexOutOfBoundsException.class, () -> h.smoothed(-1));
    }

    @Test
    void aShortHistoryIsDownsampledToEveryPoint() {
        LossHistory h = of(3f, 1f, 2f, Float.NaN);
        LossHistory.Series s = h.downsample(4);
        assertArrayEquals(new int[] {0, 1, 2, 3}, s.index());
        assertArrayEquals(new float[] {3f, 1f, 2f, Float.NaN}, s.raw());
        assertEquals(h.smoothed(3), s.smoothed()[3]);
        assertEquals(0, new LossHistory().downsample(2).size());
    }

    @Test
    void downsamplingKeepsTheFirstAndLastBatchesAndAveragesEqualBuckets() {
        for (int size : new int[] {3, 11, 100, 101, 997, 4096}) {
            LossHistory h = new LossHistory();
            for (int i = 0; i < size; i++) {
                h.add((float) Math.sin(i * 0.37) + i % 5);
            }
            for (int max : new int[] {2, 3, 7, 50, 500}) {
                LossHistory.Series s = h.downsample(max);
                String what = size + " batches, " + max + " points";
                assertEquals(Math.min(size, max), s.size(), what);
                assertEquals(s.size(), s.raw().length, what);
                assertEquals(s.size(), s.smoothed().length, what);
                assertEquals(0, s.index()[0], what);
                assertEquals(size - 1, s.index()[s.size() - 1], what);
                assertEquals(h.raw(0), s.raw()[0], what);
                int smallest = Integer.MAX_VALUE, largest = 0;
                for (int k = 1; k < s.size(); k++) {
                    int from = s.index()[k - 1] + 1, to = s.index()[k];
                    assertTrue(to >= from, what + ": indices increase");
                    double sum = 0;
                    for (int i = from; i <= to; i++) {
                        sum += h.raw(i);
                    }
                    assertEquals(sum / (to - from + 1), s.raw()[k], 1e-5, what + ", point " + k);
                    assertEquals(h.smoothed(to), s.smoothed()[k], what + ", point " + k);
                    smallest = Math.min(smallest, to - from + 1);
                    largest = Math.max(largest, to - from + 1);
                }
                assertTrue(s.size() < 2 || largest - smallest <= 1, what + ": buckets of " + smallest + ".." + largest);
            }
        }
    }

    @Test
    void aNonFiniteLossShowsInItsBucketsMean() {
        LossHistory h = new LossHistory();
        for (int i = 0; i < 100; i++) {
            h.add(i == 42 ? Float.NaN : 1f);
        }
        LossHistory.Series s = h.downsample(10);
        int nan = 0;
        for (int k = 0; k < s.size(); k++) {
            if (Float.isNaN(s.raw()[k])) {
                nan++;
                assertTrue(s.index()[k] >= 42 && (k == 0 || s.index()[k - 1] < 42));
            } else {
                assertEquals(1f, s.raw()[k]);
            }
            assertEquals(1f, s.smoothed()[k]);
        }
        assertEquals(1, nan);
    }

    @Test
    void fewerThanTwoPointsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> of(1f, 2f, 3f).downsample(1));
    }

    @Test
    void aReaderDownsamplingWhileTrainingAddsAlwaysGetsAConsistentSeries() throws Exception {
        LossHistory h = new LossHistory();
        int total = 200_000;
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread trainer = new Thread(() -> {
            for (int i = 0; i < total; i++) {
                h.add(1f / (1 + i % 1000));
            }
            done.set(true);
        });
        Thread reader = new Thread(() -> {
            try {
                int reads = 0, lastSize = 0;
                while (!done.get() || reads < 10) {
                    LossHistory.Series s = h.downsample(300);
                    int n = s.index().length;
                    if (n != s.raw().length || n != s.smoothed().length) {
                        throw new AssertionError(n + " indices, " + s.raw().length + " raw, " + s.smoothed().length + " smoothed");
                    }
                    for (int k = 1; k < n; k++) {
                        if (s.index()[k] <= s.index()[k - 1]) {
                            throw new AssertionError("index " + s.index()[k] + " after " + s.index()[k - 1]);
                        }
                    }
                    int size = n == 0 ? 0 : s.index()[n - 1] + 1;
                    if (size < lastSize || n > 300) {
                        throw new AssertionError(size + " batches after " + lastSize + ", " + n + " points");
                    }
                    lastSize = size;
                    reads++;
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        reader.start();
        trainer.start();
        trainer.join(30_000);
        reader.join(30_000);
        assertFalse(trainer.isAlive() || reader.isAlive(), "both threads finish");
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(total, h.size());
        assertEquals(total - 1, h.downsample(300).index()[299]);
    }

    @Test
    void theCsvHasAHeaderAndOneLinePerBatchNumberedFromOne() throws Exception {
        LossHistory h = of(2.302585f, 1.5e-7f, Float.NaN);
        StringWriter out = new StringWriter();
        h.writeCsv(out);
        String e1 = Float.toString(2.302585f + 0.02f * (1.5e-7f - 2.302585f));
        assertEquals("batch,loss,smoothed_loss\n"
                + "1,2.302585,2.302585\n"
                + "2,1.5E-7," + e1 + "\n"
                + "3,NaN," + e1 + "\n", out.toString());
        assertEquals(Float.parseFloat(e1), h.smoothed(1));
    }
}
