package digitlab.app.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SliderRangeTest {

    @Test
    void aSliderReachesTwoEitherWayOfASmallValueAndTwiceALargeOne() {
        assertArrayEquals(new double[] {-2, 2}, SliderRange.around(0));
        assertArrayEquals(new double[] {-1.5, 2.5}, SliderRange.around(0.5));
        assertArrayEquals(new double[] {0, 20}, SliderRange.around(10));
        assertArrayEquals(new double[] {-20, 0}, SliderRange.around(-10));
    }

    @Test
    void aDragGivesAsManyDecimalsAsAPixelIsWorth() {
        assertEquals("1.25", SliderRange.text(1.2473, -2, 2), "4 over 150 pixels: a pixel is 0.027, two decimals");
        assertEquals("13", SliderRange.text(12.6, 0, 200), "a pixel is 1.3: whole numbers");
        assertEquals("0.0041", SliderRange.text(0.00412, 0, 0.1), "a pixel is 0.00067: four decimals");
        assertEquals("0", SliderRange.text(-0.001, -2, 2), "no -0");
        assertEquals("-3", SliderRange.text(-3.0001, -4, 0));
    }
}
