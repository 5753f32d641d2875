package digitlab.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.image.DigitDrawings.Digit;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GreyToInkTest {

    /** A picture of {@code paper} with a square of {@code ink} inside. */
    private static float[] square(int side, float paper, float ink, int from, int to) {
        float[] grey = new float[side * side];
        Arrays.fill(grey, paper);
        for (int y = from; y < to; y++) {
            Arrays.fill(grey, y * side + from, y * side + to, ink);
        }
        return grey;
    }

    private static float[] inverted(float[] grey) {
        float[] out = new float[grey.length];
        for (int i = 0; i < grey.length; i++) {
            out[i] = 1 - grey[i];
        }
        return out;
    }

    @Test
    void blackInkOnWhitePaperIsFullInkOnPaperZero() {
        float[] grey = square(20, 1f, 0f, 5, 15);

        GreyToInk.Levels levels = GreyToInk.levels(grey, 20, 20);
        InkImage ink = GreyToInk.toInk(grey, 20, 20);

        assertTrue(levels.darkInk());
        assertEquals(1f, ink.at(10, 10));
        assertEquals(0f, ink.at(0, 0));
        assertEquals(100, DigitDrawings.sum(ink.ink()), 1e-6);
    }

    @Test
    void aLightDigitOnDarkPaperGivesTheSameInkAsItsDarkOnLightOriginal() {
        BufferedImage original = DigitDrawings.draw(Digit.ZERO, 120, 90, 20, 5, 80,
                Color.BLACK, Color.WHITE, BufferedImage.TYPE_BYTE_GRAY);
        float[] grey = ImageFiles.greyLevels(original);

        InkImage dark = GreyToInk.toInk(grey, 120, 90);
        InkImage light = GreyToInk.toInk(inverted(grey), 120, 90);

        assertFalse(GreyToInk.levels(inverted(grey), 120, 90).darkInk());
        assertArrayEquals(dark.ink(), light.ink(), 1e-6f);
        assertTrue(DigitDrawings.sum(dark.ink()) > 500);
    }

    @Test
    void aWhiteDigitOnMidGreyPaperIsLightInk() {
        float[] grey = square(30, 0.5f, 1f, 10, 20);

        GreyToInk.Levels levels = GreyToInk.levels(grey, 30, 30);

        assertFalse(levels.darkInk());
        assertEquals(0.5f, levels.paper());
        assertEquals(1f, GreyToInk.toInk(grey, 30, 30).at(15, 15));
    }

    @Test
    void aDigitRunningIntoTheBorderDoesNotChangeThePaperLevel() {
        // a black stroke from the top row to the bottom row: it covers 4 of the frame's 116 pixels
        float[] grey = new float[30 * 30];
        Arrays.fill(grey, 0.9f);
        for (int y = 0; y < 30; y++) {
            grey[y * 30 + 14] = 0.1f;
            grey[y * 30 + 15] = 0.1f;
        }

        GreyToInk.Levels levels = GreyToInk.levels(grey, 30, 30);
        InkImage ink = GreyToInk.toInk(grey, 30, 30);

        assertEquals(0.9f, levels.paper());
        assertTrue(levels.darkInk());
        assertEquals(1f, ink.at(14, 0), 1e-6f);
        assertEquals(0f, ink.at(0, 0));
    }

    @Test
    void aPaperWithFaintNoiseAndNoDigitHasNoInk() {
        Random random = new Random(3);
        float[] grey = new float[100 * 100];
        for (int i = 0; i < grey.length; i++) {
            grey[i] = 0.85f + (random.nextFloat() - 0.5f) * 0.15f; // ±0.075 around the paper
        }

        InkImage ink = GreyToInk.toInk(grey, 100, 100);

        assertEquals(0, DigitDrawings.sum(ink.ink()));
        assertTrue(MnistPreparation.prepare(ink).isEmpty());
    }

    @Test
    void oneDarkSpeckDoesNotSetTheFullInkLevelOfAGreyPencilDigit() {
        float[] grey = square(40, 1f, 0.4f, 10, 30);
        grey[2 * 40 + 2] = 0f;

        InkImage ink = GreyToInk.toInk(grey, 40, 40);

        assertEquals(1f, ink.at(20, 20), 1e-6f);
        assertEquals(1f, ink.at(2, 2), "the speck is clamped to full ink");
    }

    @Test
    void pixelsOnTheOtherSideOfThePaperLevelAreNotInk() {
        float[] grey = square(40, 0.8f, 0.1f, 10, 30);
        grey[3 * 40 + 3] = 1f; // a glare spot, lighter than the paper

        InkImage ink = GreyToInk.toInk(grey, 40, 40);

        assertEquals(0f, ink.at(3, 3));
        assertEquals(1f, ink.at(15, 15), 1e-6f);
    }

    @Test
    void departuresBelowTheMinimumContrastArePaperAndTheRestScaleLinearly() {
        float[] grey = square(40, 1f, 0f, 10, 30);
        grey[0] = 1f - 0.05f;
        grey[41] = 0.5f;

        InkImage ink = GreyToInk.toInk(grey, 40, 40);

        assertEquals(0f, ink.ink()[0]);
        assertEquals(0.5f, ink.ink()[41], 1e-6f);
    }
}
