package digitlab.app.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import digitlab.image.InkImage;
import digitlab.image.MnistPreparation;
import digitlab.model.ModelFile;
import digitlab.nn.Classifier;

/** Strokes become ink the way a pen would leave it, and drawn digits are read like MNIST's. */
class DrawingTest {
    private static Classifier classifier;

    @BeforeAll
    static void loadTheShippedModel() throws Exception {
        classifier = new Classifier(ModelFile.loadBundled().parameters());
    }

    /** Draws {@code shape} (points in 0..1) scaled by {@code size} around (cx, cy), one stroke per array. */
    static Drawing draw(double cx, double cy, double size, double width, double[][]... strokes) {
        Drawing d = new Drawing();
        for (double[][] stroke : strokes) {
            d.begin(cx + (stroke[0][0] - 0.5) * size, cy + (stroke[0][1] - 0.5) * size, width, false);
            for (int i = 1; i < stroke.length; i++) {
                d.extend(cx + (stroke[i][0] - 0.5) * size, cy + (stroke[i][1] - 0.5) * size);
            }
            d.end();
        }
        return d;
    }

    static double[][] line(double x0, double y0, double x1, double y1) {
        double[][] p = new double[20][];
        for (int i = 0; i < 20; i++) {
            double t = i / 19.0;
            p[i] = new double[] {x0 + t * (x1 - x0), y0 + t * (y1 - y0)};
        }
        return p;
    }

    static double[][] loop() {
        double[][] p = new double[41][];
        for (int i = 0; i <= 40; i++) {
            double a = 2 * Math.PI * i / 40;
            p[i] = new double[] {0.5 + 0.32 * Math.sin(a), 0.5 - 0.48 * Math.cos(a)};
        }
        return p;
    }

    static double[][] seven() {
        return new double[][] {{0.15, 0.05}, {0.5, 0.05}, {0.85, 0.05}, {0.7, 0.35}, {0.55, 0.65}, {0.45, 0.95}};
    }

    static int read(Drawing d) {
        InkImage ink = Drawing.rasterizeForNetwork(d.snapshot(), 280);
        float[] pixels = MnistPreparation.prepare(ink).orElseThrow().pixels();
        return Classifier.best(classifier.probabilities(pixels));
    }

    @Test
    void aVerticalStrokeIsReadAsOneAtAnySizeAndPlace() {
        double[][] stroke = line(0.5, 0, 0.5, 1);
        assertEquals(1, read(draw(0.5, 0.5, 0.8, 0.07, stroke)));
        assertEquals(1, read(draw(0.15, 0.15, 0.2, 0.07, stroke)));
        assertEquals(1, read(draw(0.8, 0.7, 0.35, 0.02, stroke)));
    }

    @Test
    void aClosedLoopIsReadAsZeroWhetherSmallInACornerOrLargeInTheMiddle() {
        assertEquals(0, read(draw(0.5, 0.5, 0.85, 0.07, loop())));
        assertEquals(0, read(draw(0.14, 0.16, 0.22, 0.07, loop())));
        assertEquals(0, read(draw(0.8, 0.2, 0.3, 0.12, loop())));
    }

    @Test
    void aSevenIsReadAsSevenSmallThickOrLargeThin() {
        assertEquals(7, read(draw(0.5, 0.5, 0.8, 0.04, seven())));
        assertEquals(7, read(draw(0.2, 0.8, 0.25, 0.08, seven())));
    }

    @Test
    void aFourOfTwoStrokesIsReadAsFour() {
        double[][] left = {{0.55, 0.0}, {0.35, 0.35}, {0.15, 0.62}, {0.5, 0.62}, {0.9, 0.62}};
        double[][] down = line(0.7, 0.25, 0.7, 1.0);
        assertEquals(4, read(draw(0.5, 0.5, 0.8, 0.06, left, down)));
        assertEquals(4, read(draw(0.8, 0.2, 0.25, 0.06, left, down)));
    }

    @Test
    void aStrokeLeavesFullInkOnItsLineAndNoneFarAway() {
        Drawing d = draw(0.5, 0.5, 1, 0.1, line(0.503, 0.1, 0.503, 0.9));
        InkImage ink = Drawing.rasterize(d.snapshot(), 100, 1);
        assertEquals(1f, ink.at(50, 50), 1e-6f);
        assertEquals(1f, ink.at(53, 50), 1e-6f);
        assertEquals(0f, ink.at(60, 50), 1e-6f);
        assertEquals(0f, ink.at(50, 2), 1e-6f);
        // round cap: half a width beyond the end, straight on
        assertTrue(ink.at(50, 93) > 0.5f);
        assertEquals(0.3f, ink.at(55, 50), 1e-4f, "the edge is anti-aliased by the pixel's coverage");
    }

