package digitlab.app.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import digitlab.model.Model;
import digitlab.model.ModelFile;

class ReaderTest {
    private static final double THINNEST_PEN = 0.03, THICKEST_PEN = 0.15;

    private static Reading read(double pen, double length) throws Exception {
        Model model = ModelFile.loadBundled();
        Drawing drawing = new Drawing();
        drawing.begin(0.5, 0.4, pen, false);
        drawing.extend(0.5, 0.4 + length);
        drawing.end();
        try (Reader reader = new Reader(Runnable::run, r -> { })) {
            return reader.read(new Reader.Request(drawing.snapshot(), model, -1));
        }
    }

    @Test
    void aTapOfThePenIsBlankLikeAnEmptyCanvas() throws Exception {
        for (double pen : new double[] {THINNEST_PEN, THICKEST_PEN}) {
            Reading tap = read(pen, 0);

            assertTrue(tap.isBlank(), "pen " + pen);
            assertEquals(-1, tap.best());
        }
    }

    @Test
    void aShortOneOfTheThinnestPenIsReadAsADigit() throws Exception {
        Reading one = read(THINNEST_PEN, 0.05); // 5 % of the canvas tall

        assertFalse(one.isBlank());
        assertEquals(10, one.probabilities().length);
    }
}
