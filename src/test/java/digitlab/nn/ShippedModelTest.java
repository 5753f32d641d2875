package digitlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import digitlab.model.Model;
import digitlab.model.ModelFile;
import digitlab.testing.RealMnist;

/** The model that ships with DigitLab, measured on the real MNIST test set. */
@Tag("slow")
class ShippedModelTest {

    @Test
    void theShippedModelScoresAtLeast98Point5PercentOnTheTestSet() throws Exception {
        Model model = ModelFile.loadBundled();

        Evaluation e = new Classifier(model.parameters()).evaluate(RealMnist.get().test());

        assertEquals(10_000, e.n());
        assertTrue(e.accuracy() >= 0.985, "accuracy " + e.accuracy());
        assertEquals(model.provenance().testAccuracy(), e.accuracy(), 1e-9, "the file states what it scores");
        assertEquals(10_000 - e.correct(), e.misclassified().length);
    }

    @Test
    void theShippedModelHasTheDesignedShape() throws Exception {
        Parameters p = ModelFile.loadBundled().parameters();

        assertArrayEquals(new int[] {784, 128, 64, 10}, p.sizes());
        assertEquals(109_184 + 202, p.count());
    }
}
