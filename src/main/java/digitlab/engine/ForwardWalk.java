package digitlab.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lazy evaluation taken one node at a time, to watch it work: the nodes of the graph ending at an output
 * in topological order, each computed only if the engine would compute it now, because it never was or
 * because a leaf upstream changed since (the version numbers of {@link Node}). Asking for the output's
 * value does the same steps at once.
 *
 * <p>Runs on the graph itself: nothing else may use the graph while a walk is under way.
 */
public final class ForwardWalk {
    /** What the engine holds for a node now. */
    public enum State {
        /** A leaf: its value is given, never computed. */
        LEAF,
        /** Never computed: nothing has asked for it yet. */
        NOT_COMPUTED,
        /** Computed once, but a leaf upstream changed since: the next read computes it again. */
        STALE,
        /** Computed from the current values of its inputs. */
        UP_TO_DATE
    }

    /** One step: {@code node} was computed, for the first time or again ({@code again}). */
    public record Step(int index, Tensor node, boolean again) {
    }

    private final Node[] order;
    private int steps;

    private ForwardWalk(Node output) {
        this.order = output.topologicalOrder().toArray(new Node[0]);
    }

    /** A walk over the graph ending at {@code output}; nothing is computed until {@link #step()}. */
    public static ForwardWalk of(Tensor output) {
        return new ForwardWalk(output.node);
    }

    /** The nodes in topological order: each after its inputs, the output last. */
    public List<Tensor> order() {
        List<Tensor> list = new ArrayList<>(order.length);
        for (Node n : order) {
            list.add(new Tensor(n));
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * Each node's state as the engine has it now, read from its version numbers, nothing changed: an
     * operation is stale when it was computed and an input's version moved since, or an input of it is
     * itself stale or not computed (that input's next computation moves its version).
     */
    public Map<Tensor, State> states() {
        Map<Node, State> byNode = new IdentityHashMap<>();
        Map<Tensor, State> states = new LinkedHashMap<>();
        for (Node n : order) {
            State s = stateOf(n, byNode);
            byNode.put(n, s);
            states.put(new Tensor(n), s);
        }
        return Collections.unmodifiableMap(states);
    }

    private static State stateOf(Node n, Map<Node, State> known) {
        if (n.isLeaf()) {
            return State.LEAF;
        }
        if (!n.wasComputed()) {
            return State.NOT_COMPUTED;
        }
        if (n.inputChanged()) {
            return State.STALE;
        }
        for (Node in : n.inputs) {
            State s = known.get(in);
            if (s == State.STALE || s == State.NOT_COMPUTED) {
                return State.STALE;
            }
        }
        return State.UP_TO_DATE;
    }

    /** Whether some node would be computed by reading the output now. */
    public boolean hasNext() {
        return next() != null;
    }

    /** How many nodes this walk has computed. */
    public int stepsTaken() {
        return steps;
    }

    /**
     * Computes the first node in topological order that is not up to date (its inputs all are, being
     * earlier) and says which it was.
     *
     * @throws IllegalStateException when every node is up to date
     */
    public Step step() {
        Node n = next();
        if (n == null) {
            throw new IllegalStateException("every node is up to date: nothing to compute");
        }
        boolean again = n.wasComputed();
        n.refresh();
        return new Step(steps++, new Tensor(n), again);
    }

    private Node next() {
        Map<Node, State> known = new IdentityHashMap<>();
        for (Node n : order) {
            State s = stateOf(n, known);
            if (s == State.NOT_COMPUTED || s == State.STALE) {
                return n;
            }
            known.put(n, s);
        }
        return null;
    }
}
