package digitlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Laziness, caching, invalidation, accumulation and the walkable graph. */
class GraphBehaviourTest {

    @Test
    void buildingAGraphComputesNothing() {
        Tensor x = Tensor.variable("x", 2);
        Tensor y = x.mul(x).add(x.sin());

        assertEquals(0, y.evaluations());
        assertEquals(0, y.inputs().get(0).evaluations());
        assertEquals(0, y.inputs().get(1).evaluations());
    }

    @Test
    void readingAValueComputesEachNodeOnceAndCachesIt() {
        Tensor x = Tensor.variable("x", 2);
        Tensor square = x.mul(x);
        Tensor y = square.add(square);

        assertEquals(8f, y.item());
        assertEquals(8f, y.item());
        y.value();

        assertEquals(1, y.evaluations());
        assertEquals(1, square.evaluations());
    }

    @Test
    void changingALeafRecomputesExactlyTheValuesDownstreamOfIt() {
        Tensor x = Tensor.variable("x", 2), z = Tensor.variable("z", 3);
        Tensor xx = x.mul(x);          // depends on x only
        Tensor zz = z.mul(z);          // depends on z only
        Tensor y = xx.add(zz);
        assertEquals(13f, y.item());

        z.set(1);

        assertEquals(5f, y.item());
        assertEquals(1, xx.evaluations(), "x*x does not depend on z");
        assertEquals(2, zz.evaluations());
        assertEquals(2, y.evaluations());
    }

    @Test
    void readingAnUpstreamNodeDoesNotComputeTheNodesBelowIt() {
        Tensor x = Tensor.variable("x", 2);
        Tensor square = x.mul(x);
        Tensor y = square.exp();

        assertEquals(4f, square.item());

        assertEquals(0, y.evaluations());
    }

    @Test
    void aChangeMadeInPlaceIsSeenOnceAnnounced() {
        FMatrixRMaj w = new FMatrixRMaj(new float[][] {{1, 2}});
        Tensor p = Tensor.parameter("w", w);
        Tensor total = p.sum();
        assertEquals(3f, total.item());

        p.value().set(0, 1, 10);
        p.changed();

        assertEquals(11f, total.item());
    }

    @Test
    void aNodeUsedTwiceGetsTheSumOfBothGradients() {
        Tensor x = Tensor.variable("x", 3);
        Tensor y = x.mul(Tensor.constant(2)).add(x.mul(x)); // 2x + x², dy/dx = 2 + 2x = 8

        y.backward();

        assertEquals(8f, x.gradItem());
    }

    @Test
    void aSharedIntermediateNodeAccumulatesFromEveryUse() {
        Tensor x = Tensor.variable("x", 2);
        Tensor s = x.sin();
        Tensor y = s.mul(s).add(s); // sin² x + sin x; dy/ds = 2 sin x + 1

        y.backward();

        float sin = (float) Math.sin(2);
        assertEquals(2 * sin + 1, s.gradItem(), 1e-6);
        assertEquals((2 * sin + 1) * (float) Math.cos(2), x.gradItem(), 1e-6);
    }

    @Test
    void aSecondBackwardGivesTheSameGradientsRatherThanDoublingThem() {
        Tensor x = Tensor.variable("x", 2), z = Tensor.variable("z", 5);
        Tensor y = x.mul(z);

        y.backward();
        y.backward();

        assertEquals(5f, x.gradItem());
        assertEquals(2f, z.gradItem());
    }

    @Test
    void zeroGradClearsEveryGradientAndKeepsTheGraph() {
        Tensor x = Tensor.variable("x", 2), z = Tensor.variable("z", 5);
        Tensor y = x.mul(z);
        y.backward();

        y.zeroGrad();

        assertEquals(0f, x.gradItem());
        assertEquals(0f, z.gradItem());
        assertEquals(0f, y.gradItem());
        y.backward();
        assertEquals(5f, x.gradItem());
    }

    @Test
    void backwardWithASeedScalesTheGradients() {
        Tensor x = Tensor.parameter("x", new FMatrixRMaj(new float[][] {{1, 2}, {3, 4}}));
        Tensor y = x.scale(3);
        FMatrixRMaj seed = new FMatrixRMaj(new float[][] {{1, 0}, {2, -1}});

        y.backward(seed);

        assertEquals(3f, x.grad().get(0, 0));
        assertEquals(0f, x.grad().get(0, 1));
        assertEquals(6f, x.grad().get(1, 0));
        assertEquals(-3f, x.grad().get(1, 1));
    }

    @Test
    void leavesThatDoNotRequireAGradientGetNone() {
        Tensor x = Tensor.variable("x", 2);
        Tensor c = Tensor.input("c", 1, 1).set(7);
        Tensor y = x.mul(c);

        y.backward();

        assertEquals(7f, x.gradItem());
        assertEquals(0f, c.gradItem());
        c.requireGrad(true);
        y.backward();
        assertEquals(2f, c.gradItem());
    }

