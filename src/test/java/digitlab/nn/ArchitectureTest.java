package digitlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import digitlab.nn.Architecture.Shape;

class ArchitectureTest {
    private static final Shape MNIST = new Shape(1, 28, 28);

    private static Architecture parse(String spec) {
        return Architecture.parse(spec, MNIST, 10);
    }

    private static String problem(String spec) {
        return assertThrows(IllegalArgumentException.class, () -> parse(spec)).getMessage();
    }

    @Test
    void theCnnPresetMakesFeatureMapsThatHalveAtEachPoolAndHolds215370Numbers() {
        Architecture cnn = parse("cnn");

        assertEquals("conv5x16,pool2,conv5x32,pool2,dense128,dense10", cnn.spec());
        assertEquals(List.of(new Shape(1, 28, 28), new Shape(16, 28, 28), new Shape(16, 14, 14), new Shape(32, 14, 14),
                new Shape(32, 7, 7), Shape.vector(128), Shape.vector(10)), cnn.shapes());
        // 16·25 + 16, 32·16·25 + 32, 1568·128 + 128, 128·10 + 10
        assertEquals(416 + 12_832 + 200_832 + 1_290, cnn.parameterCount());
        assertFalse(cnn.isReluMlp());
    }

    @Test
    void theMlpPresetIsTheSeedsNetwork() {
        Architecture mlp = parse("MLP");

        assertEquals("dense128,dense64,dense10", mlp.spec());
        assertEquals(109_386, mlp.parameterCount());
        assertTrue(mlp.isReluMlp());
        assertEquals(784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10, mlp.parameterCount(), "weights and biases, by hand");
    }

    @Test
    void optionsChangePaddingAndActivationAndTheSpecWritesThemBack() {
        Architecture a = parse(" conv3x8:valid:tanh , pool2, flatten, dense20:sigmoid, dense10 ");

        assertEquals("conv3x8:valid:tanh,pool2,flatten,dense20:sigmoid,dense10", a.spec());
        assertEquals(new Shape(8, 26, 26), a.shapes().get(1));
        assertEquals(new Shape(8, 13, 13), a.shapes().get(2));
        assertEquals(Shape.vector(8 * 13 * 13), a.shapes().get(3));
        assertEquals(a, parse(a.spec()));
        assertEquals(new Architecture.Conv(3, 8, false, Architecture.Activation.TANH), a.layers().get(0));
    }

    @Test
    void anOddImageLosesItsLastRowAndColumnToPooling() {
        Architecture a = Architecture.parse("conv3x4:valid,pool2,dense3", new Shape(2, 9, 8), 3);

        assertEquals(new Shape(4, 7, 6), a.shapes().get(1));
        assertEquals(new Shape(4, 3, 3), a.shapes().get(2));
        assertEquals(4 * 2 * 9 + 4 + 36 * 3 + 3, a.parameterCount());
    }

    @Test
    void shapesThatCannotWorkAreRefusedNamingTheLayerAndWhy() {
        assertEquals("layer 1 (conv4x16): a 'same' convolution needs an odd kernel size (3, 5, 7 …) to pad both sides"
                + " alike, not 4; or write :valid", problem("conv4x16,dense10"));
        assertEquals("layer 1 (conv29x8:valid): a 29×29 kernel does not fit in the 28×28 image it gets",
                problem("conv29x8:valid,dense10"));
        assertEquals("layer 2 (pool2): 2×2 pooling needs at least 2×2 pixels, but its input is a flat vector",
                problem("dense64,pool2,dense10"));
        assertEquals("layer 2 (conv3x4): a convolution needs an image, but its input is a flat vector of 64 numbers"
                + " (after a dense layer)", problem("dense64,conv3x4,dense10"));
        assertEquals("layer 6 (pool2): 2×2 pooling needs at least 2×2 pixels, but its input is 1×1",
                problem("conv5x8,pool2,pool2,pool2,pool2,pool2,dense10"));
        assertTrue(problem("dense4096,dense4096,dense4096,dense4096,dense10").contains("at most 50,000,000 fit"));
    }

    @Test
    void theLastLayerGivesOneScorePerClass() {
        assertEquals("the last layer (dense12) must have one unit per class: dense10", problem("dense128,dense12"));
        assertEquals("the last layer must be a dense layer without activation (its outputs are the scores of the"
                + " classes), not dense10", problem("dense64:none,dense10:relu"));
        assertEquals("the last layer must be a dense layer without activation (its outputs are the scores of the"
                + " classes), not pool2", problem("dense128,pool2"));
    }

    @Test
    void wordsThatAreNotLayersGetAMessageSayingWhatIs() {
        assertEquals("layer 2 ('dens64'): not a layer; the layers are denseN, convKxF, pool2 and flatten",
                problem("dense128,dens64,dense10"));
        assertEquals("layer 1 ('conv5'): conv needs a kernel size and a number of filters, as in conv5x16",
                problem("conv5,dense10"));
        assertEquals("layer 1 ('densex'): dense needs a number of units, as in dense128", problem("densex,dense10"));
        assertEquals("layer 1 ('pool3'): only 2×2 pooling is built in: pool2", problem("pool3,dense10"));
        assertEquals("layer 1 ('dense0'): sizes start at 1, not 0", problem("dense0,dense10"));
        assertEquals("layer 1 ('dense99999'): 99999 is more than the 4096 this tool allows", problem("dense99999,dense10"));
        assertEquals("layer 2 (''): empty; two commas in a row?", problem("dense64,,dense10"));
        assertEquals("layer 1 ('dense64:fast'): 'fast' is not an option of dense; write relu, tanh, sigmoid or none",
                problem("dense64:fast,dense10"));
        assertTrue(problem("  ").startsWith("the network is empty; write layers such as conv5x16"), problem(" "));
        assertEquals("no network is called 'resnet'; there are mlp, tiny, cnn",
                assertThrows(IllegalArgumentException.class, () -> Architecture.preset("resnet")).getMessage());
    }
}
