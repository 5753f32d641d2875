package digitlab.engine;

import java.util.ArrayList;
import java.util.List;

import org.ejml.data.FMatrixRMaj;

import digitlab.engine.kernels.Kernels;
import digitlab.engine.kernels.MatMul;
import digitlab.engine.kernels.Runs;

/**
 * A handle to a node of a computation graph. Operations build the graph and compute nothing: a value is
 * computed when it is read, once, and cached until a leaf upstream of it changes. {@link #backward()}
 * then pushes gradients from an output down to every node.
 *
 * <p>Every tensor is a matrix of floats ({@code FMatrixRMaj}); a scalar is 1×1. Shapes are checked when
 * an operation is built, and a mismatch names the operation and both shapes. Element-wise operations
 * take two tensors of one shape, or a matrix and a 1×1 scalar.
 *
 * <p>Each operation below states its forward and its backward step side by side: the backward step
 * adds {@code out.grad × ∂out/∂input} into each input's gradient, which is how a node used twice ends
 * up with the sum of both contributions.
 *
 * <p>A graph belongs to one thread at a time; other threads read copies (see {@link #valueCopy()}).
 */
public final class Tensor {
    /** The matrix products: the Vector API kernels when available (EJML's results are their oracle in the tests). */
    private static final MatMul PRODUCTS = Kernels.best();
    private static final Runs RUNS = Kernels.runs();

    final Node node;

    Tensor(Node node) {
        this.node = node;
    }

    // ---------------------------------------------------------------- leaves

    /** A trainable matrix (its gradient is computed), holding a copy of {@code initial}. */
    public static Tensor parameter(String name, FMatrixRMaj initial) {
        Tensor t = leaf(name, initial.numRows, initial.numCols, true);
        t.node.value.setTo(initial);
        return t;
    }

    /**
     * A trainable leaf whose value is {@code shared} itself, not a copy: graphs on several threads can
     * read the same numbers, each with a gradient of its own. Whoever changes the matrix calls
     * {@link #changed()} on every leaf over it.
     */
    public static Tensor parameterOver(String name, FMatrixRMaj shared) {
        if (shared.numRows < 1 || shared.numCols < 1) {
            throw new IllegalArgumentException(name + ": shape " + shared.numRows + "×" + shared.numCols + " is empty");
        }
        Node n = new Node("leaf", "", shared);
        n.name = name;
        n.requiresGrad = true;
        return new Tensor(n);
    }

    /** A named scalar whose gradient is computed, as the variables of a formula. */
    public static Tensor variable(String name, float value) {
        Tensor t = leaf(name, 1, 1, true);
        t.node.value.set(0, value);
        return t;
    }

    /** A matrix of zeros to be filled with data, e.g. a batch of images; no gradient unless asked for. */
    public static Tensor input(String name, int rows, int cols) {
        return leaf(name, rows, cols, false);
    }

    /** A scalar constant. */
    public static Tensor constant(float value) {
        Tensor t = leaf(NumberText.number(value), 1, 1, false);
        t.node.value.set(0, value);
        return t;
    }

    /** A constant matrix holding a copy of {@code value}. */
    public static Tensor constant(FMatrixRMaj value) {
        Tensor t = leaf("const", value.numRows, value.numCols, false);
        t.node.value.setTo(value);
        return t;
    }

    private static Tensor leaf(String name, int rows, int cols, boolean requiresGrad) {
        Node n = new Node("leaf", "", rows, cols);
        n.name = name;
        n.requiresGrad = requiresGrad;
        return new Tensor(n);
    }

    /** Sets a 1×1 leaf's value. Everything downstream is recomputed when next read. */
    public Tensor set(float value) {
        requireShape("set", 1, 1);
        node.value.set(0, value);
        node.changed();
        return this;
    }

    /** Copies {@code value} into this leaf. Everything downstream is recomputed when next read. */
    public Tensor set(FMatrixRMaj value) {
        requireShape("set", value.numRows, value.numCols);
        node.value.setTo(value);
        node.changed();
        return this;
    }

    /**
     * Tells the graph that this leaf's matrix, obtained from {@link #value()}, was changed in place
     * (as an optimizer does): everything downstream is recomputed when next read.
     */
    public Tensor changed() {
        node.changed();
        return this;
    }

