package digitlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import digitlab.engine.ForwardWalk.State;
import digitlab.expr.Expression;

/** Lazy evaluation one node at a time: topological order, nothing computed twice, exactly the downstream nodes stale. */
class ForwardWalkTest {

    private static Tensor op(Expression e, String infix) {
        return Graph.of(e.output()).nodes().stream().filter(t -> !t.isLeaf() && LocalDerivative.infix(t).equals(infix))
                .findFirst().orElseThrow(() -> new AssertionError("no node " + infix));
    }

    @Test
    void beforeAnythingIsAskedEveryOperationIsNotComputedAndLeavesAreLeaves() {
        Expression e = Expression.parse("x*(z+a)");
        Map<Tensor, State> states = ForwardWalk.of(e.output()).states();
        assertEquals(5, states.size());
        assertEquals(State.NOT_COMPUTED, states.get(e.output()));
        assertEquals(State.NOT_COMPUTED, states.get(op(e, "z + a")));
        assertEquals(State.LEAF, states.get(e.variables().get("x")));
        assertEquals(0, e.output().evaluations(), "reading the states computes nothing");
    }

    @Test
    void stepForwardComputesTheOperationsInTopologicalOrderOneAtATime() {
        Expression e = Expression.parse("3*x*x*x + 4*x + 1 + x*z");
        e.set("x", 2);
        e.set("z", 0);
        ForwardWalk walk = ForwardWalk.of(e.output());
        List<Tensor> expected = walk.order().stream().filter(t -> !t.isLeaf()).toList();
        List<Tensor> computed = new ArrayList<>();
        while (walk.hasNext()) {
            ForwardWalk.Step step = walk.step();
            assertFalse(step.again());
            assertEquals(computed.size(), step.index());
            computed.add(step.node());
            assertEquals(State.UP_TO_DATE, walk.states().get(step.node()));
            for (Tensor later : expected.subList(computed.size(), expected.size())) {
                assertEquals(State.NOT_COMPUTED, walk.states().get(later), "only one node per step");
            }
        }
        assertEquals(expected, computed);
        assertEquals(8, computed.size());
        assertEquals(33f, e.output().value().get(0));
        assertEquals(1, e.output().evaluations(), "reading the output after the walk computes nothing again");
        assertThrows(IllegalStateException.class, walk::step);
    }

    @Test
    void changingAVariableMakesExactlyTheNodesDownstreamOfItStale() {
        Expression e = Expression.parse("x*(z+a)");
        e.set("x", 2);
        e.set("z", 1);
        e.set("a", 1);
        e.output().item();
        ForwardWalk walk = ForwardWalk.of(e.output());
        assertFalse(walk.hasNext(), "all up to date");
        e.set("x", 5);
        Map<Tensor, State> states = walk.states();
        assertEquals(State.STALE, states.get(e.output()));
        assertEquals(State.UP_TO_DATE, states.get(op(e, "z + a")), "z + a does not depend on x");
        ForwardWalk.Step step = walk.step();
        assertEquals(e.output(), step.node(), "only the product is computed again");
        assertTrue(step.again());
        assertFalse(walk.hasNext());
        assertEquals(10f, e.output().item());
        e.set("z", 3);
        states = walk.states();
        assertEquals(State.STALE, states.get(op(e, "z + a")));
        assertEquals(State.STALE, states.get(e.output()), "downstream of a stale node is stale too");
        assertEquals(op(e, "z + a"), walk.step().node());
        assertEquals(e.output(), walk.step().node());
        assertEquals(20f, e.output().item());
    }
}
