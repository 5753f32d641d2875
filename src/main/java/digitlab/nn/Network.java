package digitlab.nn;

import java.util.ArrayList;
import java.util.List;

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
 * W3, b3, … For the seed's MLP the graph is x → (x·W₁ᵀ + b₁) → ReLU → … → x·W_Lᵀ + b_L = scores →
 * log-softmax. Graphs are built once and then reused: fill the input, read the output.
 */
public final class Network {
    private final Architecture architecture;
    private final List<Tensor> parameters;

    /** Parameter leaves holding copies of {@code p}. */
    public Network(Parameters p) {
        this.architecture = p.architecture();
        List<Tensor> leaves = new ArrayList<>();
        List<FMatrixRMaj> values = p.matrices();
        List<String> names = p.names();
        for (int k = 0; k < values.size(); k++) {
            leaves.add(Tensor.parameter(names.get(k), values.get(k)));
        }
        this.parameters = List.copyOf(leaves);
    }

    /** Fresh parameters ({@link Parameters#initial(Architecture, long)}). */
    public Network(Architecture architecture, long seed) {
        this(Parameters.initial(architecture, seed));
    }

    private Network(Network other) {
        this.architecture = other.architecture;
        List<Tensor> leaves = new ArrayList<>();
        for (Tensor t : other.parameters) {
            leaves.add(Tensor.parameterOver(t.name(), t.value()));
        }
        this.parameters = List.copyOf(leaves);
    }

    /**
     * Another set of parameter leaves over the same numbers (not copies), with gradients of their own:
     * for a graph on another thread. Whoever changes the numbers marks the leaves of both changed.
     */
    public Network sharingParameters() {
        return new Network(this);
    }

    public Architecture architecture() {
        return architecture;
    }

    /** Each parametric layer's weights then bias, along the network (the same list each time). */
    public List<Tensor> parameters() {
        return parameters;
    }

    /**
     * One graph of the network for a fixed number of images.
     *
     * @param layers each layer's output (after its activation), in the order of the architecture's layers
     */
    public record Forward(Tensor input, List<Tensor> layers, Tensor scores, Tensor logProbabilities) {
        public int batch() {
            return input.rows();
        }
    }

    /** The forward graph for {@code batch} images at once (the input starts at zero). */
    public Forward forward(int batch) {
        Shape shape = architecture.input();
        Tensor x = Tensor.input("x", batch, shape.size());
        Tensor h = x;
        List<Tensor> outputs = new ArrayList<>();
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
            outputs.add(h);
            shape = layer.output(shape);
        }
        return new Forward(x, List.copyOf(outputs), h, h.logSoftmax());
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

    /** A copy of the current numbers. Call from the thread that owns this network. */
    public Parameters copyParameters() {
        List<FMatrixRMaj> w = new ArrayList<>(), b = new ArrayList<>();
        for (int k = 0; k < parameters.size(); k += 2) {
            w.add(parameters.get(k).value().copy());
            b.add(parameters.get(k + 1).value().copy());
        }
        return new Parameters(architecture, w, b);
    }

    /** Copies {@code p}'s numbers into the parameter leaves (the same architecture required). */
    public void load(Parameters p) {
        if (!p.architecture().equals(architecture)) {
            throw new IllegalArgumentException("a network " + p.architecture().spec() + " does not fit this one, "
                    + architecture.spec());
        }
        List<FMatrixRMaj> values = p.matrices();
        for (int k = 0; k < values.size(); k++) {
            parameters.get(k).set(values.get(k));
        }
    }
}
