package digitlab.app.graph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import digitlab.app.graph.NodeInspector.Kind;
import digitlab.engine.Tensor;
import digitlab.nn.Architecture;
import digitlab.nn.Architecture.Conv;
import digitlab.nn.Architecture.Dense;
import digitlab.nn.Architecture.Layer;
import digitlab.nn.Architecture.Pool;
import digitlab.nn.Architecture.Shape;
import digitlab.nn.Network;

/**
 * What each row of a network graph's matrices is as a picture, taken from the network's {@link Architecture}
 * (never guessed from a column count): the input's rows are images, a convolution's or pooling's output rows are
 * feature maps (channel-major, as the engine lays them out), a kernel matrix's rows are filters of C × k × k, and
 * the first dense layer's weight rows are 28 × 28 tiles when it reads the image itself. No JavaFX.
 */
final class NodeShapes {
    /** The side of an MNIST image: a dense layer's weight rows over it are drawn as tiles. */
    private static final int SIDE = 28;

    /** A node with no picture: drawn as a matrix. */
    static final NodeShape MATRIX = new NodeShape(Kind.MATRIX, null);

    private NodeShapes() {
    }

    /**
     * How a node is drawn: {@code kind}, and the shape of one of its rows ({@code channels} × {@code height} ×
     * {@code width}; for KERNEL_TILES the input channels × k × k of one filter).
     */
    record NodeShape(Kind kind, Shape row) {
        /** The line a graph box adds under the matrix shape: "16 maps 28×28", "16 filters 1×5×5", "image 28×28". */
        String line(int rows) {
            return switch (kind) {
                case IMAGE -> (rows == 1 ? "image " : rows + " images ") + row.height() + "×" + row.width();
                case FEATURE_MAPS -> row.channels() + (row.channels() == 1 ? " map " : " maps ") + row.height() + "×"
                        + row.width() + (rows == 1 ? "" : " ×" + rows);
                case KERNEL_TILES -> rows + (rows == 1 ? " filter " : " filters ") + row.channels() + "×"
                        + row.height() + "×" + row.width();
                case WEIGHT_TILES -> rows + " tiles " + row.height() + "×" + row.width();
                case MATRIX -> "";
            };
        }
    }

    /**
     * The shapes of the nodes of {@code forward}, the graph {@link Network#forward} built for {@code architecture}:
     * its input, each convolution's output before and after its activation, each pooling's output, every kernel
     * leaf, and the weights of a dense layer reading the 28 × 28 input directly. Other nodes are left out (shown
     * as plain matrices).
     */
    static Map<Tensor, NodeShape> of(Architecture architecture, Network.Forward forward) {
        Map<Tensor, NodeShape> shapes = new HashMap<>();
        List<Shape> sizes = architecture.shapes();
        Shape input = sizes.get(0);
        if (input.size() == SIDE * SIDE) {
            // the seed's MLP reads a flat vector of 784: still a 28 × 28 image
            shapes.put(forward.input(), new NodeShape(Kind.IMAGE, new Shape(1, SIDE, SIDE)));
        } else if (!input.flat()) {
            shapes.put(forward.input(), new NodeShape(input.channels() == 1 ? Kind.IMAGE : Kind.FEATURE_MAPS, input));
        }
        List<Layer> layers = architecture.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            Shape in = sizes.get(i), out = sizes.get(i + 1);
            Tensor made = forward.layers().get(i);
            if (layer instanceof Conv c) {
                Tensor conv = convolution(made);
                shapes.put(made, new NodeShape(Kind.FEATURE_MAPS, out));
                shapes.put(conv, new NodeShape(Kind.FEATURE_MAPS, out));
                shapes.put(conv.inputs().get(1), new NodeShape(Kind.KERNEL_TILES, new Shape(in.channels(), c.kernel(), c.kernel())));
            } else if (layer instanceof Pool) {
                shapes.put(made, new NodeShape(Kind.FEATURE_MAPS, out));
            } else if (layer instanceof Dense && i == 0 && in.size() == SIDE * SIDE) {
                shapes.put(weights(made), new NodeShape(Kind.WEIGHT_TILES, new Shape(1, SIDE, SIDE)));
            }
        }
        return Map.copyOf(shapes);
    }

    /** The conv2d node under a layer's output (its activation's input, or the output itself without one). */
    private static Tensor convolution(Tensor made) {
        Tensor t = made;
        while (!t.op().equals("conv2d")) {
            t = t.inputs().get(0);
        }
        return t;
    }

    /** The weight leaf W of a dense layer's output: activation(x·Wᵀ + b). */
    private static Tensor weights(Tensor made) {
        Tensor t = made;
        while (!t.op().equals("matmul_t")) {
            t = t.inputs().get(0);
        }
        return t.inputs().get(1);
    }
}
