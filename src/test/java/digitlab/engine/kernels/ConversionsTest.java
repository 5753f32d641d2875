package digitlab.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

class ConversionsTest {

    @Test
    void everyByteBecomesExactlyItsValueOver255WithEitherImplementation() {
        byte[] all = new byte[256 + 7];
        for (int v = 0; v < all.length; v++) {
            all[v] = (byte) v;
        }
        for (Conversions c : new Conversions[] {Kernels.conversions(), Kernels.plainConversions()}) {
            for (int from : new int[] {0, 1, 7}) {
                float[] out = new float[260];
                c.bytesToUnit(all, from, out, 3, 256);
                for (int i = 0; i < 256; i++) {
                    int v = (from + i) & 0xFF;
                    assertEquals(Float.floatToIntBits(v / 255f), Float.floatToIntBits(out[3 + i]), c + " at " + i);
                }
                assertEquals(0f, out[0]);
                assertEquals(0f, out[259], "nothing written past n");
            }
        }
    }

    @Test
    void oddLengthsAndTheEndOfTheArrayAreHandled() {
        Random r = new Random(2);
        byte[] src = new byte[101];
        r.nextBytes(src);
        for (int n = 0; n <= 40; n++) {
            float[] fast = new float[n], plain = new float[n];
            Kernels.conversions().bytesToUnit(src, src.length - n, fast, 0, n);
            Kernels.plainConversions().bytesToUnit(src, src.length - n, plain, 0, n);
            assertTrue(java.util.Arrays.equals(fast, plain), "n = " + n);
        }
    }

    @Test
    void theVectorConversionsRunInTheTests() {
        assertTrue(Kernels.vectorAvailable());
        assertEquals("VectorConversions", Kernels.conversions().getClass().getSimpleName());
    }
}
