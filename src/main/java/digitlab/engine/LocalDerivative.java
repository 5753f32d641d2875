package digitlab.engine;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;

/**
 * The chain rule's other factor, as data: for an operation out = f(a, b, …) and one of its inputs, the
 * local derivative ∂out/∂input as a short formula in the inputs' names ("∂(x·z)/∂x = z") and its
 * numbers at the current values. What travels back along the edge is the upstream gradient G = ∂L/∂out
 * combined with it as {@link #how} says: element by element for element-wise operations (summed where a
 * 1×1 input was broadcast), a matrix product for matmul.
 *
 * <p>Keyed by the operation's name: an operation of {@link Tensor} this class does not know is an
 * {@link IllegalArgumentException}, and LocalDerivativeTest finds every operation Tensor defines, so a new
 * one without a description fails a test.
 */
public final class LocalDerivative {
    /** How the upstream gradient G meets the local derivative L to give what the input receives. */
    public enum Combine {
        /** G ⊙ L element by element, summed over every element where the input is a broadcast 1×1. */
        TIMES,
        /** G·L, a matrix product (∂(A·B)/∂A: L = Bᵀ). */
        G_TIMES_L,
        /** L·G (∂(A·B)/∂B: L = Aᵀ). */
        L_TIMES_G,
        /** Gᵀ·L (∂(A·Bᵀ)/∂B: L = A). */
        G_TRANSPOSED_TIMES_L,
        /** G's rows summed (a bias added to every row: L is 1 everywhere). */
        ROWS_SUMMED,
        /** No matrix of numbers says it in a few words (a convolution, a softmax): the formula says how. */
        FORMULA_ONLY
    }

    /**
     * ∂out/∂input for one input.
     *
     * @param formula "∂(x·z)/∂x = z": the derivative in the inputs' names
     * @param value   its numbers at the current values (null for {@link Combine#FORMULA_ONLY}); for
     *                element-wise operations one per element of out, ∂outₖ/∂inputₖ
     * @param how     how the upstream gradient meets it
     */
    public record Part(String formula, FMatrixRMaj value, Combine how) {
    }

    private LocalDerivative() {
    }

    /** Every operation described here, which is every operation {@link Tensor} builds. */
    public static List<String> operations() {
        return List.of("add", "sub", "mul", "div", "pow", "neg", "scale", "exp", "log", "sqrt", "sin", "cos", "tan",
                "tanh", "sigmoid", "abs", "relu", "sum", "mean", "matmul", "matmul_t", "add_row", "log_softmax",
                "cross_entropy", "conv2d", "maxpool", "reshape");
    }

