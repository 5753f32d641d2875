package digitlab.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.ejml.data.FMatrixRMaj;

/**
 * One vertex of the computation graph: its operation, its inputs, a cached value and a gradient.
 * {@link Tensor} is the public handle; every operation in {@code Tensor} creates one node and gives it
 * a {@code forward} and a {@code backward} step.
 *
 * <p>Caching works with version numbers rather than "dirty" flags pushed downstream: a leaf's version
 * goes up when it is changed, an operation's when it is recomputed, and an operation remembers the
 * versions of its inputs it was computed from. So a node holds no references to its consumers and
 * a graph is garbage once its output is.
 *
 * <p>Not thread-safe: one thread owns a graph (see {@code Tensor}).
 */
final class Node {
    private static final AtomicLong NEXT_ID = new AtomicLong();

    final long id = NEXT_ID.incrementAndGet();
    final String op;
    /** Shown after the operation name, e.g. the exponent of {@code pow}; may be empty. */
    final String detail;
    final Node[] inputs;
    final int rows;
    final int cols;
    final FMatrixRMaj value;
    /** Allocated by the first backward pass that needs it. */
    FMatrixRMaj grad;
    /** Whether the current backward pass has written into {@link #grad} yet (until then it holds old numbers). */
    private boolean gradTouched;

    /** Leaves only: the name given when it was made (a scalar constant's is its value, a matrix constant's "const"). */
    String name;
    /** Leaves only: whether backward should compute this leaf's gradient. */
    boolean requiresGrad;
    /** Leaves only: whole-number class indices, which have no gradient, not even in a walk to every leaf. */
    boolean discrete;

    /** Computes {@link #value} from the inputs' values. Null for leaves. */
    Runnable forward;
    /** Adds this node's contribution to the gradients of the inputs that need one. Null for leaves. */
    Runnable backward;

    long version;
    private final long[] seenVersions;
    private boolean computed;
    private long evaluations;
    /** Set by each backward pass: does any leaf that requires a gradient lie upstream? */
    boolean needsGrad;
    /** The topological order of the subgraph ending here, computed once (inputs never change). */
    private Node[] order;
    /** The seed of a backward pass from a 1×1 node, kept so that a training step allocates nothing. */
    private FMatrixRMaj one;

    Node(String op, String detail, int rows, int cols, Node... inputs) {
        this(op, detail, checkedMatrix(op, rows, cols), inputs);
    }

    /** A node whose value is {@code value} itself, not a copy (a leaf that several graphs share). */
    Node(String op, String detail, FMatrixRMaj value, Node... inputs) {
        this.op = op;
        this.detail = detail;
        this.inputs = inputs;
        this.rows = value.numRows;
        this.cols = value.numCols;
        this.value = value;
        this.seenVersions = new long[inputs.length];
    }

