package digitlab.app.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

import digitlab.model.ModelException;
import digitlab.model.ModelFile;
import digitlab.nn.Classifier;
import digitlab.nn.Parameters;

/** The hidden units the Draw view shows, against a forward pass and chain rule written out by hand. */
class HiddenUnitsTest {
    private static final Parameters MLP = shipped("mnist-mlp");

    static Parameters shipped(String name) {
        try {
            return ModelFile.loadBundled(name).parameters();
        } catch (ModelException e) {
            throw new IllegalStateException(e);
        }
    }

    /** out = relu(W·in + b), W (units × inputs) row-major; z gets the pre-activations. */
    private static double[] dense(FMatrixRMaj w, FMatrixRMaj b, double[] in, double[] z) {
        double[] out = new double[w.numRows];
        for (int j = 0; j < w.numRows; j++) {
            double s = b.data[j];
            for (int i = 0; i < w.numCols; i++) {
                s += w.data[j * w.numCols + i] * in[i];
            }
            z[j] = s;
            out[j] = Math.max(0, s);
        }
        return out;
    }

    private static HiddenUnits unitsOf(float[] pixels) {
        Classifier classifier = new Classifier(MLP);
        classifier.probabilities(pixels);
        return HiddenUnits.of(classifier, pixels, HiddenUnits.weights(MLP));
    }

    @Test
    void activationsAndPushPerDigitMatchAForwardPassAndTheChainRuleByHand() {
        for (DrawnDigits.Drawn drawn : DrawnDigits.make(1, 18).subList(0, 4)) {
            float[] pixels = drawn.pixels();
            double[] x = new double[784];
            for (int i = 0; i < 784; i++) {
                x[i] = pixels[i];
            }
            double[] z1 = new double[128], z2 = new double[64];
            double[] h1 = dense(MLP.weight(0), MLP.bias(0), x, z1);
            double[] h2 = dense(MLP.weight(1), MLP.bias(1), h1, z2);
            FMatrixRMaj w2 = MLP.weight(1), w3 = MLP.weight(2);
            HiddenUnits units = unitsOf(pixels);
            assertEquals(2, units.layers().size());
            HiddenUnits.Layer first = units.layers().get(0), second = units.layers().get(1);
            assertEquals(128, first.units());
            assertEquals(784, first.inputs());
            assertEquals(64, second.units());
            assertEquals(128, second.inputs());
            for (int c = 0; c < 10; c++) {
                for (int k = 0; k < 64; k++) {
                    assertEquals(h2[k], second.activations()[k], 1e-3);
                    // scores are linear in the last hidden layer: the push is h2_k · W3[c, k]
                    assertEquals(h2[k] * w3.get(c, k), second.push(k, c), 1e-3, "layer 2 unit " + k + " digit " + c);
                }
                for (int j = 0; j < 128; j++) {
                    assertEquals(h1[j], first.activations()[j], 1e-3);
                    double grad = 0; // ∂s_c/∂h1_j = Σ_k W3[c,k] · [z2_k > 0] · W2[k,j]
                    for (int k = 0; k < 64; k++) {
                        grad += z2[k] > 0 ? w3.get(c, k) * w2.get(k, j) : 0;
                    }
                    assertEquals(h1[j] * grad, first.push(j, c), 1e-3, "layer 1 unit " + j + " digit " + c);
                }
            }
        }
    }

    @Test
    void theUnitsDifferFromOneDigitToAnother() {
        List<DrawnDigits.Drawn> drawn = DrawnDigits.make(1, 7);
        float[] one = unitsOf(drawn.get(1).pixels()).layers().get(0).activations();
        float[] seven = unitsOf(drawn.get(7).pixels()).layers().get(0).activations();
        assertFalse(java.util.Arrays.equals(one, seven));
    }

    @Test
    void theIncomingWeightsAreEachUnitsRowOfItsWeightMatrix() {
        HiddenUnits.Layer first = unitsOf(DrawnDigits.make(1, 3).get(2).pixels()).layers().get(0);
        assertEquals(MLP.weight(0).get(37, 400), first.weights()[37 * 784 + 400]);
        double max = 0;
        for (int i = 0; i < 784; i++) {
            max = Math.max(max, Math.abs(MLP.weight(0).get(37, i)));
        }
        assertEquals(max, first.weightLargest(37), 1e-6);
    }

    @Test
    void aNetworkWithConvolutionsHasNoHiddenUnitsToShow() {
        Parameters cnn = shipped("mnist-cnn");
        assertFalse(HiddenUnits.shows(cnn.architecture()));
        assertTrue(HiddenUnits.shows(MLP.architecture()));
        Classifier classifier = new Classifier(cnn);
        float[] pixels = DrawnDigits.make(1, 3).get(4).pixels();
        classifier.probabilities(pixels);
        assertTrue(HiddenUnits.of(classifier, pixels, HiddenUnits.weights(cnn)).layers().isEmpty());
    }

    @Test
    void pushTextWritesEachDigitsPushWithItsSign() {
        float[] push = new float[10];
        for (int c = 0; c < 10; c++) {
            push[c] = c - 4.5f;
        }
        HiddenUnits.Layer layer = new HiddenUnits.Layer(1, 1, 1, new float[] {1}, 1, push, new float[] {1});
        assertEquals("0 −4.50   1 −3.50   2 −2.50   3 −1.50   4 −0.50\n5 +0.50   6 +1.50   7 +2.50   8 +3.50   9 +4.50",
                layer.pushText(0));
        assertEquals(9, layer.favourite(0));
    }
}