    /** Whether backward computes this leaf's gradient (parameters and variables do by default). */
    public Tensor requireGrad(boolean required) {
        if (!node.isLeaf()) {
            throw new IllegalStateException(node.op + ": only a leaf's need for a gradient can be set");
        }
        node.requiresGrad = required;
        return this;
    }

    // ---------------------------------------------------------------- reading the graph

    /**
     * The value, computed now if it is not up to date. The matrix is the graph's own: read it; change
     * it only for a leaf, and then call {@link #changed()}.
     */
    public FMatrixRMaj value() {
        node.evaluate();
        return node.value;
    }

    /**
     * The value as the engine holds it now, not brought up to date: what it was last computed to (zeros
     * if never, see {@link ForwardWalk#states()}). For showing lazy evaluation; the graph's own matrix: read it only.
     */
    public FMatrixRMaj cachedValue() {
        return node.value;
    }

    /** The value of a 1×1 tensor. */
    public float item() {
        requireShape("item", 1, 1);
        return value().get(0);
    }

    /** A copy of the value, safe to hand to another thread. */
    public FMatrixRMaj valueCopy() {
        return value().copy();
    }

    /**
     * The gradient left by the last {@link #backward()} through this node: d(output)/d(this node).
     * All zeros if no backward pass has reached it.
     */
    public FMatrixRMaj grad() {
        if (node.grad == null) {
            node.grad = new FMatrixRMaj(node.rows, node.cols);
        }
        return node.grad;
    }

    /** The gradient of a 1×1 tensor. */
    public float gradItem() {
        requireShape("gradItem", 1, 1);
        return grad().get(0);
    }

    public int rows() {
        return node.rows;
    }

    public int cols() {
        return node.cols;
    }

    /** "3×4". */
    public String shape() {
        return node.shape();
    }

    /** The operation that computes this node, or "leaf". */
    public String op() {
        return node.op;
    }

    /** Extra words about the operation, e.g. the exponent of pow; empty when there are none. */
    public String detail() {
        return node.detail;
    }

    /** A leaf's name (a constant's is its value); null for operations. */
    public String name() {
        return node.name;
    }

    public boolean isLeaf() {
        return node.isLeaf();
    }

    /** Whether this is a leaf of class indices (the labels of a cross-entropy): it has no gradient. */
    public boolean isDiscrete() {
        return node.discrete;
    }

    /** Unique among all nodes of this process and fixed for the node's lifetime. */
    public long id() {
        return node.id;
    }

    /** How many times this node's value has been computed; a leaf's is 0. */
    public long evaluations() {
        return node.evaluations();
    }

    /** The tensors this one is computed from, in operand order. */
    public List<Tensor> inputs() {
        List<Tensor> list = new ArrayList<>(node.inputs.length);
        for (Node in : node.inputs) {
            list.add(new Tensor(in));
        }
        return list;
    }

    // ---------------------------------------------------------------- backward

    /** Backward from a 1×1 output: its gradient is 1. */
    public void backward() {
        requireShape("backward", 1, 1);
        node.backward();
    }

    /**
     * Backward with a given gradient of some scalar with respect to this tensor. Every gradient in the
     * graph is recomputed; none is carried over from an earlier pass.
     */
    public void backward(FMatrixRMaj seed) {
        node.backward(seed);
    }

    /** Sets every gradient in the graph that ends here to zero, keeping the graph. */
    public void zeroGrad() {
        node.zeroGrad();
    }

    // ---------------------------------------------------------------- element-wise operations

    /** a + b. ∂/∂a = 1, ∂/∂b = 1. */
    public Tensor add(Tensor b) {
        return binary("add", b, (x, y) -> x + y, (x, y, out) -> 1f, (x, y, out) -> 1f);
    }

    /** a − b. ∂/∂a = 1, ∂/∂b = −1. */
    public Tensor sub(Tensor b) {
        return binary("sub", b, (x, y) -> x - y, (x, y, out) -> 1f, (x, y, out) -> -1f);
    }

    /** a ⊙ b, element by element. ∂/∂a = b, ∂/∂b = a. */
    public Tensor mul(Tensor b) {
        return binary("mul", b, (x, y) -> x * y, (x, y, out) -> y, (x, y, out) -> x);
    }

    /** a / b, element by element. ∂/∂a = 1/b, ∂/∂b = −a/b². */
    public Tensor div(Tensor b) {
        return binary("div", b, (x, y) -> x / y, (x, y, out) -> 1f / y, (x, y, out) -> -x / (y * y));
    }