    /**
     * ∂(node)/∂(its input {@code input}) with the inputs called {@code names} (one per input, in operand
     * order; composite ones in brackets if they need them). Values are brought up to date first; nothing
     * else in the graph is modified.
     *
     * @throws IllegalArgumentException for a leaf, an input out of range, or an operation not described here
     */
    public static Part of(Tensor node, int input, List<String> names) {
        Node n = node.node;
        if (n.isLeaf()) {
            throw new IllegalArgumentException("a leaf has no inputs, so no local derivative");
        }
        if (input < 0 || input >= n.inputs.length || names.size() != n.inputs.length) {
            throw new IllegalArgumentException(n.op + " has " + n.inputs.length + " inputs; asked for input " + input
                    + " with " + names.size() + " names");
        }
        node.value();
        int[] needed = switch (n.op) {
            case "add", "add_row" -> new int[] {0, 0};
            case "sub" -> new int[] {0, 1};
            case "mul", "div", "matmul", "matmul_t" -> new int[] {1, 2};
            case "neg", "scale" -> new int[] {2, 2};
            default -> new int[] {3, 3};
        };
        String a = wrapName(n.inputs[0], names.get(0), needed[0]);
        String b = names.size() > 1 ? wrapName(n.inputs[1], names.get(1), needed[1]) : "";
        String x = wrapName(n.inputs[input], names.get(input), 3);
        boolean first = input == 0;
        return switch (n.op) {
            case "add" -> elementwise(n, input, "∂(" + a + " + " + b + ")/∂" + x + " = 1", (p, q, o) -> 1f);
            case "sub" -> elementwise(n, input, "∂(" + a + " − " + b + ")/∂" + x + " = " + (first ? "1" : "−1"),
                    first ? (p, q, o) -> 1f : (p, q, o) -> -1f);
            case "mul" -> elementwise(n, input, "∂(" + a + "·" + b + ")/∂" + x + " = " + (first ? b : a),
                    first ? (p, q, o) -> q : (p, q, o) -> p);
            case "div" -> elementwise(n, input, "∂(" + a + "/" + b + ")/∂" + x + " = " + (first ? "1/" + b : "−" + a + "/" + b + "²"),
                    first ? (p, q, o) -> 1f / q : (p, q, o) -> -p / (q * q));
            case "pow" -> n.inputs.length == 2
                    ? elementwise(n, input, "∂(" + a + "^" + b + ")/∂" + x + " = "
                            + (first ? b + "·" + a + "^(" + b + "−1)" : a + "^" + b + "·ln " + a),
                            first ? (p, q, o) -> q == 0f ? 0f : (float) (q * Math.pow(p, q - 1))
                                    : (p, q, o) -> o == 0f ? 0f : (float) (o * Math.log(p)))
                    : constantPower(n, a);
            case "neg" -> elementwise(n, 0, "∂(−" + a + ")/∂" + a + " = −1", (p, q, o) -> -1f);
            case "scale" -> elementwise(n, 0, "∂(" + n.detail + "·" + a + ")/∂" + a + " = " + n.detail,
                    (p, q, o) -> Float.parseFloat(n.detail));
            case "exp" -> elementwise(n, 0, "∂(e^" + a + ")/∂" + a + " = e^" + a, (p, q, o) -> o);
            case "log" -> elementwise(n, 0, "∂(ln " + a + ")/∂" + a + " = 1/" + a, (p, q, o) -> 1f / p);
            case "sqrt" -> elementwise(n, 0, "∂(√" + a + ")/∂" + a + " = 1/(2√" + a + ")", (p, q, o) -> 0.5f / o);
            case "sin" -> elementwise(n, 0, "∂(sin " + a + ")/∂" + a + " = cos " + a, (p, q, o) -> (float) Math.cos(p));
            case "cos" -> elementwise(n, 0, "∂(cos " + a + ")/∂" + a + " = −sin " + a, (p, q, o) -> -(float) Math.sin(p));
            case "tan" -> elementwise(n, 0, "∂(tan " + a + ")/∂" + a + " = 1 + tan² " + a, (p, q, o) -> 1f + o * o);
            case "tanh" -> elementwise(n, 0, "∂(tanh " + a + ")/∂" + a + " = 1 − tanh² " + a, (p, q, o) -> 1f - o * o);
            case "sigmoid" -> elementwise(n, 0, "∂σ(" + a + ")/∂" + a + " = σ(" + a + ")(1 − σ(" + a + "))", (p, q, o) -> o * (1f - o));
            case "abs" -> elementwise(n, 0, "∂|" + a + "|/∂" + a + " = sign " + a, (p, q, o) -> Math.signum(p));
            case "relu" -> elementwise(n, 0, "∂relu(" + a + ")/∂" + a + " = 1 where " + a + " > 0, else 0", (p, q, o) -> o > 0f ? 1f : 0f);
            case "sum" -> filled(n, "∂(Σ " + a + ")/∂" + a + "ᵢ = 1", 1f);
            case "mean" -> filled(n, "∂(mean " + a + ")/∂" + a + "ᵢ = 1/" + n.inputs[0].size(), 1f / n.inputs[0].size());
            case "reshape" -> filled(n, "∂(" + a + " reshaped)/∂" + a + " = 1, entry for entry", 1f);
            case "matmul" -> first
                    ? new Part("∂(" + a + "·" + b + ")/∂" + a + " = " + b + "ᵀ", transposed(n.inputs[1].value), Combine.G_TIMES_L)
                    : new Part("∂(" + a + "·" + b + ")/∂" + b + " = " + a + "ᵀ", transposed(n.inputs[0].value), Combine.L_TIMES_G);
            case "matmul_t" -> first
                    ? new Part("∂(" + a + "·" + b + "ᵀ)/∂" + a + " = " + b, n.inputs[1].value.copy(), Combine.G_TIMES_L)
                    : new Part("∂(" + a + "·" + b + "ᵀ)/∂" + b + " = " + a + " (with G transposed)", n.inputs[0].value.copy(),
                            Combine.G_TRANSPOSED_TIMES_L);
            case "add_row" -> first
                    ? filledLike(n.inputs[0], "∂(" + a + " + row " + b + ")/∂" + a + " = 1", Combine.TIMES)
                    : filledLike(n.inputs[0], "∂(" + a + " + row " + b + ")/∂" + b + " = 1 in every row (the rows add up)", Combine.ROWS_SUMMED);
            case "log_softmax" -> new Part("∂yᵢⱼ/∂" + a + "ᵢₖ = [j = k] − softmax(" + a + ")ᵢₖ", null, Combine.FORMULA_ONLY);
            case "cross_entropy" -> first ? crossEntropy(n, a)
                    : new Part("none: " + b + " are class indices, whole numbers", null, Combine.FORMULA_ONLY);
            case "conv2d" -> new Part(switch (input) {
                case 0 -> "∂y/∂" + a + ": each pixel gets the filter weights it met, Kᵀ·G added back (col2im)";
                case 1 -> "∂y/∂" + names.get(1) + ": each weight gets the pixels it met, G·X̂ᵀ";
                default -> "∂y/∂" + names.get(2) + " = 1 for every output of its filter";
            }, null, Combine.FORMULA_ONLY);
            case "maxpool" -> new Part("∂(max of 2×2)/∂" + a + " = 1 at each window's maximum, else 0", null, Combine.FORMULA_ONLY);
            default -> throw new IllegalArgumentException("no local derivative is described for the operation " + n.op);
        };
    }

