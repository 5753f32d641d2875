package digitlab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;

import digitlab.nn.Architecture.ParameterShape;

/**
 * The numbers of a network: its {@link Architecture} and, for each layer that holds parameters, a weight
 * matrix and a bias. A dense layer's weights Wᵢ are width × inputs (one row per unit, so row j of W₁ is
 * what hidden unit j looks for in the input); a convolution's kernels Kᵢ are F × C·k·k (one row per
 * filter); each bias bᵢ is 1 × units or filters. Plain data: no graph, no thread.
 */
public final class Parameters {
    private final Architecture architecture;
    private final List<FMatrixRMaj> weights;
    private final List<FMatrixRMaj> biases;

    /**
     * Takes the matrices as they are (no copy). Checks every shape and value against the architecture and
     * names the first that is wrong.
     */
    public Parameters(Architecture architecture, List<FMatrixRMaj> weights, List<FMatrixRMaj> biases) {
        List<ParameterShape> shapes = architecture.parameterShapes();
        int layers = shapes.size() / 2;
        if (weights.size() != layers || biases.size() != layers) {
            throw new IllegalArgumentException(layers + " layers with parameters need " + layers + " weight matrices and "
                    + layers + " biases, not " + weights.size() + " and " + biases.size());
        }
        for (int i = 0; i < layers; i++) {
            check(shapes.get(2 * i), weights.get(i));
            check(shapes.get(2 * i + 1), biases.get(i));
        }
        this.architecture = architecture;
        this.weights = List.copyOf(weights);
        this.biases = List.copyOf(biases);
    }

    /** The MLP with layer sizes n₀ → n₁ → … → n_L and ReLU between layers ({@link Architecture#denseRelu}). */
    public Parameters(int[] sizes, List<FMatrixRMaj> weights, List<FMatrixRMaj> biases) {
        this(Architecture.denseRelu(sizes), weights, biases);
    }

    private static void check(ParameterShape shape, FMatrixRMaj m) {
        if (m.numRows != shape.rows() || m.numCols != shape.cols()) {
            throw new IllegalArgumentException(shape.name() + " is " + m.numRows + "×" + m.numCols + " but must be "
                    + shape.rows() + "×" + shape.cols());
        }
        for (int k = 0; k < shape.size(); k++) {
            if (!Float.isFinite(m.data[k])) {
                throw new IllegalArgumentException(shape.name() + " holds " + m.data[k] + " at row " + k / shape.cols()
                        + ", column " + k % shape.cols());
            }
        }
    }

    /**
     * Fresh weights for training: each weight drawn from N(0, 2/fan-in) (He initialisation, which keeps
     * the scale of ReLU activations from layer to layer; the fan-in of a convolution is C·k·k), biases zero.
     * The same seed gives the same numbers.
     */
    public static Parameters initial(Architecture architecture, long seed) {
        Random random = new Random(seed);
        List<FMatrixRMaj> w = new ArrayList<>(), b = new ArrayList<>();
        List<ParameterShape> shapes = architecture.parameterShapes();
        for (int k = 0; k < shapes.size(); k += 2) {
            ParameterShape shape = shapes.get(k);
            FMatrixRMaj m = new FMatrixRMaj(shape.rows(), shape.cols());
            double scale = Math.sqrt(2.0 / shape.cols());
            for (int i = 0; i < m.getNumElements(); i++) {
                m.data[i] = (float) (random.nextGaussian() * scale);
            }
            w.add(m);
            b.add(new FMatrixRMaj(1, shape.rows()));
        }
        return new Parameters(architecture, w, b);
    }

    /** {@link #initial(Architecture, long)} for the MLP with these layer sizes. */
    public static Parameters initial(int[] sizes, long seed) {
        return initial(Architecture.denseRelu(sizes), seed);
    }

    public Architecture architecture() {
        return architecture;
    }

    /**
     * The layer sizes of a dense-only network, inputs first (784, 128, 64, 10).
     *
     * @throws IllegalStateException for a network with convolutions or pooling
     */
    public int[] sizes() {
        return architecture.denseSizes();
    }

    /** How many layers hold parameters. */
    public int layers() {
        return weights.size();
    }

    public int inputs() {
        return architecture.inputSize();
    }

    public int outputs() {
        return architecture.classes();
    }

    /** Layer {@code layer}'s weights or kernels (layers counted among those with parameters). */
    public FMatrixRMaj weight(int layer) {
        return weights.get(layer);
    }

    public FMatrixRMaj bias(int layer) {
        return biases.get(layer);
    }

    /** Every matrix along the network, weights then bias for each layer: W1, b1, W2, b2, … (K for kernels). */
    public List<FMatrixRMaj> matrices() {
        List<FMatrixRMaj> all = new ArrayList<>();
        for (int i = 0; i < layers(); i++) {
            all.add(weights.get(i));
            all.add(biases.get(i));
        }
        return all;
    }

    /** The names of {@link #matrices()}, in the same order: W1, b1, … (K1 for a convolution's kernels). */
    public List<String> names() {
        return architecture.parameterShapes().stream().map(ParameterShape::name).toList();
    }

    /** "W1", "W2", …: a dense layer's weights as people and model files name them. */
    public static String weightName(int layer) {
        return "W" + (layer + 1);
    }

    public static String biasName(int layer) {
        return "b" + (layer + 1);
    }

    /** Weights and biases in all. */
    public int count() {
        return (int) architecture.parameterCount();
    }

    public Parameters copy() {
        List<FMatrixRMaj> w = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i < layers(); i++) {
            w.add(weights.get(i).copy());
            b.add(biases.get(i).copy());
        }
        return new Parameters(architecture, w, b);
    }

    /** Same architecture and bit-for-bit the same numbers. */
    public boolean sameAs(Parameters other) {
        if (!architecture.equals(other.architecture)) {
            return false;
        }
        for (int i = 0; i < layers(); i++) {
            if (!Arrays.equals(weights.get(i).data, other.weights.get(i).data)
                    || !Arrays.equals(biases.get(i).data, other.biases.get(i).data)) {
                return false;
            }
        }
        return true;
    }
}
