package digitlab.image;

import static digitlab.image.DigitDrawings.blackOnWhite;
import static digitlab.image.DigitDrawings.meanAbsoluteDifference;
import static digitlab.image.MnistPreparation.CENTRE;
import static digitlab.image.MnistPreparation.INK_THRESHOLD;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.image.DigitDrawings.Digit;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Tag("slow")
class MnistPreparationTest {

    private static Prepared prepare(InkImage image) {
        Optional<Prepared> prepared = MnistPreparation.prepare(image);
        assertTrue(prepared.isPresent(), "the picture holds a digit");
        return prepared.get();
    }

    private static InkBox outputBox(Prepared p) {
        return InkBox.find(p.image(), INK_THRESHOLD).orElseThrow();
    }

    private static void assertSameDigit(Prepared expected, Prepared actual) {
        assertTrue(meanAbsoluteDifference(expected.pixels(), actual.pixels()) < 0.05,
                "mean absolute difference " + meanAbsoluteDifference(expected.pixels(), actual.pixels()));
        InkBox a = outputBox(expected), b = outputBox(actual);
        assertTrue(Math.abs(a.x() - b.x()) <= 1 && Math.abs(a.y() - b.y()) <= 1
                && Math.abs(a.width() - b.width()) <= 1 && Math.abs(a.height() - b.height()) <= 1,
                a + " vs " + b);
    }

    @Test
    void anAllPaperPictureIsBlank() {
        assertTrue(MnistPreparation.prepare(new InkImage(new float[280 * 280], 280, 280)).isEmpty());
    }

    @Test
    void aPictureOfFaintNoiseBelowTheThresholdIsBlank() {
        Random random = new Random(1);
        float[] noise = new float[280 * 280];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = random.nextFloat() * INK_THRESHOLD;
        }