    private static FMatrixRMaj checkedMatrix(String op, int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException(op + ": shape " + rows + "×" + cols + " is empty; need at least 1×1");
        }
        return new FMatrixRMaj(rows, cols);
    }

    boolean isLeaf() {
        return forward == null;
    }

    boolean isScalar() {
        return rows == 1 && cols == 1;
    }

    int size() {
        return rows * cols;
    }

    long evaluations() {
        return evaluations;
    }

    String shape() {
        return rows + "×" + cols;
    }

    /** Whether this node's value was ever computed (a leaf's never is: it is given). */
    boolean wasComputed() {
        return computed;
    }

    /** Whether an input's version differs from the one this node's value was computed from. */
    boolean inputChanged() {
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i].version != seenVersions[i]) {
                return true;
            }
        }
        return false;
    }

    /** Recomputes this node's value if it was never computed or an input changed since. */
    void refresh() {
        if (forward == null) {
            return;
        }
        boolean stale = !computed;
        for (int i = 0; i < inputs.length && !stale; i++) {
            stale = inputs[i].version != seenVersions[i];
        }
        if (!stale) {
            return;
        }
        forward.run();
        for (int i = 0; i < inputs.length; i++) {
            seenVersions[i] = inputs[i].version;
        }
        computed = true;
        version++;
        evaluations++;
    }

    /** Brings every value in the subgraph ending here up to date, each at most once. */
    void evaluate() {
        for (Node n : order()) {
            n.refresh();
        }
    }

    /** Marks a leaf's value as changed, so every value downstream of it is recomputed when next read. */
    void changed() {
        if (!isLeaf()) {
            throw new IllegalStateException(op + " is computed from its inputs; only a leaf can be changed");
        }
        version++;
    }

    /**
     * Reverse-mode differentiation: values first, then this node's gradient set to {@code seed} and
     * pushed down the graph in reverse topological order. Every gradient in the subgraph is reset first,
     * so afterwards each node's gradient is d(this)/d(node) for this seed, and a node used several
     * times holds the sum of what each use contributed.
     */
    void backward(FMatrixRMaj seed) {
        Node[] order = beginBackward(seed, false);
        for (int i = order.length - 1; i >= 0; i--) {
            order[i].pushGradient();
        }
        endBackward(order);
    }

    /**
     * The first part of {@link #backward(FMatrixRMaj)}: values up to date, every gradient reset, this
     * node's set to {@code seed}. Returns the topological order; the caller then calls
     * {@link #pushGradient()} on each node from the last to the first, then {@link #endBackward}.
     *
     * <p>With {@code everyLeaf}, every leaf but class indices counts as needing a gradient, constants and input batches too,
     * so that each node ends up with its true d(output)/d(node), as a diagram of the graph shows it.
     * Training passes false: the gradient of a batch or a constant is work it would throw away.
     */
    Node[] beginBackward(FMatrixRMaj seed, boolean everyLeaf) {
        if (seed.numRows != rows || seed.numCols != cols) {
            throw new IllegalArgumentException("backward: seed gradient is " + seed.numRows + "×" + seed.numCols
                    + " but the output is " + shape());
        }
        Node[] order = order();
        for (Node n : order) {
            n.refresh();
        }
        for (Node n : order) {
            n.needsGrad = n.isLeaf() ? n.requiresGrad || everyLeaf && !n.discrete : anyInputNeedsGrad(n);
            if (n.needsGrad || n == this) {
                if (n.grad == null) {
                    n.grad = new FMatrixRMaj(n.rows, n.cols);
                }
                n.gradTouched = false; // zeroed only if something adds to it: a product can simply overwrite it
            }
        }
        needsGrad = true;
        grad.setTo(seed);
        gradTouched = true;
        return order;
    }

    /** One step of backward: this node's gradient pushed into its inputs' (if it has a step and needs one). */
    void pushGradient() {
        if (backward != null && needsGrad) {
            backward.run();
        }
    }

    /** Whether this node's gradient holds something written in the current pass (else it counts as zero). */
    boolean gradWritten() {
        return gradTouched;
    }

    /** The last part of backward: a gradient nothing flowed into is zero (e.g. labels that asked for one). */
    static void endBackward(Node[] order) {
        for (Node n : order) {
            if (n.needsGrad && !n.gradTouched) {
                n.gradToAdd();
            }
        }
    }

    /** The gradient to add into during a backward pass: zeroed first if nothing was written to it yet. */
    FMatrixRMaj gradToAdd() {
        if (!gradTouched) {
            grad.zero();
            gradTouched = true;
        }
        return grad;
    }

    /**
     * For a backward step that can overwrite rather than add (a matrix product): true if nothing was
     * written to the gradient yet in this pass, so the step should overwrite it. Either way, the
     * gradient counts as written afterwards.
     */
    boolean claimGrad() {
        boolean fresh = !gradTouched;
        gradTouched = true;
        return fresh;
    }

    /** Backward from a 1×1 node with gradient 1. */
    void backward() {
        if (one == null) {
            one = new FMatrixRMaj(1, 1);
            one.data[0] = 1f;
        }
        backward(one);
    }

    private static boolean anyInputNeedsGrad(Node n) {
        for (Node in : n.inputs) {
            if (in.needsGrad) {
                return true;
            }
        }
        return false;
    }

    void zeroGrad() {
        for (Node n : order()) {
            if (n.grad != null) {
                n.grad.zero();
            }
        }
    }

    /**
     * The nodes this one depends on, itself last, each before every node that uses it: depth-first
     * search with a visited set, a node emitted once all its inputs are. Iterative, so a long chain
     * cannot overflow the stack. The inputs of a node never change, so the order is computed once.
     */
    List<Node> topologicalOrder() {
        return Collections.unmodifiableList(Arrays.asList(order()));
    }

    private Node[] order() {
        if (order != null) {
            return order;
        }
        List<Node> result = new ArrayList<>();
        Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Node> stack = new ArrayList<>();
        List<Integer> nextInput = new ArrayList<>();
        visited.add(this);
        stack.add(this);
        nextInput.add(0);
        while (!stack.isEmpty()) {
            int top = stack.size() - 1;
            Node n = stack.get(top);
            int i = nextInput.get(top);
            if (i < n.inputs.length) {
                nextInput.set(top, i + 1);
                Node input = n.inputs[i];
                if (visited.add(input)) {
                    stack.add(input);
                    nextInput.add(0);
                }
            } else {
                stack.remove(top);
                nextInput.remove(top);
                result.add(n);
            }
        }
        order = result.toArray(new Node[0]);
        return order;
    }
}