    @Test
    void anEraserStrokeTakesInkAway() {
        Drawing d = draw(0.5, 0.5, 1, 0.1, line(0.5, 0.1, 0.5, 0.9));
        d.begin(0.2, 0.5, 0.2, true);
        d.extend(0.8, 0.5);
        d.end();
        InkImage ink = Drawing.rasterize(d.snapshot(), 100, 1);
        assertEquals(0f, ink.at(50, 50), 1e-6f);
        assertEquals(1f, ink.at(50, 20), 1e-6f);
    }

    @Test
    void undoRemovesTheLastStrokeOnlyAndClearRemovesAll() {
        Drawing d = draw(0.5, 0.5, 1, 0.05, line(0.2, 0.2, 0.2, 0.8), line(0.8, 0.2, 0.8, 0.8));
        long before = d.version();
        assertTrue(d.undo());
        assertTrue(d.version() > before);
        assertEquals(1, d.strokes().size());
        InkImage ink = Drawing.rasterize(d.snapshot(), 100, 1);
        assertEquals(1f, ink.at(20, 50), 1e-6f);
        assertEquals(0f, ink.at(80, 50), 1e-6f);
        d.clear();
        assertTrue(d.snapshot().isBlank());
        assertTrue(d.undo(), "the clear is taken back");
        assertTrue(d.undo(), "then the stroke left");
        assertFalse(d.undo(), "nothing more");
        assertTrue(d.snapshot().isBlank());
    }

    @Test
    void undoAfterClearBringsBackEveryStrokeAndThePictureAsTheyWere() {
        Drawing d = new Drawing();
        d.setPicture(new InkImage(new float[] {1, 0, 0, 1}, 2, 2));
        Drawing strokes = draw(0.5, 0.5, 1, 0.05, line(0.2, 0.2, 0.2, 0.8), line(0.8, 0.2, 0.8, 0.8));
        for (Drawing.Stroke s : strokes.strokes()) {
            d.begin(s.points().get(0).x(), s.points().get(0).y(), s.width(), s.erase());
            s.points().forEach(p -> d.extend(p.x(), p.y()));
            d.end();
        }
        Drawing.Snapshot before = d.snapshot();

        d.clear();
        long cleared = d.version();
        assertTrue(d.snapshot().isBlank());
        assertTrue(d.undo());

        assertTrue(d.version() > cleared, "the view sees a change");
        assertEquals(before.strokes(), d.strokes());
        assertEquals(before.picture(), d.picture());
        assertEquals(2, d.strokes().size());
    }

    @Test
    void clearingABlankDrawingIsNoStepToUndo() {
        Drawing d = new Drawing();
        d.clear();
        d.clear();
        assertFalse(d.undo());
    }

    @Test
    void onlyEraserStrokesCountAsBlank() {
        Drawing d = new Drawing();
        d.begin(0.5, 0.5, 0.1, true);
        d.end();
        assertTrue(d.snapshot().isBlank());
        d.begin(0.5, 0.5, 0.1, false);
        assertFalse(d.snapshot().isBlank(), "a stroke being drawn counts");
    }

    @Test
    void aPictureFillsTheCanvasCentredAndUndoRemovesIt() {
        float[] ink = new float[20 * 10];
        for (int i = 0; i < 10; i++) {
            ink[i] = 1; // top row of a 10 wide × 20 tall picture
        }
        Drawing d = new Drawing();
        d.setPicture(new InkImage(ink, 10, 20));
        InkImage canvas = Drawing.rasterize(d.snapshot(), 40, 1);
        assertEquals(1f, canvas.at(20, 0), 0f);
        assertEquals(0f, canvas.at(5, 0), 0f, "left of the centred picture is paper");
        assertEquals(0f, canvas.at(20, 10), 0f);
        assertTrue(d.undo());
        assertTrue(d.snapshot().isBlank());
    }

    @Test
    void networkWidthFollowsTheDigitsSizeNotThePen() {
        List<Drawing> drawings = new ArrayList<>();
        drawings.add(draw(0.5, 0.5, 0.8, 0.04, line(0.5, 0, 0.5, 1)));
        drawings.add(draw(0.2, 0.2, 0.2, 0.08, line(0.5, 0, 0.5, 1)));
        for (Drawing d : drawings) {
            double size = 0;
            for (Drawing.Stroke s : d.strokes()) {
                size = Math.abs(s.points().get(s.points().size() - 1).y() - s.points().get(0).y()) + s.width();
                double lineWidth = s.width() * Drawing.networkWidthScale(d.snapshot());
                assertEquals(Drawing.INK_TO_SIZE, lineWidth / size, 1e-9);
            }
        }
    }
}
