package digitlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;

import digitlab.engine.Tensor;
import digitlab.nn.Architecture.Activation;
import digitlab.nn.Architecture.Conv;
import digitlab.nn.Architecture.Dense;
import digitlab.nn.Architecture.Flatten;
import digitlab.nn.Architecture.Layer;
import digitlab.nn.Architecture.Pool;
import digitlab.nn.Architecture.Shape;

/**
 * Any {@link Architecture} as engine graphs: parameter leaves (shared by every graph built here) and, per
 * batch size, the graph from a batch of images (one a row, channel-major) to the class scores and their
 * log-softmax. A convolution's leaves are its kernels K (one row per filter: F × C·k·k) and bias (1 × F);
 * a dense layer's are W (one row per unit) and b. They are numbered along the network: K1, b1, K2, b2,
 * W3, b3, …
 */
public final class Network {
    private final Architecture architecture;
    private final List<Tensor> parameters;

    /**
     * Fresh parameters: each weight drawn from N(0, 2/fan-in) (He initialisation, fan-in C·k·k for a
     * convolution), biases zero. The same seed gives the same numbers.
     */
    public Network(Architecture architecture, long seed) {
        this.architecture = architecture;
        Random random = new Random(seed);
        List<Tensor> parameters = new ArrayList<>();
        Shape shape = architecture.input();
        int number = 0;
        for (Layer layer : architecture.layers()) {
            if (layer instanceof Conv c) {
                number++;
                int fanIn = shape.channels() * c.kernel() * c.kernel();
                parameters.add(Tensor.parameter("K" + number, gaussian(c.filters(), fanIn, random)));
                parameters.add(Tensor.parameter("b" + number, new FMatrixRMaj(1, c.filters())));
            } else if (layer instanceof Dense d) {
                number++;
                parameters.add(Tensor.parameter("W" + number, gaussian(d.width(), shape.size(), random)));
                parameters.add(Tensor.parameter("b" + number, new FMatrixRMaj(1, d.width())));
            }
            shape = layer.output(shape);
        }
        this.parameters = List.copyOf(parameters);
    }

    private static FMatrixRMaj gaussian(int rows, int fanIn, Random random) {
        FMatrixRMaj m = new FMatrixRMaj(rows, fanIn);
        double scale = Math.sqrt(2.0 / fanIn);
        for (int k = 0; k < m.getNumElements(); k++) {
            m.data[k] = (float) (random.nextGaussian() * scale);
        }
        return m;
    }

    public Architecture architecture() {
        return architecture;
    }

    /** Each parametric layer's weights then bias, along the network (the same list each time). */
    public List<Tensor> parameters() {
        return parameters;
    }

    /** One graph of the network for a fixed number of images. */
    public record Forward(Tensor input, Tensor scores, Tensor logProbabilities) {
    }

    /** The forward graph for {@code batch} images at once (the input starts at zero). */
    public Forward forward(int batch) {
        Shape shape = architecture.input();
        Tensor x = Tensor.input("x", batch, shape.size());
        Tensor h = x;
        int p = 0;
        for (Layer layer : architecture.layers()) {
            if (layer instanceof Conv c) {
                h = activate(h.conv2d(parameters.get(p), parameters.get(p + 1), shape.channels(), shape.height(),
                        shape.width(), c.same()), c.activation());
                p += 2;
            } else if (layer instanceof Dense d) {
                h = activate(h.matmulTransposed(parameters.get(p)).addRowVector(parameters.get(p + 1)), d.activation());
                p += 2;
            } else if (layer instanceof Pool) {
                h = h.maxPool2(shape.channels(), shape.height(), shape.width());
            } else if (!(layer instanceof Flatten)) { // a row already holds an image's maps flat, channel-major
                throw new IllegalStateException("no graph for " + layer);
            }
            shape = layer.output(shape);
        }
        return new Forward(x, h, h.logSoftmax());
    }

    private static Tensor activate(Tensor h, Activation activation) {
        return switch (activation) {
            case RELU -> h.relu();
            case TANH -> h.tanh();
            case SIGMOID -> h.sigmoid();
            case NONE -> h;
        };
    }

    /** The forward graph plus labels and the mean cross-entropy loss, for training. */
    public record Loss(Forward forward, Tensor labels, Tensor loss) {
    }

    public Loss loss(int batch) {
        Forward f = forward(batch);
        Tensor labels = Tensor.input("labels", batch, 1);
        return new Loss(f, labels, f.logProbabilities().crossEntropy(labels));
    }
}
