package digitlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

class ClassifierTest {

    /** Two inputs, three classes; class j's score is w[j]·x. */
    private static Classifier linear(float[][] w) {
        FMatrixRMaj weights = new FMatrixRMaj(w);
        return new Classifier(new Parameters(new int[] {2, 3}, List.of(weights), List.of(new FMatrixRMaj(1, 3))));
    }

    @Test
    void aConvolutionalClassifierShowsEachLayersOutputForTheLastImage() {
        Architecture cnn = Architecture.parse("conv3x2,pool2,dense3", new Architecture.Shape(1, 6, 6), 3);
        Classifier c = new Classifier(Parameters.initial(cnn, 5));
        float[] image = new float[36];
        for (int i = 0; i < image.length; i++) {
            image[i] = (i * 7 % 11) / 10f;
        }
        float[] p = c.probabilities(image);

        float[] maps = c.layerOutput(0, new float[2 * 6 * 6]);
        float[] pooled = c.layerOutput(1, new float[2 * 3 * 3]);
        float[] scores = c.layerOutput(2, new float[3]);

        assertTrue(maxOf(maps) > 0, "some filter answers");
        for (float v : maps) {
            assertTrue(v >= 0, "after ReLU: " + v);
        }
        for (int ch = 0; ch < 2; ch++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) {
                    int at = ch * 36 + 2 * y * 6 + 2 * x;
                    float max = Math.max(Math.max(maps[at], maps[at + 1]), Math.max(maps[at + 6], maps[at + 7]));
                    assertEquals(max, pooled[ch * 9 + y * 3 + x], "channel " + ch + " at " + x + "," + y);
                }
            }
        }
        assertArrayEquals(p, Classifier.softmax(scores, new float[3]), 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> c.layerOutput(0, new float[5]));
    }

    private static float maxOf(float[] v) {
        float m = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    @Test
    void scoresThatOverflowGiveAnExceptionNotNaN() {
        Classifier c = linear(new float[][] {{3e38f, 3e38f}, {0, 0}, {-3e38f, -3e38f}});

        Classifier.NonFiniteScoresException e = assertThrows(Classifier.NonFiniteScoresException.class,
                () -> c.probabilities(new float[] {1, 1}));

        assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
    }

    @Test
    void hugeButFiniteScoresGiveProbabilitiesThatAreNumbersAndSumToOne() {
        Classifier c = linear(new float[][] {{3e38f, 0}, {0, 0}, {-3e38f, 0}});

        float[] p = c.probabilities(new float[] {1, 0});

        assertArrayEquals(new float[] {1, 0, 0}, p);
    }

    @Test
    void softmaxSubtractsTheLargestScoreSoNothingOverflows() {
        float[] p = Classifier.softmax(new float[] {1000f, 1000f, -1000f}, new float[3]);

        assertArrayEquals(new float[] {0.5f, 0.5f, 0f}, p);
    }

    @Test
    void softmaxGivesInfiniteScoresTheWholeProbability() {
        float[] p = Classifier.softmax(new float[] {Float.POSITIVE_INFINITY, 5f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY},
                new float[4]);

        assertArrayEquals(new float[] {0.5f, 0f, 0f, 0.5f}, p);
    }

    @Test
    void softmaxRefusesNaNScores() {
        assertThrows(IllegalArgumentException.class, () -> Classifier.softmax(new float[] {1f, Float.NaN}, new float[2]));
    }

    @Test
    void probabilitiesAreTheSoftmaxOfTheScores() {
        Classifier c = linear(new float[][] {{1, 0}, {0, 1}, {1, 1}});

        float[] p = c.probabilities(new float[] {0.5f, 0.25f});

        double a = Math.exp(0.5), b = Math.exp(0.25), d = Math.exp(0.75), sum = a + b + d;
        assertEquals(a / sum, p[0], 1e-6);
        assertEquals(b / sum, p[1], 1e-6);
        assertEquals(d / sum, p[2], 1e-6);
    }
}
