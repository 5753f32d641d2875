package digitlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

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
    void theShippedCnnScoresAtLeast99Point2PercentOnTheTestSetAndSaysSo() throws Exception {
        Model model = ModelFile.loadBundled("mnist-cnn");

        Evaluation e = new Classifier(model.parameters()).evaluate(RealMnist.get().test());

        assertTrue(e.accuracy() >= 0.992, "accuracy " + e.accuracy());
        assertEquals(model.provenance().testAccuracy(), e.accuracy(), 1e-9, "the file states what it scores");
        assertEquals(Architecture.parse(Architecture.CNN_NAME, new Architecture.Shape(1, 28, 28), 10),
                model.parameters().architecture());
        assertEquals(215_370, model.parameters().count());
        assertEquals(List.of("mnist-mlp", "mnist-cnn"), ModelFile.bundledNames());
    }

    @Test
    void theShippedModelHasTheDesignedShape() throws Exception {
        Parameters p = ModelFile.loadBundled().parameters();

        assertArrayEquals(new int[] {784, 128, 64, 10}, p.sizes());
        assertEquals(109_184 + 202, p.count());
    }
}
