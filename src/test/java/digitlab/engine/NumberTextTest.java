package digitlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NumberTextTest {
    @Test
    void compactWritesHugeAndTinyNumbersWithAPowerOfTen() {
        assertEquals("9.0e26", NumberText.compact(9e26));
        assertEquals("1.0e6", NumberText.compact(999_999.7));
        assertEquals("1.2e-4", NumberText.compact(0.00012));
        assertEquals("-3.5e10", NumberText.compact(-3.5e10));
    }

    @Test
    void compactWritesThousandsWithSeparatorsAndSmallNumbersWithThreeDigits() {
        assertEquals("1,234", NumberText.compact(1234));
        assertEquals("0.5", NumberText.compact(0.5));
        assertEquals("2.3", NumberText.compact(2.302585));
        assertEquals("0.0123", NumberText.compact(0.012345));
        assertEquals("150", NumberText.compact(150));
        assertEquals("0", NumberText.compact(0));
        assertEquals("NaN", NumberText.compact(Double.NaN));
    }
}
