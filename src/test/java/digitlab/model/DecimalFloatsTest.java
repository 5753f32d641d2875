package digitlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Decimal text reads as the float {@link Float#parseFloat} gives, bit for bit, on and off the fast path. */
class DecimalFloatsTest {

    private static void agrees(String text) {
        char[] padded = ("[" + text + ",").toCharArray(); // read from the middle of a buffer, as from Jackson's
        float expected = Float.parseFloat(text), read = DecimalFloats.parse(padded, 1, text.length());
        assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(read), text + ": " + expected + " but " + read);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "0.0", "-0.0", "1", "-1", "7", "0.1", "-0.05", "1.0E-5", "1e-5", "1E+5", "3.4028235E38",
        "1.4E-45", "1.17549435E-38", "123456789", "0.000123456789", "1e22", "1e23", "1e-22", "1e-23", "16777217", "16777219",
        "33554433", "9007199254740993", "123456789012345", "1234567890123456", "0.30000000000000004", "1.000000059604644775390625",
        "1.0000000596046448", "2.5e-10", "100000000000000000000000000000"})
    void numbersAtTheEdgesOfTheFastPathReadAsParseFloatReadsThem(String text) {
        agrees(text);
    }

    @Test
    void theShortestTextOfAMillionRandomFloatsReadsBackAsThatFloat() {
        Random random = new Random(16);
        for (int i = 0; i < 1_000_000; i++) {
            float f = i % 2 == 0 ? Float.intBitsToFloat(random.nextInt()) : (float) random.nextGaussian() / 10;
            if (Float.isFinite(f)) {
                agrees(Float.toString(f));
            }
        }
    }

    @Test
    void decimalsNearFloatMidpointsReadAsParseFloatReadsThem() {
        Random random = new Random(61);
        for (int i = 0; i < 200_000; i++) {
            float f = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10));
            if (f == 0 || !Float.isFinite(f)) {
                continue;
            }
            BigDecimal midpoint = new BigDecimal(f).add(new BigDecimal(Math.nextUp(f))).divide(BigDecimal.valueOf(2));
            for (int digits = 6; digits <= 17; digits++) {
                BigDecimal near = midpoint.round(new MathContext(digits));
                agrees(near.toString());
                agrees(near.stripTrailingZeros().toPlainString());
            }
        }
    }
}
