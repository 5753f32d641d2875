package digitlab.app.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.api.Test;

import digitlab.app.graph.NodeInspector.Kind;
import digitlab.app.graph.NodeShapes.NodeShape;
import digitlab.engine.Graph;
import digitlab.engine.Tensor;
import digitlab.nn.Architecture;
import digitlab.nn.Architecture.Shape;
import digitlab.nn.Network;
import digitlab.nn.Parameters;

/** What a network graph's nodes are as pictures comes from the architecture, not from their column counts. */
class NodeShapesTest {
    private static final Shape MNIST = new Shape(1, 28, 28);

    private static Network.Forward forward(String spec) {
        return new Network(Parameters.initial(Architecture.parse(spec, MNIST, 10), 1)).forward(1);
    }

    private static Tensor only(Network.Forward f, String op) {
        return Graph.of(f.scores()).nodes().stream().filter(t -> t.op().equals(op)).findFirst().orElseThrow();
    }

    private static Tensor leaf(Network.Forward f, String name) {
        return Graph.of(f.scores()).nodes().stream().filter(t -> name.equals(t.name())).findFirst().orElseThrow();
    }

    @Test
    void aSmallCnnsConvolutionReluAndPoolingAreFeatureMapsAndItsKernelsAreFilterTiles() {
        Network.Forward f = forward("conv3x4,pool2,dense10");
        Map<Tensor, NodeShape> shapes = NodeShapes.of(Architecture.parse("conv3x4,pool2,dense10", MNIST, 10), f);
        assertEquals(new NodeShape(Kind.IMAGE, MNIST), shapes.get(f.input()));
        assertEquals(new NodeShape(Kind.FEATURE_MAPS, new Shape(4, 28, 28)), shapes.get(only(f, "conv2d")));
        assertEquals(new NodeShape(Kind.FEATURE_MAPS, new Shape(4, 28, 28)), shapes.get(only(f, "relu")));
        assertEquals(new NodeShape(Kind.FEATURE_MAPS, new Shape(4, 14, 14)), shapes.get(only(f, "maxpool")));
        assertEquals(new NodeShape(Kind.KERNEL_TILES, new Shape(1, 3, 3)), shapes.get(leaf(f, "K1")));
        // 4 maps of 14×14 make 784 columns, but W2's rows are not 28×28 images
        assertEquals("10×784", leaf(f, "W2").shape());
        assertFalse(shapes.containsKey(leaf(f, "W2")));
        assertFalse(shapes.containsKey(leaf(f, "b1")));
    }

    @Test
    void theSecondConvolutionsKernelsReadEveryChannelOfTheFirstsPooledMaps() {
        Network.Forward f = forward("cnn");
        Map<Tensor, NodeShape> shapes = NodeShapes.of(Architecture.parse("cnn", MNIST, 10), f);
        assertEquals(new NodeShape(Kind.KERNEL_TILES, new Shape(1, 5, 5)), shapes.get(leaf(f, "K1")));
        assertEquals(new NodeShape(Kind.KERNEL_TILES, new Shape(16, 5, 5)), shapes.get(leaf(f, "K2")));
        assertEquals(new NodeShape(Kind.FEATURE_MAPS, new Shape(32, 7, 7)), shapes.get(f.layers().get(3)));
        assertEquals("32 filters 16×5×5", shapes.get(leaf(f, "K2")).line(32));
        assertEquals("16 maps 28×28", shapes.get(f.layers().get(0)).line(1));
        assertEquals("32 maps 7×7 ×64", shapes.get(f.layers().get(3)).line(64), "a batch says how many images");
    }

    @Test
    void aFlattenLayerLeavesThePooledMapsTheirShape() {
        Network.Forward f = forward("conv3x4,pool2,flatten,dense10");
        Map<Tensor, NodeShape> shapes = NodeShapes.of(Architecture.parse("conv3x4,pool2,flatten,dense10", MNIST, 10), f);
        assertEquals(new NodeShape(Kind.FEATURE_MAPS, new Shape(4, 14, 14)), shapes.get(f.layers().get(2)));
    }

    @Test
    void theMlpsInputIsAnImageAndItsFirstWeightsAreTilesButNotItsSecond() {
        Network.Forward f = forward("mlp");
        Map<Tensor, NodeShape> shapes = NodeShapes.of(Architecture.parse("mlp", MNIST, 10), f);
        assertEquals(new NodeShape(Kind.IMAGE, MNIST), shapes.get(f.input()));
        assertEquals(new NodeShape(Kind.WEIGHT_TILES, MNIST), shapes.get(leaf(f, "W1")));
        assertFalse(shapes.containsKey(leaf(f, "W2")));
        assertEquals("image 28×28", shapes.get(f.input()).line(1));
    }
}
