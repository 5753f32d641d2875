package digitlab.app.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

import digitlab.engine.Tensor;
import digitlab.expr.Expression;
import digitlab.nn.Architecture;
import digitlab.nn.Parameters;
import digitlab.nn.Trainer;
import digitlab.nn.TrainingConfig;

/** The graphs the view shows hold every node's true gradient, constants and the batch included. */
class ShownGraphTest {

    private static Tensor leaf(ShownGraph g, String name) {
        return g.nodes().stream().filter(t -> t.isLeaf() && name.equals(t.name())).findFirst().orElseThrow();
    }

    @Test
    void theConstantsOfTheClassicFormulaHoldTheirTrueGradientsNotZero() {
        Expression e = Expression.parse("3*x*x*x + 4*x + 1 + x*z");
        e.set("x", 2);
        e.set("z", 0.5f);
        ShownGraph g = ShownGraph.ofFormula(e);
        assertEquals(8f, leaf(g, "3").gradItem());
        assertEquals(2f, leaf(g, "4").gradItem());
        assertEquals(1f, leaf(g, "1").gradItem());
        assertEquals("∂ 8", GraphGeometry.lines(leaf(g, "3")).get(2));
    }

    @Test
    void onATrainingBatchTheInputImagesHaveAGradientAndTheModelIsNamedByItsLayers() {
        Random random = new Random(3);
        int images = 4;
        FMatrixRMaj input = new FMatrixRMaj(images, 784), labels = new FMatrixRMaj(images, 1);
        for (int i = 0; i < input.data.length; i++) {
            input.data[i] = random.nextFloat() < 0.2f ? random.nextFloat() : 0f;
        }
        for (int i = 0; i < images; i++) {
            labels.data[i] = i;
        }
        Parameters p = Parameters.initial(TrainingConfig.MNIST_LAYERS, 1);
        ShownGraph g = ShownGraph.ofBatch(new Trainer.BatchCopy(2, 17, p, input, labels));
        FMatrixRMaj x = leaf(g, "x").grad();
        assertTrue(MatrixStats.of(x).norm() > 0, "d(loss)/d(pixels) is not all zero");
        int nonZero = 0;
        for (float v : x.data) {
            nonZero += v != 0 ? 1 : 0;
        }
        assertTrue(nonZero > x.data.length / 2, "most pixels move the loss: " + nonZero);
        Tensor labelLeaf = leaf(g, "labels");
        assertTrue(labelLeaf.isDiscrete(), "class indices");
        assertEquals(0, MatrixStats.of(labelLeaf.grad()).norm(), "no gradient computed for them");
        assertEquals("the model being trained in the Train view (784→128→64→10) on training batch 17 of epoch 2 (4 images)",
                g.description());
    }

    @Test
    void aCnnsTrainingBatchKnowsItsFeatureMapsAndIsNamedByItsSpec() {
        Architecture cnn = Architecture.parse("conv3x4,pool2,dense10", new Architecture.Shape(1, 28, 28), 10);
        FMatrixRMaj input = new FMatrixRMaj(3, 784), labels = new FMatrixRMaj(3, 1);
        Random random = new Random(5);
        for (int i = 0; i < input.data.length; i++) {
            input.data[i] = random.nextFloat();
        }
        ShownGraph g = ShownGraph.ofBatch(new Trainer.BatchCopy(1, 2, Parameters.initial(cnn, 1), input, labels));
        Tensor pool = g.nodes().stream().filter(t -> t.op().equals("maxpool")).findFirst().orElseThrow();
        assertEquals(new NodeShapes.NodeShape(NodeInspector.Kind.FEATURE_MAPS, new Architecture.Shape(4, 14, 14)), g.shapeOf(pool));
        assertEquals(List.of("maxpool 2×2", "#" + pool.id(), "3×784", "4 maps 14×14 ×3"), GraphGeometry.lines(pool, g.shapeOf(pool)));
        assertEquals(NodeShapes.MATRIX, g.shapeOf(leaf(g, "W2")), "784 columns, but not of a 28×28 image");
        assertTrue(MatrixStats.of(leaf(g, "K1").grad()).norm() > 0, "the loss reaches the first kernels");
        assertTrue(g.description().contains("(conv3x4,pool2,dense10)"), g.description());
    }
}
