package digitlab.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.ejml.data.FMatrixRMaj;

/**
 * A backward pass taken one node at a time, to watch the algorithm work: the nodes in reverse
 * topological order, each pushing its gradient into its inputs, where uses of the same node add up.
 * After the last step every gradient equals what {@link Tensor#backward(FMatrixRMaj)} leaves.
 *
 * <p>Runs on the graph itself, so nothing else may use the graph while a walk is under way.
 */
public final class BackwardWalk {
    /**
     * One step: {@code node} pushed its gradient into {@code receivers}; {@code contributions.get(i)}
     * is what receiver i got from it (a copy: its gradient after the step minus before).
     */
    public record Step(int index, Tensor node, List<Tensor> receivers, List<FMatrixRMaj> contributions) {
    }

    private final Node[] order;
    private int next;

    private BackwardWalk(Node output, FMatrixRMaj seed, boolean everyLeaf) {
        this.order = output.beginBackward(seed, everyLeaf);
        this.next = order.length - 1;
    }

    /**
     * A walk from {@code output}, whose gradient is set to {@code seed}; no step taken yet. Like
     * {@link Tensor#backward(FMatrixRMaj)}, it computes the gradients of the leaves that require one
     * (parameters, variables) and of the nodes between them and the output; a constant's stays zero.
     */
    public static BackwardWalk from(Tensor output, FMatrixRMaj seed) {
        return new BackwardWalk(output.node, seed, false);
    }

    /**
     * A walk that computes every node's gradient, constants and input batches included: for the 3 of
     * 3·x, d(output)/d(3) = x·(what reached the product). Costs what those gradients cost (for a batch
     * of images, one more matrix product), which is why training does not do it.
     */
    public static BackwardWalk toEveryLeaf(Tensor output, FMatrixRMaj seed) {
        return new BackwardWalk(output.node, seed, true);
    }

    /** A walk from a 1×1 output, whose gradient is 1. */
    public static BackwardWalk from(Tensor output) {
        FMatrixRMaj one = new FMatrixRMaj(1, 1);
        one.data[0] = 1f;
        return from(output, one);
    }

    /** The nodes in the order the walk visits them: the output first, then backwards. */
    public List<Tensor> order() {
        List<Tensor> list = new ArrayList<>(order.length);
        for (int i = order.length - 1; i >= 0; i--) {
            list.add(new Tensor(order[i]));
        }
        return Collections.unmodifiableList(list);
    }

    /** How many steps are done. */
    public int stepsTaken() {
        return order.length - 1 - next;
    }

    public boolean hasNext() {
        return next >= 0;
    }

    /** Takes the next step and says what it did. */
    public Step step() {
        if (next < 0) {
            throw new IllegalStateException("the backward walk is over: all " + order.length + " nodes have pushed their gradients");
        }
        Node n = order[next];
        List<Tensor> receivers = new ArrayList<>();
        List<FMatrixRMaj> before = new ArrayList<>();
        if (n.backward != null && n.needsGrad) {
            for (Node in : n.inputs) {
                if (in.needsGrad && receivers.stream().noneMatch(r -> r.node == in)) {
                    receivers.add(new Tensor(in));
                    before.add(gradientSoFar(in));
                }
            }
        }
        n.pushGradient();
        List<FMatrixRMaj> contributions = new ArrayList<>();
        for (int i = 0; i < receivers.size(); i++) {
            FMatrixRMaj after = gradientSoFar(receivers.get(i).node);
            for (int e = 0; e < after.data.length; e++) {
                after.data[e] -= before.get(i).data[e];
            }
            contributions.add(after);
        }
        int index = stepsTaken();
        next--;
        if (next < 0) {
            Node.endBackward(order);
        }
        return new Step(index, new Tensor(n), List.copyOf(receivers), List.copyOf(contributions));
    }

    /** Takes every step left. */
    public void finish() {
        while (hasNext()) {
            step();
        }
    }

    /** A copy of {@code t}'s gradient as the walk has made it so far (zero before anything reached it). */
    public FMatrixRMaj gradientSoFar(Tensor t) {
        return gradientSoFar(t.node);
    }

    private static FMatrixRMaj gradientSoFar(Node n) {
        return n.grad != null && n.gradWritten() ? n.grad.copy() : new FMatrixRMaj(n.rows, n.cols);
    }
}
