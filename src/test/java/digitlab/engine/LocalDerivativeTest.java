package digitlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

import digitlab.expr.Expression;

/** Every operation says its local derivative, and its numbers times the upstream gradient are what the walk sends. */
class LocalDerivativeTest {
    private final Random random = new Random(18);

    private Tensor leaf(String name, int rows, int cols, float low, float high) {
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = low + (high - low) * random.nextFloat();
        }
        return Tensor.parameter(name, m);
    }

    /** One small graph for each operation Tensor has, named by the operation it ends in. */
    private List<Tensor> oneOfEach() {
        List<Tensor> graphs = new ArrayList<>();
        Function<String, Tensor> pos = n -> leaf(n, 2, 3, 0.5f, 2f);
        Function<String, Tensor> any = n -> leaf(n, 2, 3, -1f, 1f);
        graphs.add(pos.apply("a").add(pos.apply("b")));
        graphs.add(pos.apply("a").sub(pos.apply("b")));
        graphs.add(pos.apply("a").mul(pos.apply("b")));
        graphs.add(pos.apply("a").mul(leaf("s", 1, 1, 0.5f, 2f)));
        graphs.add(pos.apply("a").div(pos.apply("b")));
        graphs.add(pos.apply("a").pow(pos.apply("b")));
        graphs.add(pos.apply("a").pow(3f));
        graphs.add(any.apply("a").neg());
        graphs.add(any.apply("a").scale(2.5f));
        graphs.add(any.apply("a").exp());
        graphs.add(pos.apply("a").log());
        graphs.add(pos.apply("a").sqrt());
        graphs.add(any.apply("a").sin());
        graphs.add(any.apply("a").cos());
        graphs.add(any.apply("a").tan());
        graphs.add(any.apply("a").tanh());
        graphs.add(any.apply("a").sigmoid());
        graphs.add(any.apply("a").abs());
        graphs.add(any.apply("a").relu());
        graphs.add(any.apply("a").sum());
        graphs.add(any.apply("a").mean());
        graphs.add(any.apply("a").reshape(3, 2));
        graphs.add(any.apply("A").matmul(leaf("B", 3, 4, -1f, 1f)));
        graphs.add(any.apply("A").matmulTransposed(leaf("B", 4, 3, -1f, 1f)));
        graphs.add(any.apply("A").addRowVector(leaf("r", 1, 3, -1f, 1f)));
        graphs.add(any.apply("a").logSoftmax());
        graphs.add(any.apply("a").crossEntropy(2, 0));
        graphs.add(leaf("x", 1, 2 * 4 * 4, -1f, 1f).conv2d(leaf("K", 3, 2 * 3 * 3, -1f, 1f), leaf("c", 1, 3, -1f, 1f), 2, 4, 4, true));
        graphs.add(leaf("x", 2, 2 * 4 * 4, -1f, 1f).maxPool2(2, 4, 4));
        return graphs;
    }

    @Test
    void everyOperationTensorBuildsHasADescriptionAndATestGraph() throws IOException {
        String source = Files.readString(Path.of("src/main/java/digitlab/engine/Tensor.java"));
        Matcher m = Pattern.compile("(?:new Node|unary|binary|reduce)\\(\"([a-z_0-9]+)\"").matcher(source);
        Set<String> inTensor = new TreeSet<>();
        while (m.find()) {
            inTensor.add(m.group(1));
        }
        inTensor.remove("leaf");
        assertTrue(inTensor.size() >= 25, "the scan finds Tensor's operations: " + inTensor);
        assertEquals(inTensor, new TreeSet<>(LocalDerivative.operations()), "an operation of Tensor without a description, or one described that Tensor lacks");
        Set<String> built = new TreeSet<>();
        for (Tensor g : oneOfEach()) {
            built.add(g.op());
        }
        assertEquals(inTensor, built, "every operation has a graph in oneOfEach");
    }

    @Test
    void upstreamGradientTimesEachLocalDerivativeIsExactlyWhatTheWalkSendsEachInput() {
        int checked = 0;
        for (Tensor g : oneOfEach()) {
            FMatrixRMaj seed = new FMatrixRMaj(g.rows(), g.cols());
            for (int i = 0; i < seed.data.length; i++) {
                seed.data[i] = random.nextFloat() * 2 - 1;
            }
            BackwardWalk walk = BackwardWalk.toEveryLeaf(g, seed);
            Tensor node = walk.order().get(0);
            FMatrixRMaj upstream = walk.gradientSoFar(node);
            BackwardWalk.Step step = walk.step();
            List<Tensor> inputs = node.inputs();
            List<String> names = inputs.stream().map(LocalDerivative::infix).toList();
            for (int i = 0; i < inputs.size(); i++) {
                LocalDerivative.Part part = LocalDerivative.of(node, i, names);
                assertFalse(part.formula().isBlank(), node.op());
                assertTrue(part.formula().startsWith("∂") || part.formula().startsWith("none"), part.formula());
                int r = step.receivers().indexOf(inputs.get(i));
                if (part.value() == null || r < 0) {
                    assertTrue(part.how() == LocalDerivative.Combine.FORMULA_ONLY || inputs.get(i).isDiscrete(), node.op() + " input " + i);
                    continue;
                }
                FMatrixRMaj expected = step.contributions().get(r);
                FMatrixRMaj got = LocalDerivative.contribution(part, upstream, expected.numRows, expected.numCols);
                for (int e = 0; e < expected.data.length; e++) {
                    assertEquals(expected.data[e], got.data[e], 1e-4f * Math.max(1, Math.abs(expected.data[e])),
                            node.op() + " input " + i + " entry " + e + ": " + part.formula());
                }
                checked++;
            }
        }
        assertTrue(checked >= 30, "inputs checked against the walk: " + checked);
    }

    @Test
    void theProductOfTwoVariablesSaysItsDerivativeInTheirNames() {
        Expression e = Expression.parse("x*z");
        e.set("x", 2);
        e.set("z", 0.5f);
        Tensor y = e.output();
        assertEquals("∂(x·z)/∂x = z = 0.5", LocalDerivative.withValue(LocalDerivative.of(y, 0, List.of("x", "z"))));
        assertEquals("∂(x·z)/∂z = x = 2", LocalDerivative.withValue(LocalDerivative.of(y, 1, List.of("x", "z"))));
    }

    @Test
    void constantsInTheFormulaAreWrittenAsTheyAre() {
        Expression e = Expression.parse("x^3 - 2/x");
        e.set("x", 2);
        Tensor y = e.output();
        List<Tensor> in = y.inputs();
        assertEquals("x^3 − 2/x", LocalDerivative.infix(y));
        LocalDerivative.Part cube = LocalDerivative.of(in.get(0), 0, List.of("x"));
        assertNotNull(cube.value());
        assertEquals("∂(x^3)/∂x = 3·x^2 = 12", LocalDerivative.withValue(cube));
        assertEquals("x^3", LocalDerivative.name(in.get(0), 10));
        assertEquals("pow#" + in.get(0).id(), LocalDerivative.name(in.get(0), 2), "too long: by its operation and id");
        assertEquals("∂(x^3 − 2/x)/∂(2/x) = −1", LocalDerivative.withValue(LocalDerivative.of(y, 1, List.of("x^3", "2/x"))));
        Tensor product = Expression.parse("x*(z+a)").output();
        assertEquals("∂(x·(z + a))/∂(z + a) = x", LocalDerivative.of(product, 1, List.of("x", "z + a")).formula(),
                "a sum is bracketed inside a product and as what is differentiated by");
        Tensor sum = Expression.parse("x*z + 1").output();
        assertEquals("∂(x·z + 1)/∂(x·z) = 1", LocalDerivative.of(sum, 0, List.of("x·z", "1")).formula(), "a product in a sum is not");
    }

    @Test
    void bracketsAppearOnlyWhereASumIsMultiplied() {
        assertEquals("x·(z + a)", LocalDerivative.infix(Expression.parse("x*(z+a)").output()));
        assertEquals("3·x·x·x + 4·x + 1 + x·z", LocalDerivative.infix(Expression.parse("3*x*x*x + 4*x + 1 + x*z").output()));
    }

    @Test
    void aLeafHasNoLocalDerivative() {
        Tensor x = Tensor.variable("x", 1);
        assertThrows(IllegalArgumentException.class, () -> LocalDerivative.of(x, 0, List.of()));
    }
}