    /**
     * What the input receives from the upstream gradient G through this local derivative, in the input's
     * shape ({@code rows}×{@code cols}); a new matrix, nothing modified. TIMES: cₖ = Gₖ·Lₖ (a 1×1 G or L
     * repeated), summed into one number for a 1×1 input; the matrix products as {@link Combine} says;
     * ROWS_SUMMED: cⱼ = Σᵢ Gᵢⱼ·Lᵢⱼ. Null for {@link Combine#FORMULA_ONLY}.
     */
    public static FMatrixRMaj contribution(Part part, FMatrixRMaj upstream, int rows, int cols) {
        FMatrixRMaj l = part.value(), c = new FMatrixRMaj(rows, cols);
        switch (part.how()) {
            case TIMES -> {
                int n = Math.max(l.data.length, upstream.data.length);
                int sg = upstream.data.length == 1 ? 0 : 1, sl = l.data.length == 1 ? 0 : 1, sc = c.data.length == 1 ? 0 : 1;
                for (int k = 0; k < n; k++) {
                    c.data[k * sc] += upstream.data[k * sg] * l.data[k * sl];
                }
            }
            case G_TIMES_L -> CommonOps_FDRM.mult(upstream, l, c);
            case L_TIMES_G -> CommonOps_FDRM.mult(l, upstream, c);
            case G_TRANSPOSED_TIMES_L -> CommonOps_FDRM.multTransA(upstream, l, c);
            case ROWS_SUMMED -> {
                for (int i = 0, k = 0; i < upstream.numRows; i++) {
                    for (int j = 0; j < upstream.numCols; j++, k++) {
                        c.data[j] += upstream.data[k] * l.data[k];
                    }
                }
            }
            default -> {
                return null;
            }
        }
        return c;
    }

    /** The value with every input a plain number: "∂(x·z)/∂x = z = 0.5" (the formula alone if it is a matrix). */
    public static String withValue(Part part) {
        return withValue(part, NumberText::number);
    }

    /** {@link #withValue(Part)} with the number written by {@code format} (a minus sign as "−"). */
    public static String withValue(Part part, Function<Float, String> format) {
        if (part.value() == null || part.value().getNumElements() != 1) {
            return part.formula();
        }
        String number = format.apply(part.value().get(0)).replace('-', '−');
        return part.formula().endsWith(" = " + number) ? part.formula() : part.formula() + " = " + number;
    }

    /**
     * What to call {@code t} in another node's formula: a leaf by its name; an operation by its formula
     * ({@link #infix}) if that has at most {@code longest} characters ("z + a"); else by its operation
     * and id ("mul#7"), as the step messages call it. {@link #of} puts a formula in brackets where its
     * operation binds more loosely than the one using it.
     */
    public static String name(Tensor t, int longest) {
        if (t.isLeaf()) {
            return t.name();
        }
        String text = infix(t.node);
        return text.length() > longest ? t.op() + "#" + t.id() : text;
    }

    /** {@code name} of {@code input} in brackets if it is its formula and binds more loosely than {@code needed}. */
    private static String wrapName(Node input, String name, int needed) {
        boolean formula = !input.isLeaf() && !name.equals(input.op + "#" + input.id) && !name.startsWith("(");
        return formula && binding(input) < needed ? "(" + name + ")" : name;
    }

    /**
     * A node written as a formula over its leaves, "3·x·x·x + 4·x", operations by the usual signs; what
     * has no sign as its name ("matmul(W1, x)"). Brackets only where an operand binds more loosely than
     * its operation. Values are not read.
     */
    public static String infix(Tensor t) {
        return infix(t.node);
    }

