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
