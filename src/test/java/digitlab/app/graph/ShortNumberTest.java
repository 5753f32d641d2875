package digitlab.app.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShortNumberTest {

    @Test
    void wholeNumbersUnderTenThousandAreWrittenWhole() {
        assertEquals("33", ShortNumber.of(33));
        assertEquals("-40", ShortNumber.of(-40));
        assertEquals("0", ShortNumber.of(-0f));
        assertEquals("9999", ShortNumber.of(9999));
    }

    @Test
    void fractionsKeepFourSignificantDigits() {
        assertEquals("0.3333", ShortNumber.of(1f / 3));
        assertEquals("12.35", ShortNumber.of(12.3456f));
        assertEquals("-0.001235", ShortNumber.of(-0.00123456f));
        assertEquals("0.1", ShortNumber.of(0.1f), "not 0.1000000015, the float's exact value");
        assertEquals("2.718", ShortNumber.of((float) Math.E));
        assertEquals("1235", ShortNumber.of(1234.5f));
    }

    @Test
    void largeAndTinyNumbersAreWrittenInPowersOfTen() {
        assertEquals("1.235e5", ShortNumber.of(123456f));
        assertEquals("2e-7", ShortNumber.of(2e-7f));
        assertEquals("-3.403e38", ShortNumber.of(-Float.MAX_VALUE));
        assertEquals("1e4", ShortNumber.of(9999.9f), "rounding up to ten thousand changes the form");
    }

    @Test
    void nanAndInfinitiesAreNamed() {
        assertEquals("NaN", ShortNumber.of(Float.NaN));
        assertEquals("∞", ShortNumber.of(Float.POSITIVE_INFINITY));
        assertEquals("-∞", ShortNumber.of(Float.NEGATIVE_INFINITY));
    }
}
