package digitlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import digitlab.dataset.Dataset;

class InputSplitTest {

    /** Images of {@code side} × {@code side} pixels, ink only in rows [inkFrom, inkTo). */
    private static Dataset inkedRows(int side, int inkFrom, int inkTo) {
        int count = 50;
        byte[] pixels = new byte[count * side * side];
        for (int i = 0; i < count; i++) {
            for (int row = inkFrom; row < inkTo; row++) {
                for (int col = 0; col < side; col++) {
                    pixels[(i * side + row) * side + col] = (byte) 200;
                }
            }
        }
        return new Dataset("rows", count, side, side, pixels, new byte[count]);
    }

    @Test
    void theBandsCoverEveryPixelOnceInOrderStartingAtWholeVectors() {
        for (Dataset images : new Dataset[] {inkedRows(28, 4, 24), inkedRows(28, 0, 0), inkedRows(28, 27, 28),
                inkedRows(8, 0, 8)}) {
            int n = images.pixelsPerImage();
            for (int threads = 1; threads <= n; threads++) {
                int[] bands = InputSplit.bands(images, threads);

                assertEquals(threads + 1, bands.length);
                assertEquals(0, bands[0]);
                assertEquals(n, bands[threads]);
                for (int t = 0; t < threads; t++) {
                    assertTrue(bands[t] < bands[t + 1], "band " + t + " of " + threads + " is empty");
                    if (InputSplit.suits(images, threads)) {
                        assertEquals(0, bands[t] % InputSplit.ALIGN, "band " + t + " of " + threads + " starts at " + bands[t]);
                        assertTrue(bands[t + 1] - bands[t] >= InputSplit.ALIGN, "band " + t + " of " + threads);
                    }
                }
            }
        }
    }

    @Test
    void theBandsShareTheInkNotOnlyThePixels() {
        int[] blank = InputSplit.bands(inkedRows(28, 0, 0), 2);
        int[] inkBelow = InputSplit.bands(inkedRows(28, 20, 28), 2);

        assertTrue(Math.abs(blank[1] - 392) <= InputSplit.ALIGN, "no ink: about equal halves, not " + blank[1]);
        assertTrue(inkBelow[1] > 20 * 28, "ink in rows 20-27 only: the first band reaches into them, to " + inkBelow[1]);
    }

    @Test
    void onlyImagesWithTwoWholeVectorsOfPixelsForEachThreadAreSplitByInputs() {
        assertTrue(InputSplit.suits(inkedRows(28, 0, 1), 2));
        assertTrue(InputSplit.suits(inkedRows(28, 0, 1), 24));
        assertFalse(InputSplit.suits(inkedRows(28, 0, 1), 25), "784 pixels are 49 vectors of 16, for 24 threads at most");
        assertTrue(InputSplit.suits(inkedRows(28, 0, 1), 1), "one thread, one band");
        assertFalse(InputSplit.suits(inkedRows(5, 0, 1), 1), "25 pixels");
    }

    @Test
    void aThreadThatFailsReleasesTheOthersWaitingWithItsFailure() throws Exception {
        InputSplit.Rendezvous rendezvous = new InputSplit.Rendezvous(3);
        CompletableFuture<Void> first = CompletableFuture.runAsync(rendezvous::await);
        CompletableFuture<Void> second = CompletableFuture.runAsync(rendezvous::await);
        Thread.sleep(50);
        assertFalse(first.isDone() || second.isDone(), "two of three are not enough to go on");
        IllegalArgumentException failure = new IllegalArgumentException("a shape went wrong");

        rendezvous.fail(failure);

        for (CompletableFuture<Void> waiting : java.util.List.of(first, second)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(10, TimeUnit.SECONDS));
            assertSame(failure, e.getCause());
        }
    }

    @Test
    void afterTheRendezvousEachThreadSeesWhatTheOtherWroteBeforeIt() throws Exception {
        InputSplit.Rendezvous rendezvous = new InputSplit.Rendezvous(2);
        int rounds = 2000;
        int[] mine = new int[rounds], theirs = new int[rounds];
        CompletableFuture<Integer> other = CompletableFuture.supplyAsync(() -> {
            int wrong = 0;
            for (int round = 0; round < rounds; round++) {
                theirs[round] = round + 1;
                rendezvous.await();
                wrong += mine[round] == round + 1 ? 0 : 1;
                rendezvous.await(); // nobody writes the next round's entry before both have read this one
            }
            return wrong;
        });
        int wrong = 0;
        for (int round = 0; round < rounds; round++) {
            mine[round] = round + 1;
            rendezvous.await();
            wrong += theirs[round] == round + 1 ? 0 : 1;
            rendezvous.await();
        }

        assertEquals(0, wrong);
        assertEquals(0, other.get(30, TimeUnit.SECONDS));
    }
}