    private static String infix(Node n) {
        if (n.isLeaf()) {
            return n.name;
        }
        String a = n.inputs.length > 0 ? infix(n.inputs[0]) : "", b = n.inputs.length > 1 ? infix(n.inputs[1]) : "";
        return switch (n.op) {
            case "add" -> a + " + " + b;
            case "sub" -> a + " − " + wrap(n.inputs[1], b, 1);
            case "mul" -> wrap(n.inputs[0], a, 1) + "·" + wrap(n.inputs[1], b, 2);
            case "div" -> wrap(n.inputs[0], a, 1) + "/" + wrap(n.inputs[1], b, 2);
            case "pow" -> wrap(n.inputs[0], a, 3) + "^" + (n.inputs.length == 2 ? wrap(n.inputs[1], b, 3) : n.detail);
            case "neg" -> "−" + wrap(n.inputs[0], a, 2);
            case "scale" -> n.detail + "·" + wrap(n.inputs[0], a, 2);
            default -> {
                StringBuilder s = new StringBuilder(n.op).append('(');
                for (int i = 0; i < n.inputs.length; i++) {
                    s.append(i > 0 ? ", " : "").append(infix(n.inputs[i]));
                }
                yield s.append(')').toString();
            }
        };
    }

    /** How tightly an operation binds: 0 for + and −, 1 for · and /, 2 for powers and signs, 3 for a name or call. */
    private static int binding(Node n) {
        if (n.isLeaf()) {
            return n.name.startsWith("-") ? 1 : 3;
        }
        return switch (n.op) {
            case "add", "sub" -> 0;
            case "mul", "div", "scale", "neg" -> 1;
            case "pow" -> 2;
            default -> 3;
        };
    }

    private static String wrap(Node operand, String text, int needed) {
        return binding(operand) < needed ? "(" + text + ")" : text;
    }

    /** ∂f(p, q)/∂(one of them) at one element, given out = f(p, q). */
    private interface Slope {
        float at(float p, float q, float out);
    }

    /** One number per element of out: ∂outₖ/∂inputₖ, a 1×1 input broadcast to every k. */
    private static Part elementwise(Node n, int input, String formula, Slope slope) {
        Node a = n.inputs[0], b = n.inputs.length > 1 ? n.inputs[1] : n.inputs[0];
        int sa = a.isScalar() ? 0 : 1, sb = b.isScalar() ? 0 : 1;
        FMatrixRMaj local = new FMatrixRMaj(n.rows, n.cols);
        for (int k = 0; k < local.data.length; k++) {
            local.data[k] = slope.at(a.value.data[k * sa], b.value.data[k * sb], n.value.data[k]);
        }
        return new Part(formula, local, Combine.TIMES);
    }

    /** a^p for a constant p: "∂(x^3)/∂x = 3·x^2". */
    private static Part constantPower(Node n, String a) {
        float p = Float.parseFloat(n.detail);
        String slope = p == 0f ? "0" : NumberText.number(p) + "·" + a + "^" + NumberText.number(p - 1);
        return elementwise(n, 0, "∂(" + a + "^" + n.detail + ")/∂" + a + " = " + slope,
                (x, q, o) -> p == 0f ? 0f : (float) (p * Math.pow(x, p - 1)));
    }

    /** A reduction or a reshape: the same number for every element of the input. */
    private static Part filled(Node n, String formula, float v) {
        FMatrixRMaj local = new FMatrixRMaj(n.inputs[0].rows, n.inputs[0].cols);
        local.fill(v);
        return new Part(formula, local, Combine.TIMES);
    }

    private static Part filledLike(Node shape, String formula, Combine how) {
        FMatrixRMaj local = new FMatrixRMaj(shape.rows, shape.cols);
        local.fill(1f);
        return new Part(formula, local, how);
    }

    /** −1/n at each row's label, 0 elsewhere. */
    private static Part crossEntropy(Node n, String a) {
        Node x = n.inputs[0], labels = n.inputs[1];
        FMatrixRMaj local = new FMatrixRMaj(x.rows, x.cols);
        for (int i = 0; i < x.rows; i++) {
            local.set(i, (int) labels.value.data[i], -1f / x.rows);
        }
        return new Part(String.format(Locale.ROOT, "∂(cross-entropy)/∂%s = −1/%d at each row's label, else 0", a, x.rows),
                local, Combine.TIMES);
    }

    private static FMatrixRMaj transposed(FMatrixRMaj m) {
        FMatrixRMaj t = new FMatrixRMaj(m.numCols, m.numRows);
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                t.set(j, i, m.get(i, j));
            }
        }
        return t;
    }
}