    /**
     * a to the power b, element by element. ∂/∂a = b·a^(b−1), taken as 0 where b = 0 (a^0 = 1 for every
     * a, so at a = 0 it is 0, not 0·0^−1 = 0·∞ = NaN). ∂/∂b = a^b·ln a, taken as 0 where a^b is 0 (a = 0,
     * b > 0: the limit of a^b·ln a, not 0·(−∞) = NaN); NaN where a is negative: no real derivative there.
     * Products in double, so p·a^(p−1) does not overflow a float on the way.
     */
    public Tensor pow(Tensor b) {
        return binary("pow", b, (x, y) -> (float) Math.pow(x, y),
                (x, y, out) -> y == 0f ? 0f : (float) (y * Math.pow(x, y - 1)),
                (x, y, out) -> out == 0f ? 0f : (float) (out * Math.log(x)));
    }

    /**
     * a to a constant power p. ∂/∂a = p·a^(p−1), and 0 everywhere for p = 0 (a^0 = 1; at a = 0 the
     * formula would give 0·∞ = NaN). At a = 0 this gives 1 for p = 1, 0 for p > 1 and ±∞ for the other p < 1.
     */
    public Tensor pow(float p) {
        return unary("pow", NumberText.number(p), x -> (float) Math.pow(x, p),
                (x, out) -> p == 0f ? 0f : (float) (p * Math.pow(x, p - 1)));
    }

    /** −a. ∂/∂a = −1. */
    public Tensor neg() {
        return unary("neg", "", x -> -x, (x, out) -> -1f);
    }

    /** c·a for a constant c. ∂/∂a = c. */
    public Tensor scale(float c) {
        return unary("scale", NumberText.number(c), x -> c * x, (x, out) -> c);
    }

    /** e^a. ∂/∂a = e^a. */
    public Tensor exp() {
        return unary("exp", "", x -> (float) Math.exp(x), (x, out) -> out);
    }

    /** ln a. ∂/∂a = 1/a. */
    public Tensor log() {
        return unary("log", "", x -> (float) Math.log(x), (x, out) -> 1f / x);
    }

    /** √a. ∂/∂a = 1/(2√a). */
    public Tensor sqrt() {
        return unary("sqrt", "", x -> (float) Math.sqrt(x), (x, out) -> 0.5f / out);
    }

    /** sin a. ∂/∂a = cos a. */
    public Tensor sin() {
        return unary("sin", "", x -> (float) Math.sin(x), (x, out) -> (float) Math.cos(x));
    }

    /** cos a. ∂/∂a = −sin a. */
    public Tensor cos() {
        return unary("cos", "", x -> (float) Math.cos(x), (x, out) -> -(float) Math.sin(x));
    }

    /** tan a. ∂/∂a = 1 + tan² a. */
    public Tensor tan() {
        return unary("tan", "", x -> (float) Math.tan(x), (x, out) -> 1f + out * out);
    }

    /** tanh a. ∂/∂a = 1 − tanh² a. */
    public Tensor tanh() {
        return unary("tanh", "", x -> (float) Math.tanh(x), (x, out) -> 1f - out * out);
    }

    /** σ(a) = 1/(1+e^−a). ∂/∂a = σ(a)(1−σ(a)). */
    public Tensor sigmoid() {
        return unary("sigmoid", "", x -> (float) (1 / (1 + Math.exp(-x))), (x, out) -> out * (1f - out));
    }

    /** |a|. ∂/∂a = sign(a), 0 at 0. */
    public Tensor abs() {
        return unary("abs", "", Math::abs, (x, out) -> Math.signum(x));
    }

    /** max(a, 0). ∂/∂a = 1 where a > 0, else 0. Written out rather than through {@code unary}: it is hot. */
    public Tensor relu() {
        Node a = node;
        Node out = new Node("relu", "", a.rows, a.cols, a);
        int n = a.size();
        out.forward = () -> {
            float[] x = a.value.data, y = out.value.data;
            for (int i = 0; i < n; i++) {
                y[i] = Math.max(x[i], 0f); // NaN stays NaN, so a diverging run shows; branch-free, so vectorised
            }
        };
        out.backward = () -> {
            if (!a.needsGrad) {
                return;
            }
            boolean overwrite = a.claimGrad();
            float[] y = out.value.data, gy = out.grad.data, gx = a.grad.data;
            // the slope, 1 where y > 0 and 0 where y = +0, from y's bits without a branch: a branch on
            // the sign of half the activations is mispredicted so often that it costs more than the sum
            if (overwrite) {
                for (int i = 0; i < n; i++) {
                    gx[i] = gy[i] * (float) (((Float.floatToRawIntBits(y[i]) - 1) >>> 31) ^ 1);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    gx[i] += gy[i] * (float) (((Float.floatToRawIntBits(y[i]) - 1) >>> 31) ^ 1);
                }
            }
        };
        return new Tensor(out);
    }

