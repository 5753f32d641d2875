package digitlab.app.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import digitlab.image.Prepared;

/** What the Draw view's answer column says, without a display. */
class AnswerTextTest {
    private static Reading reading(long version, int best, int why) {
        float[] p = new float[10];
        p[best] = 0.875f;
        return new Reading(version, null, new Prepared(new float[784], null), p, best, why, new float[784], 1234.5,
                FeatureMaps.NONE, HiddenUnits.NONE, null);
    }

    private static Reading blank(long version) {
        return Reading.blank(version, null);
    }

    @Test
    void noAnswerYetPromptsToDrawOnceAModelReads() {
        AnswerText t = AnswerText.of(null, true);
        assertEquals("Draw a digit", t.prediction());
        assertEquals("The network's answer appears as you draw.", t.confidence());
        assertEquals("Why: draw something first", t.whyTitle());
        assertEquals("", t.timing());
        assertEquals(AnswerText.PROMPT_STYLE, t.predictionStyle());
    }

    @Test
    void whileTheModelLoadsThePromptIsAnEllipsis() {
        AnswerText t = AnswerText.of(blank(3), false);
        assertEquals("…", t.prediction());
        assertEquals("", t.confidence());
    }

    @Test
    void anAnswerGivesTheDigitHowSureAndWhatTheHeatmapExplains() {
        AnswerText t = AnswerText.of(reading(1, 7, 7), true);
        assertEquals("7", t.prediction());
        assertEquals("87.5% sure it is a 7", t.confidence());
        assertEquals("Why 7: ∂score(7)/∂pixel", t.whyTitle());
        assertEquals("ink → answer + gradient in 1.23 ms", t.timing());
        assertEquals(AnswerText.DIGIT_STYLE, t.predictionStyle());
    }

    @Test
    void explainingAnotherDigitAsksWhyNot() {
        assertEquals("Why not 4: ∂score(4)/∂pixel", AnswerText.of(reading(1, 7, 4), true).whyTitle());
    }

    @Test
    void aBlankAnswerForAnOlderDrawingThatHasInkSinceIsNotShown() {
        Drawing drawing = new Drawing();
        long empty = drawing.version();
        drawing.begin(0.2, 0.2, 0.1, false);
        drawing.extend(0.2, 0.8);
        drawing.end();

        assertFalse(AnswerText.worthShowing(blank(empty), drawing), "it would flash the prompt");
        assertTrue(AnswerText.worthShowing(reading(empty, 1, 1), drawing), "an older answer shows while the newest is read");
        assertTrue(AnswerText.worthShowing(blank(drawing.version()), drawing));
        assertTrue(AnswerText.worthShowing(null, drawing));
    }
}
