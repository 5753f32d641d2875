package digitlab.app.draw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import digitlab.nn.Architecture;
import digitlab.nn.Classifier;
import digitlab.nn.Parameters;

class FeatureMapsTest {
    static final Architecture SMALL_CNN = Architecture.parse("conv3x4,pool2,conv3x8,pool2,dense10",
            new Architecture.Shape(1, 28, 28), 10);

    private static float[] image() {
        float[] pixels = new float[784];
        Random random = new Random(3);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        return pixels;
    }

    @Test
    void eachConvolutionLayersMapsAreCopiedWithItsShapeAndLargestValue() {
        Classifier classifier = new Classifier(Parameters.initial(SMALL_CNN, 1));
        classifier.probabilities(image());

        FeatureMaps maps = FeatureMaps.of(classifier);

        assertEquals(2, maps.layers().size());
        FeatureMaps.Layer conv1 = maps.layers().get(0), conv2 = maps.layers().get(1);
        assertEquals("conv 1: 4 filters 3×3, 28×28", conv1.title());
        assertEquals("conv 2: 8 filters 3×3, 14×14", conv2.title());
        assertEquals(0, conv1.layer());
        assertEquals(2, conv2.layer(), "after the pooling layer");
        assertArrayEquals(classifier.layerOutput(2, new float[8 * 14 * 14]), conv2.values());
        float largest = 0, map3 = Float.NEGATIVE_INFINITY, map3Abs = 0;
        for (int i = 0; i < conv2.values().length; i++) {
            largest = Math.max(largest, Math.abs(conv2.values()[i]));
            if (i / 196 == 3) {
                map3 = Math.max(map3, conv2.values()[i]);
                map3Abs = Math.max(map3Abs, Math.abs(conv2.values()[i]));
            }
        }
        assertTrue(largest > 0);
        assertEquals(largest, conv2.largest());
        assertEquals(map3, conv2.mapMax(3));
        assertEquals(map3Abs, conv2.mapLargest(3));
        assertEquals(196, conv2.map(3).length);
        assertEquals(conv2.values()[3 * 196 + 17], conv2.map(3)[17]);
    }

    @Test
    void theMapsAreACopyThatTheNextImageLeavesAlone() {
        Classifier classifier = new Classifier(Parameters.initial(SMALL_CNN, 1));
        classifier.probabilities(image());
        FeatureMaps first = FeatureMaps.of(classifier);
        float[] before = first.layers().get(0).values().clone();

        classifier.probabilities(new float[784]);

        assertArrayEquals(before, first.layers().get(0).values());
        assertFalse(Arrays.equals(before, FeatureMaps.of(classifier).layers().get(0).values()));
    }

    @Test
    void aNetworkWithoutConvolutionsHasNoMaps() {
        Classifier mlp = new Classifier(Parameters.initial(new int[] {784, 16, 10}, 1));
        mlp.probabilities(image());

        assertTrue(FeatureMaps.of(mlp).isEmpty());
        assertFalse(FeatureMaps.hasConvolutions(mlp.architecture()));
        assertTrue(FeatureMaps.hasConvolutions(SMALL_CNN));
    }
}
