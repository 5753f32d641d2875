package digitlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

import digitlab.expr.Expression;

/** Backward taken one node at a time visits the nodes in reverse topological order and ends where backward ends. */
class BackwardWalkTest {

    @Test
    void theWalkVisitsEveryNodeInReverseTopologicalOrder() {
        Expression e = Expression.parse("3*x*x*x + 4*x + 1 + x*z");
        BackwardWalk walk = BackwardWalk.from(e.output());
        List<Tensor> expected = Graph.of(e.output()).backwardOrder();
        assertEquals(expected, walk.order());
        int i = 0;
        while (walk.hasNext()) {
            BackwardWalk.Step step = walk.step();
            assertEquals(i, step.index());
            assertEquals(expected.get(i), step.node());
            i++;
        }
        assertEquals(expected.size(), i);
        assertThrows(IllegalStateException.class, walk::step);
    }

    @Test
    void theClassicFormulaEndsWithTheGradientsFortyAndTwoAddedUpUseByUse() {
        Expression e = Expression.parse("3*x*x*x + 4*x + 1 + x*z");
        e.set("x", 2);
        e.set("z", 0);
        Tensor x = e.variables().get("x"), z = e.variables().get("z");
        BackwardWalk walk = BackwardWalk.from(e.output());
        assertEquals(0f, walk.gradientSoFar(x).get(0), "nothing has reached x before the walk starts");
        assertEquals(1f, walk.gradientSoFar(e.output()).get(0), "the output's gradient is the seed");
        float fromContributions = 0;
        float previous = 0;
        int stepsReachingX = 0;
        while (walk.hasNext()) {
            BackwardWalk.Step step = walk.step();
            for (int r = 0; r < step.receivers().size(); r++) {
                if (step.receivers().get(r).equals(x)) {
                    fromContributions += step.contributions().get(r).get(0);
                    stepsReachingX++;
                    float now = walk.gradientSoFar(x).get(0);
                    assertEquals(previous + step.contributions().get(r).get(0), now, 1e-4f);
                    previous = now;
                }
            }
        }
        assertEquals(33f, e.output().item());
        assertEquals(40f, x.gradItem());
        assertEquals(2f, z.gradItem());
        assertEquals(40f, fromContributions, 1e-4f, "x's gradient is the sum of what each use sent it");
        assertTrue(stepsReachingX >= 3, "x is used in three places: " + stepsReachingX);
    }

    @Test
    void aNodeUsedTwiceByOneOperationGetsBothShares() {
        Expression e = Expression.parse("x*x");
        e.set("x", 3);
        BackwardWalk walk = BackwardWalk.from(e.output());
        BackwardWalk.Step step = walk.step();
        assertEquals(1, step.receivers().size());
        assertEquals(6f, step.contributions().get(0).get(0));
        assertFalse(walk.hasNext() && walk.step().receivers().size() > 0, "x is a leaf: it pushes nothing");
    }

    @Test
    void onMatricesTheWalkLeavesExactlyTheGradientsOfBackward() {
        Random random = new Random(4);
        FMatrixRMaj w = new FMatrixRMaj(5, 7), xs = new FMatrixRMaj(3, 7);
        for (int i = 0; i < w.data.length; i++) {
            w.data[i] = random.nextFloat() - 0.5f;
        }
        for (int i = 0; i < xs.data.length; i++) {
            xs.data[i] = random.nextFloat();
        }
        Tensor weights = Tensor.parameter("W", w), x = Tensor.input("x", 3, 7).set(xs);
        Tensor loss = x.matmulTransposed(weights).relu().logSoftmax().crossEntropy(1, 4, 0);
        loss.backward();
        FMatrixRMaj expected = weights.grad().copy();
        BackwardWalk.from(loss).finish();
        assertEquals(expected.getNumElements(), weights.grad().getNumElements());
        for (int i = 0; i < expected.data.length; i++) {
            assertEquals(expected.data[i], weights.grad().data[i], 0f);
        }
    }

    private static Tensor constantNamed(Expression e, String name) {
        return Graph.of(e.output()).nodes().stream().filter(t -> t.isLeaf() && name.equals(t.name())).findFirst().orElseThrow();
    }

