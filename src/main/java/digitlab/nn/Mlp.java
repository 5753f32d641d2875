package digitlab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ejml.data.FMatrixRMaj;

import digitlab.engine.Tensor;

/**
 * The network as engine graphs: parameter leaves (shared by every graph built here) and, per batch
 * size, the graph x → (x·W₁ᵀ + b₁) → ReLU → … → x·W_Lᵀ + b_L = scores → log-softmax. Graphs are built
 * once and then reused: fill the input, read the output.
 */
public final class Mlp {
    private final int[] sizes;
    private final List<Tensor> weights = new ArrayList<>();
    private final List<Tensor> biases = new ArrayList<>();
    private List<Tensor> parameters;

    /** Parameter leaves holding copies of {@code p}. */
    public Mlp(Parameters p) {
        this.sizes = p.sizes();
        for (int i = 0; i < p.layers(); i++) {
            weights.add(Tensor.parameter(Parameters.weightName(i), p.weight(i)));
            biases.add(Tensor.parameter(Parameters.biasName(i), p.bias(i)));
        }
    }

    private Mlp(Mlp other) {
        this.sizes = other.sizes;
        for (int i = 0; i < other.weights.size(); i++) {
            weights.add(Tensor.parameterOver(Parameters.weightName(i), other.weights.get(i).value()));
            biases.add(Tensor.parameterOver(Parameters.biasName(i), other.biases.get(i).value()));
        }
    }

    /**
     * Another set of parameter leaves over the same numbers (not copies), with gradients of their own:
     * for a graph on another thread. Whoever changes the numbers marks the leaves of both changed.
     */
    public Mlp sharingParameters() {
        return new Mlp(this);
    }

    /** One graph of the network for a fixed number of rows. */
    public record Forward(Tensor input, Tensor scores, Tensor logProbabilities) {
        public int batch() {
            return input.rows();
        }
    }

    /** The forward graph for {@code batch} images at once (the input starts at zero). */
    public Forward forward(int batch) {
        Tensor x = Tensor.input("x", batch, sizes[0]);
        Tensor h = x;
        for (int i = 0; i < weights.size(); i++) {
            h = h.matmulTransposed(weights.get(i)).addRowVector(biases.get(i));
            if (i + 1 < weights.size()) {
                h = h.relu();
            }
        }
        return new Forward(x, h, h.logSoftmax());
    }

    /** The forward graph plus labels and the mean cross-entropy loss, for training. */
    public record Loss(Forward forward, Tensor labels, Tensor loss) {
    }

    public Loss loss(int batch) {
        Forward f = forward(batch);
        Tensor labels = Tensor.input("labels", batch, 1);
        return new Loss(f, labels, f.logProbabilities().crossEntropy(labels));
    }

    /** Weights then biases, layer by layer: W1, b1, W2, b2, … (the same list each time). */
    public List<Tensor> parameters() {
        if (parameters == null) {
            List<Tensor> all = new ArrayList<>();
            for (int i = 0; i < weights.size(); i++) {
                all.add(weights.get(i));
                all.add(biases.get(i));
            }
            parameters = List.copyOf(all);
        }
        return parameters;
    }

    public int[] sizes() {
        return sizes.clone();
    }

    /** A copy of the current numbers. Call from the thread that owns this network. */
    public Parameters copyParameters() {
        List<FMatrixRMaj> w = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            w.add(weights.get(i).value().copy());
            b.add(biases.get(i).value().copy());
        }
        return new Parameters(sizes, w, b);
    }

    /** Copies {@code p}'s numbers into the parameter leaves (same sizes required). */
    public void load(Parameters p) {
        if (!Arrays.equals(p.sizes(), sizes)) {
            throw new IllegalArgumentException("layer sizes " + Arrays.toString(p.sizes())
                    + " do not match this network's " + Arrays.toString(sizes));
        }
        for (int i = 0; i < weights.size(); i++) {
            weights.get(i).set(p.weight(i));
            biases.get(i).set(p.bias(i));
        }
    }
}