    // ---------------------------------------------------------------- reductions

    /** Σ a, a 1×1 tensor. ∂/∂aᵢ = 1. */
    public Tensor sum() {
        return reduce("sum", 1f);
    }

    /** (1/n) Σ a, a 1×1 tensor. ∂/∂aᵢ = 1/n. */
    public Tensor mean() {
        return reduce("mean", 1f / node.size());
    }

    private Tensor reduce(String op, float factor) {
        Node a = node;
        Node out = new Node(op, "", 1, 1, a);
        int n = a.size();
        out.forward = () -> {
            float[] x = a.value.data;
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += x[i];
            }
            out.value.data[0] = (float) (s * factor);
        };
        out.backward = () -> {
            if (!a.needsGrad) {
                return;
            }
            float g = out.grad.data[0] * factor;
            float[] gx = a.gradToAdd().data;
            for (int i = 0; i < n; i++) {
                gx[i] += g;
            }
        };
        return new Tensor(out);
    }

    // ---------------------------------------------------------------- matrices

    /** The matrix product A·B. ∂L/∂A = ∂L/∂C·Bᵀ, ∂L/∂B = Aᵀ·∂L/∂C. */
    public Tensor matmul(Tensor b) {
        Node a = node, bn = b.node;
        if (a.cols != bn.rows) {
            throw new ShapeException("matmul", a.shape(), bn.shape(),
                    "the left's " + a.cols + " columns must equal the right's " + bn.rows + " rows");
        }
        Node out = new Node("matmul", "", a.rows, bn.cols, a, bn);
        out.forward = () -> PRODUCTS.mult(a.value, bn.value, out.value, false);
        out.backward = () -> {
            if (a.needsGrad) {
                PRODUCTS.multTransB(out.grad, bn.value, a.grad, !a.claimGrad());
            }
            if (bn.needsGrad) {
                PRODUCTS.multTransA(a.value, out.grad, bn.grad, !bn.claimGrad());
            }
        };
        return new Tensor(out);
    }

    /**
     * A·Bᵀ, for weights stored one row per output unit. ∂L/∂A = ∂L/∂C·B, ∂L/∂B = (∂L/∂C)ᵀ·A.
     */
    public Tensor matmulTransposed(Tensor b) {
        Node a = node, bn = b.node;
        if (a.cols != bn.cols) {
            throw new ShapeException("matmulTransposed", a.shape(), bn.shape(),
                    "the left's " + a.cols + " columns must equal the right's " + bn.cols + " columns");
        }
        Node out = new Node("matmul_t", "", a.rows, bn.rows, a, bn);
        out.forward = () -> PRODUCTS.multTransB(a.value, bn.value, out.value, false);
        out.backward = () -> {
            if (a.needsGrad) {
                PRODUCTS.mult(out.grad, bn.value, a.grad, !a.claimGrad());
            }
            if (bn.needsGrad) {
                PRODUCTS.multTransA(out.grad, a.value, bn.grad, !bn.claimGrad());
            }
        };
        return new Tensor(out);
    }

    /** A + b with the 1×n row b added to every row of A (a bias). ∂L/∂A = ∂L/∂C, ∂L/∂b = column sums of ∂L/∂C. */
    public Tensor addRowVector(Tensor row) {
        Node a = node, b = row.node;
        if (b.rows != 1 || b.cols != a.cols) {
            throw new ShapeException("addRowVector", a.shape(), b.shape(),
                    "the right must be one row as wide as the left, 1×" + a.cols);
        }
        Node out = new Node("add_row", "", a.rows, a.cols, a, b);
        int rows = a.rows, cols = a.cols;
        out.forward = () -> {
            float[] x = a.value.data, r = b.value.data, y = out.value.data;
            for (int i = 0, k = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++, k++) {
                    y[k] = x[k] + r[j];
                }
            }
        };
        out.backward = () -> {
            float[] gy = out.grad.data;
            if (a.needsGrad) {
                if (a.claimGrad()) {
                    System.arraycopy(gy, 0, a.grad.data, 0, rows * cols);
                } else {
                    float[] gx = a.grad.data;
                    for (int k = 0; k < rows * cols; k++) {
                        gx[k] += gy[k];
                    }
                }
            }
            if (b.needsGrad) {
                float[] gr = b.gradToAdd().data;
                for (int i = 0, k = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++, k++) {
                        gr[j] += gy[k];
                    }
                }
            }
        };
        return new Tensor(out);
    }

    /**
     * Row-wise log-softmax: yᵢⱼ = xᵢⱼ − log Σₖ e^xᵢₖ (computed with the row maximum subtracted, so large
     * scores do not overflow). ∂L/∂xᵢⱼ = gᵢⱼ − e^yᵢⱼ Σₖ gᵢₖ.
     */
    public Tensor logSoftmax() {
        Node a = node;
        Node out = new Node("log_softmax", "", a.rows, a.cols, a);
        int rows = a.rows, cols = a.cols;
        out.forward = () -> {
            float[] x = a.value.data, y = out.value.data;
            for (int i = 0; i < rows; i++) {
                int row = i * cols;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) {
                    max = Math.max(max, x[row + j]);
                }
                double sum = 0;
                for (int j = 0; j < cols; j++) {
                    sum += Math.exp(x[row + j] - max);
                }
                float logSum = (float) Math.log(sum);
                for (int j = 0; j < cols; j++) {
                    y[row + j] = (x[row + j] - max) - logSum; // x − max first: exact for scores near the max
                }
            }
        };
        out.backward = () -> {
            if (!a.needsGrad) {
                return;
            }
            float[] y = out.value.data, gy = out.grad.data, gx = a.gradToAdd().data;
            for (int i = 0; i < rows; i++) {
                int row = i * cols;
                float gSum = 0;
                for (int j = 0; j < cols; j++) {
                    gSum += gy[row + j];
                }
                for (int j = 0; j < cols; j++) {
                    gx[row + j] += gy[row + j] - (float) Math.exp(y[row + j]) * gSum;
                }
            }
        };
        return new Tensor(out);
    }

    /**
     * Mean negative log-likelihood: −(1/n) Σᵢ xᵢ,ₗᵢ for n rows of log-probabilities x and an n×1 tensor
     * of class indices l (whole numbers in [0, columns)). ∂L/∂xᵢ,ₗᵢ = −1/n, 0 elsewhere. Labels get no
     * gradient. A label out of range is reported when the value is computed.
     */
    public Tensor crossEntropy(Tensor labels) {
        Node a = node, l = labels.node;
        if (l.cols != 1 || l.rows != a.rows) {
            throw new ShapeException("crossEntropy", a.shape(), l.shape(),
                    "labels must be one column with a row per row of log-probabilities, " + a.rows + "×1");
        }
        Node out = new Node("cross_entropy", "", 1, 1, a, l);
        if (l.isLeaf()) {
            l.discrete = true; // whole numbers: a change of 0.001 is no label at all
        }
        int rows = a.rows, cols = a.cols;
        out.forward = () -> {
            float[] x = a.value.data;
            double sum = 0;
            for (int i = 0; i < rows; i++) {
                sum += x[i * cols + classIndex(l.value.data[i], i, cols)];
            }
            out.value.data[0] = (float) (-sum / rows);
        };
        out.backward = () -> {
            if (!a.needsGrad) {
                return;
            }
            float g = -out.grad.data[0] / rows;
            float[] gx = a.gradToAdd().data;
            for (int i = 0; i < rows; i++) {
                gx[i * cols + classIndex(l.value.data[i], i, cols)] += g;
            }
        };
        return new Tensor(out);
    }

    /** Cross-entropy against fixed labels. */
    public Tensor crossEntropy(int... labels) {
        FMatrixRMaj m = new FMatrixRMaj(labels.length, 1);
        for (int i = 0; i < labels.length; i++) {
            m.data[i] = labels[i];
        }
        Tensor t = leaf("labels", labels.length, 1, false);
        t.node.value.setTo(m);
        return crossEntropy(t);
    }

    private static int classIndex(float label, int row, int classes) {
        int c = (int) label;
        if (c != label || c < 0 || c >= classes) {
            throw new IllegalArgumentException("crossEntropy: label " + label + " in row " + row
                    + " is not a class index in 0.." + (classes - 1));
        }
        return c;
    }

    // ---------------------------------------------------------------- images

    /**
     * 2-D convolution (cross-correlation, as PyTorch's Conv2d), stride 1, of a batch of images with F
     * square k×k filters. This tensor is N × (C·H·W): one image a row, channel-major (channel c, row y,
     * column x at column c·H·W + y·W + x). {@code kernels} is F × (C·k·k), one filter a row in the same
     * order (channel, row, column); {@code bias} is 1×F. The output is N × (F·H'·W'), laid out the same way:
     *
     * <p>y[n, f, i, j] = b[f] + Σ_c Σ_u Σ_v x[n, c, i+u−p, j+v−p] · K[f, c, u, v],
     *
     * <p>with x = 0 outside the image. "Same" padding (k odd): p = (k−1)/2 and H' = H, W' = W. "Valid":
     * p = 0, H' = H−k+1, W' = W−k+1 (k ≤ H, k ≤ W).
     *
     * <p>Forward is computed straight from the image, one vector of neighbouring output pixels at a time
     * (no columns matrix). Backward uses the columns matrix X̂ₙ, (C·k·k) × (H'·W'), which holds at row
     * (c·k+u)·k+v and column i·W'+j the pixel x[n, c, i+u−p, j+v−p], so that yₙ = K·X̂ₙ; with Gₙ = ∂L/∂yₙ:
     * ∂L/∂K = Σₙ Gₙ·X̂ₙᵀ, ∂L/∂b[f] = Σₙ Σ_ij Gₙ[f, ij], and ∂L/∂xₙ is Kᵀ·Gₙ with each entry added back to
     * the pixel it was copied from (col2im); when G is mostly zeros (behind ReLU and pooling), the same sums
     * are taken entry by entry of G ({@link Convolution}). The scratch is made once, so warm steps allocate
     * nothing.
     *
     * @param channels C, the channels of each image
     * @param height H, the rows of each image
     * @param width W, the columns of each image
     * @param samePadding zero padding that keeps the image's size (odd k only), else a valid convolution
     */
    public Tensor conv2d(Tensor kernels, Tensor bias, int channels, int height, int width, boolean samePadding) {
        Node a = node, kn = kernels.node, bn = bias.node;
        String image = channels + "×" + height + "×" + width;
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("conv2d: an image of " + image
                    + " (channels×height×width) is empty; each must be at least 1");
        }
        if ((long) channels * height * width != a.cols) {
            throw new ShapeException("conv2d", a.shape(), "images of " + image,
                    "a row of " + channels + "×" + height + "×" + width + " pixels has "
                            + (long) channels * height * width + " columns, not " + a.cols);
        }
        int k = (int) Math.round(Math.sqrt((double) kn.cols / channels));
        if (k < 1 || channels * k * k != kn.cols) {
            throw new ShapeException("conv2d", a.shape() + " (images of " + image + ")", kn.shape() + " (kernels)",
                    "a filter row must hold " + channels + " channels of k×k weights, and " + kn.cols
                            + " columns is not " + channels + "·k·k for any whole k");
        }
        int filters = kn.rows;
        if (bn.rows != 1 || bn.cols != filters) {
            throw new ShapeException("conv2d", kn.shape() + " (kernels)", bn.shape() + " (bias)",
                    "the bias must be one number per filter, 1×" + filters);
        }
        if (samePadding && k % 2 == 0) {
            throw new ShapeException("conv2d", kn.shape() + " (kernels)", "images of " + image,
                    "same padding needs an odd kernel size, and these kernels are " + k + "×" + k);
        }
        if (!samePadding && (k > height || k > width)) {
            throw new ShapeException("conv2d", kn.shape() + " (kernels)", "images of " + image,
                    "a valid convolution needs the " + k + "×" + k + " kernel to fit inside the " + height + "×"
                            + width + " image");
        }
        int pad = samePadding ? (k - 1) / 2 : 0;
        int outH = samePadding ? height : height - k + 1, outW = samePadding ? width : width - k + 1;
        int rows = a.rows, q = outH * outW;
        Node out = new Node("conv2d", k + "×" + k + ", " + filters + (filters == 1 ? " filter, " : " filters, ")
                + (samePadding ? "same" : "valid"), rows, filters * q, a, kn, bn);
        Convolution conv = new Convolution(PRODUCTS, RUNS, rows, channels, height, width, k, pad, outH, outW, filters);
        out.forward = () -> conv.forward(a.value.data, kn.value, bn.value.data, out.value.data);
        out.backward = () -> {
            if (!bn.needsGrad && !kn.needsGrad && !a.needsGrad) {
                return;
            }
            conv.backward(a.value.data, kn.value, out.grad.data, bn.needsGrad ? bn.gradToAdd().data : null,
                    kn.needsGrad ? kn.grad : null, kn.needsGrad && kn.claimGrad(), a.needsGrad ? a.gradToAdd().data : null);
        };
        return new Tensor(out);
    }

    /**
     * 2×2 max pooling with stride 2 over each channel of a batch of images, N × (C·H·W) laid out as
     * {@link #conv2d} has it. The output is N × (C·H'·W') with H' = ⌊H/2⌋, W' = ⌊W/2⌋ (an odd last row or
     * column is dropped): y[n, c, i, j] = max of x[n, c, 2i+s, 2j+t] over s, t ∈ {0, 1} (NaN if one is NaN, so
     * that a diverging run shows). ∂L/∂x is ∂L/∂y at the pixel that was the maximum (the first in reading
     * order on a tie; where the maximum is NaN, the first pixel with its bits, else the last) and 0 at the
     * other three. The backward step finds each maximum again from x and y, so the forward step (all that
     * inference runs) only takes maxima and nothing is kept between the two.
     */
    public Tensor maxPool2(int channels, int height, int width) {
        Node a = node;
        String image = channels + "×" + height + "×" + width;
        if (channels < 1 || height < 2 || width < 2) {
            throw new IllegalArgumentException("maxPool2: an image of " + image
                    + " (channels×height×width) has no 2×2 window; need at least 1 channel of 2×2");
        }
        if ((long) channels * height * width != a.cols) {
            throw new ShapeException("maxPool2", a.shape(), "images of " + image,
                    "a row of " + image + " pixels has " + (long) channels * height * width + " columns, not " + a.cols);
        }
        int outH = height / 2, outW = width / 2, rows = a.rows, inCols = a.cols, outCols = channels * outH * outW;
        int plane = height * width;
        Node out = new Node("maxpool", "2×2", rows, outCols, a);
        out.forward = () -> {
            float[] x = a.value.data, y = out.value.data;
            int o = 0;
            for (int n = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++) {
                    for (int i = 0, top = n * inCols + c * plane; i < outH; i++, top += 2 * width) {
                        for (int j = 0, t = top; j < outW; j++, o++, t += 2) {
                            y[o] = Math.max(Math.max(x[t], x[t + 1]), Math.max(x[t + width], x[t + width + 1]));
                        }
                    }
                }
            }
        };
        out.backward = () -> {
            if (!a.needsGrad) {
                return;
            }
            float[] x = a.value.data, y = out.value.data, gy = out.grad.data, gx = a.gradToAdd().data;
            int o = 0;
            for (int n = 0; n < rows; n++) {
                for (int c = 0; c < channels; c++) {
                    for (int i = 0, top = n * inCols + c * plane; i < outH; i++, top += 2 * width) {
                        for (int j = 0, t = top; j < outW; j++, o++, t += 2) {
                            float max = y[o];
                            // where y is a number, float == is the rule (−0 = +0); finding the maximum again
                            // here costs less than the bit arithmetic that kept its index in the forward step
                            int at = x[t + width] == max ? width : width + 1;
                            at = x[t + 1] == max ? 1 : at;
                            at = x[t] == max ? 0 : at;
                            if (max != max) { // NaN equals nothing: find its bits
                                at = nanMaximum(x, t, width, max);
                            }
                            gx[t + at] += gy[o];
                        }
                    }
                }
            }
        };
        return new Tensor(out);
    }

    /**
     * Where in the window at x[t] (a row of the image being {@code width} long) the NaN maximum {@code max}
     * was: the offset of the first pixel with its bits, else of the last pixel.
     */
    private static int nanMaximum(float[] x, int t, int width, float max) {
        int bits = Float.floatToRawIntBits(max);
        if (Float.floatToRawIntBits(x[t]) == bits) {
            return 0;
        }
        if (Float.floatToRawIntBits(x[t + 1]) == bits) {
            return 1;
        }
        return Float.floatToRawIntBits(x[t + width]) == bits ? width : width + 1;
    }

    /**
     * The same numbers in a new shape, read and written in row-major order: a batch's row of C·H·W
     * pixels can be viewed as C·H × W, for instance. {@code rows·cols} must equal the element count.
     * ∂L/∂x is ∂L/∂y in x's shape.
     */
    public Tensor reshape(int rows, int cols) {
        Node a = node;
        if ((long) rows * cols != a.size()) {
            throw new ShapeException("reshape", a.shape(), rows + "×" + cols,
                    "the new shape must hold the same " + a.size() + " numbers");
        }
        Node out = new Node("reshape", a.shape() + " → " + rows + "×" + cols, rows, cols, a);
        int n = a.size();
        out.forward = () -> System.arraycopy(a.value.data, 0, out.value.data, 0, n);
        out.backward = () -> {
            if (!a.needsGrad) {
                return;
            }
            float[] gy = out.grad.data, gx = a.grad.data;
            if (a.claimGrad()) {
                System.arraycopy(gy, 0, gx, 0, n);
            } else {
                for (int i = 0; i < n; i++) {
                    gx[i] += gy[i];
                }
            }
        };
        return new Tensor(out);
    }

    // ---------------------------------------------------------------- building blocks

    /** f(x) element-wise. */
    interface Function {
        float at(float x);
    }

    /** ∂f/∂x at x, given also out = f(x) (which many derivatives reuse). */
    interface Derivative {
        float at(float x, float out);
    }

    /** f(x, y) element-wise. */
    interface Function2 {
        float at(float x, float y);
    }

    /** A partial derivative of f(x, y) at (x, y), given also out = f(x, y). */
    interface Partial {
        float at(float x, float y, float out);
    }

    private Tensor unary(String op, String detail, Function f, Derivative df) {
        Node a = node;
        Node out = new Node(op, detail, a.rows, a.cols, a);
        int n = a.size();
        out.forward = () -> {
            float[] x = a.value.data, y = out.value.data;
            for (int i = 0; i < n; i++) {
                y[i] = f.at(x[i]);
            }
        };
        out.backward = () -> {
            if (!a.needsGrad) {
                return;
            }
            float[] x = a.value.data, y = out.value.data, gy = out.grad.data, gx = a.gradToAdd().data;
            for (int i = 0; i < n; i++) {
                gx[i] += gy[i] * df.at(x[i], y[i]);
            }
        };
        return new Tensor(out);
    }

    /**
     * f(a, b) element-wise, for equal shapes or with one side 1×1 (broadcast: the scalar's gradient is
     * the sum over every element it took part in).
     */
    private Tensor binary(String op, Tensor other, Function2 f, Partial dfa, Partial dfb) {
        Node a = node, b = other.node;
        boolean sameShape = a.rows == b.rows && a.cols == b.cols;
        if (!sameShape && !a.isScalar() && !b.isScalar()) {
            throw new ShapeException(op, a.shape(), b.shape(), "need equal shapes, or one side 1×1");
        }
        Node big = a.isScalar() ? b : a;
        Node out = new Node(op, "", big.rows, big.cols, a, b);
        int n = big.size();
        int sa = a.isScalar() ? 0 : 1, sb = b.isScalar() ? 0 : 1; // stride 0 repeats a scalar
        out.forward = () -> {
            float[] x = a.value.data, y = b.value.data, z = out.value.data;
            for (int i = 0; i < n; i++) {
                z[i] = f.at(x[i * sa], y[i * sb]);
            }
        };
        out.backward = () -> {
            float[] x = a.value.data, y = b.value.data, z = out.value.data, gz = out.grad.data;
            if (a.needsGrad) {
                float[] gx = a.gradToAdd().data;
                for (int i = 0; i < n; i++) {
                    gx[i * sa] += gz[i] * dfa.at(x[i * sa], y[i * sb], z[i]);
                }
            }
            if (b.needsGrad) {
                float[] gy = b.gradToAdd().data;
                for (int i = 0; i < n; i++) {
                    gy[i * sb] += gz[i] * dfb.at(x[i * sa], y[i * sb], z[i]);
                }
            }
        };
        return new Tensor(out);
    }

    private void requireShape(String what, int rows, int cols) {
        if (node.rows != rows || node.cols != cols) {
            throw new ShapeException(what, node.shape(), rows + "×" + cols, "shapes must be equal");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor && ((Tensor) o).node == node;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(node.id);
    }

    @Override
    public String toString() {
        String what = node.isLeaf() ? (node.name == null ? "leaf" : node.name) : node.op;
        return "Tensor#" + node.id + "(" + what + ", " + node.shape() + ")";
    }
}
