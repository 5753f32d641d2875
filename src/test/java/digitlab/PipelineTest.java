package digitlab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import digitlab.dataset.Dataset;
import digitlab.image.InkImage;
import digitlab.image.MnistPreparation;
import digitlab.image.Prepared;
import digitlab.model.ModelFile;
import digitlab.nn.Classifier;
import digitlab.testing.RealMnist;

/**
 * Real test digits drawn the way people draw them, large and off-centre on a big canvas, and read back
 * through the same preparation as {@code predict} and the Draw view.
 */
@Tag("slow")
class PipelineTest {

    @Test
    void realDigitsEnlargedAndMovedOnABigCanvasAreReadAsWellAsTheOriginals() throws Exception {
        Dataset test = RealMnist.get().test();
        Classifier classifier = new Classifier(ModelFile.loadBundled().parameters());
        int n = 500, original = 0, redrawn = 0;
        for (int i = 0; i < n; i++) {
            float[] pixels = new float[784];
            for (int p = 0; p < 784; p++) {
                pixels[p] = test.pixel(i, p) / 255f;
            }
            int truth = test.label(i);
            if (Classifier.best(classifier.probabilities(pixels)) == truth) {
                original++;
            }
            Optional<Prepared> prepared = MnistPreparation.prepare(enlarge(pixels, 9, 31 + i % 50, 17 + i % 70));
            assertTrue(prepared.isPresent());
            if (Classifier.best(classifier.probabilities(prepared.get().pixels())) == truth) {
                redrawn++;
            }
        }
        assertTrue(redrawn >= original - n / 50, "right: " + original + " of " + n + " as given, " + redrawn + " redrawn");
        assertTrue(redrawn > 0.95 * n, redrawn + " of " + n);
    }

    /** The 28×28 digit scaled up {@code factor} times, nearest pixel, at (x, y) on a 400×400 canvas. */
    private static InkImage enlarge(float[] digit, int factor, int x, int y) {
        int side = 400;
        float[] canvas = new float[side * side];
        for (int r = 0; r < 28 * factor; r++) {
            for (int c = 0; c < 28 * factor; c++) {
                canvas[(y + r) * side + x + c] = digit[(r / factor) * 28 + c / factor];
            }
        }
        return new InkImage(canvas, side, side);
    }
}