        assertTrue(MnistPreparation.prepare(new InkImage(noise, 280, 280)).isEmpty());
    }

    @ParameterizedTest
    @EnumSource(Digit.class)
    void theLongerInkSideBecomesTwentyPixelsAndTheCentreOfMassLandsOnPixelFourteenFourteen(Digit digit) {
        Prepared p = prepare(blackOnWhite(digit, 280, 280, 40, 30, 200));

        InkBox box = outputBox(p);
        assertEquals(20, box.longerSide(), 1, box.toString());
        CentreOfMass centre = CentreOfMass.of(p.image());
        assertEquals(CENTRE, centre.x(), 0.5);
        assertEquals(CENTRE, centre.y(), 0.5);
    }

    @ParameterizedTest
    @EnumSource(Digit.class)
    void theSameDigitMovedAcrossThePictureGivesTheSameImage(Digit digit) {
        Prepared left = prepare(blackOnWhite(digit, 280, 280, 10, 15, 150));
        Prepared right = prepare(blackOnWhite(digit, 280, 280, 117.3, 101.6, 150));

        assertSameDigit(left, right);
    }

    @ParameterizedTest
    @EnumSource(Digit.class)
    void theSameDigitSmallInACornerOrLargeInTheMiddleGivesTheSameImage(Digit digit) {
        Prepared small = prepare(blackOnWhite(digit, 280, 280, 4, 6, 48));
        Prepared large = prepare(blackOnWhite(digit, 280, 280, 30, 25, 230));

        assertSameDigit(large, small);
    }

    @ParameterizedTest
    @EnumSource(Digit.class)
    void theSameDigitInvertedLightOnDarkGivesTheSameImage(Digit digit) {
        Prepared dark = prepare(blackOnWhite(digit, 280, 280, 40, 30, 200));
        Prepared light = prepare(DigitDrawings.inkOf(DigitDrawings.draw(digit, 280, 280, 40, 30, 200,
                new Color(240, 240, 200), new Color(20, 40, 60), BufferedImage.TYPE_INT_RGB)));

        assertSameDigit(dark, light);
    }

    @Test
    void aFortyPixelSquareBecomesTwentyPixelsAcrossWithItsInkScaledByTheAreaAndItsCentreOnTheCentre() {
        float[] ink = new float[100 * 100];
        for (int y = 30; y < 70; y++) {
            Arrays.fill(ink, y * 100 + 17, y * 100 + 57, 1f);
        }

        Prepared p = prepare(new InkImage(ink, 100, 100));

        assertEquals(new InkBox(17, 30, 40, 40), p.inkBox());
        assertEquals(40 * 40 * 0.25, DigitDrawings.sum(p.pixels()), 1e-3);
        // its centre on a pixel centre: 19 whole pixels and two halves on each axis
        assertEquals(1f, p.pixel(14, 14));
        assertEquals(0.5f, p.pixel(4, 14), 1e-6f);
        assertEquals(0.25f, p.pixel(24, 4), 1e-6f);
        assertEquals(0f, p.pixel(3, 14));
        assertEquals(CENTRE, CentreOfMass.of(p.image()).x(), 1e-6);
    }

    @Test
    void aWideShortDashKeepsItsAspectRatio() {
        float[] ink = new float[280 * 280];
        for (int y = 130; y < 150; y++) {
            Arrays.fill(ink, y * 280 + 40, y * 280 + 240, 1f);
        }

        InkBox box = outputBox(prepare(new InkImage(ink, 280, 280)));

        // 200×20 scaled by 20/200 is 20×2
        assertEquals(20, box.width(), 1);
        assertTrue(box.height() <= 3, box.toString());
    }

    @Test
    void aTinyDrawingIsEnlargedToTwentyPixels() {
        float[] ink = new float[28 * 28];
        for (int y = 3; y < 8; y++) {
            ink[y * 28 + 20] = 1f; // a stroke one pixel wide, five long
        }

        Prepared p = prepare(new InkImage(ink, 28, 28));

        // enlarged by 4: 4 px wide, 20 tall, all ink kept in proportion
        assertEquals(5 * 16, DigitDrawings.sum(p.pixels()), 1e-3);
        assertEquals(20, outputBox(p).height(), 1);
        assertEquals(4, outputBox(p).width(), 1);
    }

    @Test
    void aDigitWithItsMassFarToOneSideIsHeldWhollyInsideTheFrame() {
        // a long thin tail with a heavy head at its left end: centring the mass would push the tail out
        float[] ink = new float[200 * 50];
        for (int x = 10; x < 190; x++) {
            ink[25 * 200 + x] = 1f;
        }
        for (int y = 15; y < 35; y++) {
            Arrays.fill(ink, y * 200 + 10, y * 200 + 30, 1f);
        }

        Prepared p = prepare(new InkImage(ink, 200, 50));

        double scale = 20.0 / 180;
        assertEquals(DigitDrawings.sum(ink) * scale * scale, DigitDrawings.sum(p.pixels()), 1e-3);
        assertTrue(p.pixel(27, 14) > 0, "the tail reaches the frame's edge");
    }

    @Test
    void theFrameLimitMovesTheOffsetOnlyWhenTheBoxWouldLeaveTheFrame() {
        // a 20 px box whose centre is 5 px from its left edge would start at 14-5 = 9 and end at 29
        double held = MnistPreparation.offset(0, 20, 4.5, 1);
        assertEquals(27.5, 1 * (20 - 0.5) + held, 1e-9);
        double free = MnistPreparation.offset(0, 20, 9.5, 1);
        assertEquals(CENTRE, 9.5 + free, 1e-9);
    }

    @Test
    void allPreparedValuesLieBetweenPaperAndFullInkAndTheInputIsLeftAlone() {
        InkImage seven = blackOnWhite(Digit.SEVEN, 280, 280, 40, 30, 200);
        float[] before = seven.ink().clone();

        Prepared p = prepare(seven);

        for (float v : p.pixels()) {
            assertTrue(v >= 0 && v <= 1, "value " + v);
        }
        assertArrayEquals(before, seven.ink());
        assertEquals(InkBox.find(seven, INK_THRESHOLD).orElseThrow(), p.inkBox());
    }

    @Test
    void aFaintFringeOutsideTheInkBoxIsDroppedButTheBoxIsKeptWhole() {
        float[] ink = new float[50 * 50];
        for (int y = 10; y < 30; y++) {
            Arrays.fill(ink, y * 50 + 10, y * 50 + 20, 1f);
        }
        ink[45 * 50 + 45] = INK_THRESHOLD; // at the threshold: paper

        Prepared p = prepare(new InkImage(ink, 50, 50));

        assertEquals(new InkBox(10, 10, 10, 20), p.inkBox());
        assertEquals(200, DigitDrawings.sum(p.pixels()), 1e-3);
    }

    // ---------------------------------------------------------------- too little ink to be a digit

    /** The longer side of the ink box over the picture's shorter side, and the ink's mass over that side. */
    private static double[] extentAndInkPerExtent(InkImage image) {
        InkBox box = InkBox.find(image, INK_THRESHOLD).orElseThrow();
        double mass = CentreOfMass.of(image, box).mass();
        return new double[] {box.longerSide() / (double) Math.min(image.width(), image.height()), mass / box.longerSide()};
    }

    @Test
    void noMnistTestDigitCountsAsBlankAsItIsOrEnlargedToADrawingsSize() {
        digitlab.dataset.Dataset test = digitlab.testing.RealMnist.get().test();
        double smallestShare = Double.MAX_VALUE, leastInk = Double.MAX_VALUE, leastInkEnlarged = Double.MAX_VALUE;
        int blank = 0;
        for (int i = 0; i < test.count(); i++) {
            float[] ink = new float[28 * 28];
            for (int p = 0; p < ink.length; p++) {
                ink[p] = test.pixel(i, p) / 255f;
            }
            InkImage small = new InkImage(ink, 28, 28);
            InkImage enlarged = new InkImage(AreaAverage.resize(ink, 28, 28, 280, 280), 280, 280);
            blank += MnistPreparation.prepare(small).isEmpty() ? 1 : 0;
            blank += MnistPreparation.prepare(enlarged).isEmpty() ? 1 : 0;
            double[] measured = extentAndInkPerExtent(small);
            smallestShare = Math.min(smallestShare, measured[0]);
            leastInk = Math.min(leastInk, measured[1]);
            leastInkEnlarged = Math.min(leastInkEnlarged, extentAndInkPerExtent(enlarged)[1]);
        }

        String measured = String.format(java.util.Locale.ROOT, "smallest extent %.3f of the side, least ink per extent %.2f"
                + " at 28×28 and %.2f at 280×280", smallestShare, leastInk, leastInkEnlarged);
        assertEquals(0, blank, measured);
        // and with a wide margin, so that thresholds well below MNIST's digits are what is tested
        assertTrue(smallestShare > 10 * MnistPreparation.MIN_EXTENT_SHARE, measured);
        assertTrue(leastInk > 4 * MnistPreparation.MIN_INK_PER_EXTENT, measured);
    }

    private static InkImage speck(int side, int pictureSide) {
        float[] ink = new float[pictureSide * pictureSide];
        int at = pictureSide / 3;
        for (int y = at; y < at + side; y++) {
            Arrays.fill(ink, y * pictureSide + at, y * pictureSide + at + side, 1f);
        }
        return new InkImage(ink, pictureSide, pictureSide);
    }

    @ParameterizedTest(name = "a {0}×{0} speck in a {1}×{1} picture")
    @org.junit.jupiter.params.provider.CsvSource({"1, 280", "3, 280", "5, 280", "3, 28", "3, 100", "9, 1000"})
    void aSpeckOfInkIsBlankNotADigit(int side, int pictureSide) {
        assertTrue(MnistPreparation.prepare(speck(side, pictureSide)).isEmpty());
    }

    @Test
    void aFewStrayPixelsFarApartAreBlankNotADigit() {
        float[] ink = new float[280 * 280];
        Random random = new Random(7);
        for (int k = 0; k < 12; k++) {
            ink[random.nextInt(ink.length)] = 0.5f + random.nextFloat() / 2;
        }
        ink[0] = 1;
        ink[ink.length - 1] = 1;

        assertTrue(MnistPreparation.prepare(new InkImage(ink, 280, 280)).isEmpty());
    }

    @Test
    void aShortThinOneIsStillADigit() {
        // one pixel wide, five tall in a 28×28 picture: the least that still counts
        float[] ink = new float[28 * 28];
        for (int y = 10; y < 15; y++) {
            ink[y * 28 + 14] = 1;
        }
        // and a stroke 13 pixels tall (under 5 % of the side), 2 wide, in a 280×280 picture
        float[] drawn = new float[280 * 280];
        for (int y = 100; y < 113; y++) {
            drawn[y * 280 + 140] = 1;
            drawn[y * 280 + 141] = 1;
        }

        assertTrue(MnistPreparation.prepare(new InkImage(ink, 28, 28)).isPresent());
        assertTrue(MnistPreparation.prepare(new InkImage(drawn, 280, 280)).isPresent());
    }
}
