package digitlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

import digitlab.model.ModelFile;

/** The "why" heatmap is the true gradient of a class score with respect to the pixels. */
class ClassifierSaliencyTest {

    /** A blurry ring of ink, like a drawn 0, with a little noise so no pixel sits on a ReLU kink by design. */
    private static float[] ring(long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[784];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double r = Math.hypot(x - 13.5, (y - 13.5) * 0.8);
                double ink = Math.exp(-Math.pow((r - 7) / 1.6, 2));
                pixels[y * 28 + x] = (float) Math.min(1, ink + 0.02 * random.nextDouble());
            }
        }
        return pixels;
    }

    @Test
    void saliencyOfTheShippedModelAgreesWithFiniteDifferencesOfTheScore() throws Exception {
        Classifier classifier = new Classifier(ModelFile.loadBundled().parameters());
        float[] pixels = ring(3);
        int[] probes = {14 * 28 + 6, 7 * 28 + 13, 20 * 28 + 14, 14 * 28 + 21, 3 * 28 + 3, 13 * 28 + 14};
        for (int c : new int[] {0, 4, 8}) {
            float[] saliency = classifier.saliency(pixels, c, new float[784]);
            double largest = 0;
            for (float s : saliency) {
                largest = Math.max(largest, Math.abs(s));
            }
            assertTrue(largest > 1e-3, "a gradient that is zero everywhere explains nothing");
            for (int p : probes) {
                float original = pixels[p];
                double h = 1e-2;
                pixels[p] = (float) (original + h);
                double plus = classifier.score(pixels, c);
                pixels[p] = (float) (original - h);
                double minus = classifier.score(pixels, c);
                pixels[p] = original;
                double numeric = (plus - minus) / (2 * h);
                assertEquals(numeric, saliency[p], 2e-3 + 0.02 * Math.abs(numeric),
                        "class " + c + ", pixel (" + p % 28 + ", " + p / 28 + ")");
            }
        }
    }

    @Test
    void saliencyDoesNotDisturbTheProbabilitiesOfTheSameImage() throws Exception {
        Classifier classifier = new Classifier(ModelFile.loadBundled().parameters());
        float[] pixels = ring(5);
        float[] before = classifier.probabilities(pixels).clone();
        classifier.saliency(pixels, 3, new float[784]);
        float[] after = classifier.probabilities(pixels);
        for (int j = 0; j < 10; j++) {
            assertEquals(before[j], after[j], 0f);
        }
    }

    @Test
    void aClassOutsideTheOutputsIsRefusedWithItsRange() throws Exception {
        Classifier classifier = new Classifier(ModelFile.loadBundled().parameters());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> classifier.saliency(new float[784], 10, new float[784]));
        assertEquals("class 10 is not one of 0..9", e.getMessage());
    }
}