    @Test
    void aLeafAskingForAGradientThatNothingSendsGetsZerosNotOldNumbers() {
        Tensor scores = Tensor.parameter("s", new FMatrixRMaj(new float[][] {{1, 2, 3}}));
        Tensor labels = Tensor.input("labels", 1, 1).set(2);
        Tensor loss = scores.logSoftmax().crossEntropy(labels);
        labels.grad().set(0, 0, 42f);
        labels.requireGrad(true);

        loss.backward();

        assertEquals(0f, labels.gradItem());
    }

    @Test
    void aMismatchedShapeNamesTheOperationAndBothShapes() {
        Tensor a = Tensor.input("a", 2, 3), b = Tensor.input("b", 4, 5);

        ShapeException e = assertThrows(ShapeException.class, () -> a.matmul(b));

        assertTrue(e.getMessage().contains("matmul"), e.getMessage());
        assertTrue(e.getMessage().contains("2×3"), e.getMessage());
        assertTrue(e.getMessage().contains("4×5"), e.getMessage());
        assertThrows(ShapeException.class, () -> a.add(b));
        assertThrows(ShapeException.class, () -> a.mul(Tensor.input("c", 3, 2)));
        assertThrows(ShapeException.class, () -> a.addRowVector(Tensor.input("r", 1, 2)));
        assertThrows(ShapeException.class, () -> a.logSoftmax().crossEntropy(1, 2, 0));
        assertThrows(ShapeException.class, () -> a.backward());
    }

    @Test
    void logSoftmaxOfHugeScoresStaysFiniteAndExact() {
        Tensor scores = Tensor.constant(new FMatrixRMaj(new float[][] {{1000, 1000, -1000}, {-5000, 0, 1e30f}}));

        FMatrixRMaj logp = scores.logSoftmax().value();

        assertEquals(-Math.log(2), logp.get(0, 0), 1e-6);
        assertEquals(-Math.log(2), logp.get(0, 1), 1e-6);
        assertEquals(-2000 - Math.log(2), logp.get(0, 2), 1e-3);
        assertEquals(0f, logp.get(1, 2));
        assertEquals(-1e30f, logp.get(1, 1), 1e24);
    }

    @Test
    void aLabelOutsideTheClassesIsRefusedWhenComputed() {
        Tensor scores = Tensor.input("s", 2, 3);
        Tensor loss = scores.logSoftmax().crossEntropy(0, 3);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, loss::item);

        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    @Test
    void theTopologicalOrderPutsEveryNodeAfterItsInputsAndTheOutputLast() {
        Tensor x = Tensor.variable("x", 1), z = Tensor.variable("z", 2);
        Tensor a = x.mul(z);
        Tensor y = a.add(x).mul(a.sin());

        List<Tensor> order = Graph.of(y).nodes();

        assertEquals(y, order.get(order.size() - 1));
        Set<Tensor> seen = new HashSet<>();
        for (Tensor t : order) {
            for (Tensor in : t.inputs()) {
                assertTrue(seen.contains(in), in + " comes before " + t);
            }
            assertTrue(seen.add(t), t + " appears once");
        }
        assertEquals(6, order.size());
        assertEquals(order.get(order.size() - 1), Graph.of(y).backwardOrder().get(0));
    }

    @Test
    void aVeryLongChainIsWalkedWithoutOverflowingTheStack() {
        Tensor x = Tensor.variable("x", 1);
        Tensor y = x;
        for (int i = 0; i < 200_000; i++) {
            y = y.add(x);
        }

        y.backward();

        assertEquals(200_001f, y.item());
        assertEquals(200_001f, x.gradItem());
    }

    @Test
    void nodesHaveStableDistinctIdsAndHandlesToOneNodeAreEqual() {
        Tensor x = Tensor.variable("x", 1);
        Tensor y = x.exp();

        assertEquals(y.inputs().get(0), x);
        assertEquals(y.inputs().get(0).id(), x.id());
        assertNotEquals(x.id(), y.id());
        assertEquals("exp", y.op());
        assertEquals("x", x.name());
        assertTrue(x.isLeaf());
        assertFalse(y.isLeaf());
    }

    @Test
    void theDotExportHasEveryNodeWithItsValueAndGradientAndEveryEdge() {
        Tensor x = Tensor.variable("x", 2), z = Tensor.variable("z", 0);
        Tensor y = x.mul(z).add(x);
        y.backward();

        String dot = Graph.of(y).toDot();

        assertTrue(dot.startsWith("digraph"), dot);
        assertTrue(dot.contains("n" + x.id() + " [label=\"x\\nvalue 2\\ngrad 1\""), dot);
        assertTrue(dot.contains("n" + z.id() + " [label=\"z\\nvalue 0\\ngrad 2\""), dot);
        assertTrue(dot.contains("add\\nvalue 2\\ngrad 1"), dot);
        assertTrue(dot.contains("n" + x.id() + " -> n" + y.inputs().get(0).id()), dot);
        assertTrue(dot.contains("n" + x.id() + " -> n" + y.id()), dot);
        assertEquals(4, dot.split("->", -1).length - 1, "x and z into mul, mul and x into add: " + dot);
    }
}