    @Test
    void aWalkToEveryLeafGivesTheConstantsOfTheClassicFormulaTheirTrueGradients() {
        Expression e = Expression.parse("3*x*x*x + 4*x + 1 + x*z");
        e.set("x", 2);
        e.set("z", 0.5f);
        BackwardWalk.toEveryLeaf(e.output(), one()).finish();
        assertEquals(8f, constantNamed(e, "3").gradItem(), "d/d3 of 3x³ is x³");
        assertEquals(2f, constantNamed(e, "4").gradItem(), "d/d4 of 4x is x");
        assertEquals(1f, constantNamed(e, "1").gradItem());
        assertEquals(3 * 3 * 4 + 4 + 0.5f, e.variables().get("x").gradItem(), 1e-4f, "the variables' are as before");
        assertEquals(2f, e.variables().get("z").gradItem());
    }

    @Test
    void theConstantsGradientsAgreeWithFiniteDifferences() {
        Expression e = Expression.parse("sin(2*x^3 + 4*x^2 + 3*x + 2)");
        e.set("x", 0.5f);
        BackwardWalk.toEveryLeaf(e.output(), one()).finish();
        for (Tensor c : Graph.of(e.output()).nodes()) {
            if (!c.isLeaf() || c.name().equals("x")) {
                continue;
            }
            float analytic = c.gradItem(), original = c.item();
            double h = 1e-3;
            c.set((float) (original + h));
            double plus = e.output().item();
            c.set((float) (original - h));
            double minus = e.output().item();
            c.set(original);
            assertEquals((plus - minus) / (2 * h), analytic, 1e-3, "the constant " + c.name());
        }
    }

    @Test
    void anOrdinaryWalkOrBackwardLeavesConstantsAndInputBatchesWithoutAGradient() {
        Expression e = Expression.parse("3*x");
        e.set("x", 2);
        BackwardWalk.from(e.output()).finish();
        assertEquals(0f, constantNamed(e, "3").gradItem(), "training's path computes no constant's gradient");
        Tensor w = Tensor.parameter("W", new FMatrixRMaj(new float[][] {{1, -2}, {0.5f, 3}}));
        Tensor x = Tensor.input("x", 1, 2).set(new FMatrixRMaj(new float[][] {{1, 1}}));
        Tensor loss = x.matmulTransposed(w).logSoftmax().crossEntropy(0);
        loss.backward();
        assertEquals(0f, x.grad().get(0), "an input batch gets no gradient when training");
        BackwardWalk.toEveryLeaf(loss, one()).finish();
        FMatrixRMaj walked = x.grad().copy();
        for (int k = 0; k < 2; k++) {
            float original = x.value().data[k];
            double h = 1e-3;
            x.value().data[k] = (float) (original + h);
            x.changed();
            double plus = loss.item();
            x.value().data[k] = (float) (original - h);
            x.changed();
            double minus = loss.item();
            x.value().data[k] = original;
            x.changed();
            assertTrue(walked.data[k] != 0, "the graph's walk reaches the batch: " + walked);
            assertEquals((plus - minus) / (2 * h), walked.data[k], 1e-3, "pixel " + k);
        }
    }

    @Test
    void aWalkToEveryLeafLeavesTheClassIndicesOfACrossEntropyOut() {
        Tensor x = Tensor.input("x", 1, 2).set(new FMatrixRMaj(new float[][] {{0.5f, -1}}));
        Tensor loss = x.logSoftmax().crossEntropy(1);
        BackwardWalk walk = BackwardWalk.toEveryLeaf(loss, one());
        BackwardWalk.Step first = walk.step();
        assertEquals(List.of("log_softmax"), first.receivers().stream().map(Tensor::op).toList(),
                "the labels are whole numbers: no gradient flows to them");
        walk.finish();
        assertTrue(x.grad().get(0) != 0, "the input's does");
    }

    private static FMatrixRMaj one() {
        FMatrixRMaj seed = new FMatrixRMaj(1, 1);
        seed.data[0] = 1f;
        return seed;
    }
}
