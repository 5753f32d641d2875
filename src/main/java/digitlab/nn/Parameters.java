package digitlab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;

/**
 * The numbers of a multi-layer perceptron with layer sizes n₀ → n₁ → … → n_L: for each layer i a weight
 * matrix Wᵢ of nᵢ × nᵢ₋₁ (one row per unit of the layer, so row j of W₁ is what hidden unit j looks for in
 * the input) and a bias bᵢ of 1 × nᵢ. Plain data: no graph, no thread.
 */
public final class Parameters {
    private final int[] sizes;
    private final List<FMatrixRMaj> weights;
    private final List<FMatrixRMaj> biases;

    /**
     * Takes the matrices as they are (no copy). Checks every shape and value and names the first that
     * is wrong.
     */
    public Parameters(int[] sizes, List<FMatrixRMaj> weights, List<FMatrixRMaj> biases) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("layer sizes " + Arrays.toString(sizes) + ": need at least an input and an output size");
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1) {
                throw new IllegalArgumentException("layer sizes " + Arrays.toString(sizes) + ": size " + i + " is " + sizes[i]);
            }
        }
        int layers = sizes.length - 1;
        if (weights.size() != layers || biases.size() != layers) {
            throw new IllegalArgumentException(layers + " layers need " + layers + " weight matrices and " + layers
                    + " biases, not " + weights.size() + " and " + biases.size());
        }
        for (int i = 0; i < layers; i++) {
            check(weightName(i), weights.get(i), sizes[i + 1], sizes[i]);
            check(biasName(i), biases.get(i), 1, sizes[i + 1]);
        }
        this.sizes = sizes.clone();
        this.weights = List.copyOf(weights);
        this.biases = List.copyOf(biases);
    }

    private static void check(String name, FMatrixRMaj m, int rows, int cols) {
        if (m.numRows != rows || m.numCols != cols) {
            throw new IllegalArgumentException(name + " is " + m.numRows + "×" + m.numCols + " but must be " + rows + "×" + cols);
        }
        for (int k = 0; k < rows * cols; k++) {
            if (!Float.isFinite(m.data[k])) {
                throw new IllegalArgumentException(name + " holds " + m.data[k] + " at row " + k / cols + ", column " + k % cols);
            }
        }
    }

    /**
     * Fresh weights for training: each weight drawn from N(0, 2/fan-in) (He initialisation, which keeps
     * the scale of ReLU activations from layer to layer), biases zero. The same seed gives the same numbers.
     */
    public static Parameters initial(int[] sizes, long seed) {
        Random random = new Random(seed);
        List<FMatrixRMaj> w = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i + 1 < sizes.length; i++) {
            FMatrixRMaj m = new FMatrixRMaj(sizes[i + 1], sizes[i]);
            double scale = Math.sqrt(2.0 / sizes[i]);
            for (int k = 0; k < m.getNumElements(); k++) {
                m.data[k] = (float) (random.nextGaussian() * scale);
            }
            w.add(m);
            b.add(new FMatrixRMaj(1, sizes[i + 1]));
        }
        return new Parameters(sizes, w, b);
    }

    public int[] sizes() {
        return sizes.clone();
    }

    public int layers() {
        return sizes.length - 1;
    }

    public int inputs() {
        return sizes[0];
    }

    public int outputs() {
        return sizes[sizes.length - 1];
    }

    public FMatrixRMaj weight(int layer) {
        return weights.get(layer);
    }

    public FMatrixRMaj bias(int layer) {
        return biases.get(layer);
    }

    /** "W1", "W2", …: names as people and model files use them. */
    public static String weightName(int layer) {
        return "W" + (layer + 1);
    }

    public static String biasName(int layer) {
        return "b" + (layer + 1);
    }

    /** Weights and biases in all. */
    public int count() {
        return count(sizes);
    }

    /** Weights and biases in all of a network with these layer sizes (inputs first). */
    public static int count(int[] sizes) {
        int n = 0;
        for (int i = 0; i + 1 < sizes.length; i++) {
            n += sizes[i] * sizes[i + 1] + sizes[i + 1];
        }
        return n;
    }

    public Parameters copy() {
        List<FMatrixRMaj> w = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i < layers(); i++) {
            w.add(weights.get(i).copy());
            b.add(biases.get(i).copy());
        }
        return new Parameters(sizes, w, b);
    }

    /** Same sizes and bit-for-bit the same numbers. */
    public boolean sameAs(Parameters other) {
        if (!Arrays.equals(sizes, other.sizes)) {
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
