package digitlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operation's backward step agrees with central finite differences of its forward step, on
 * random shapes and values (kept away from kinks and outside each function's domain).
 */
class OperationGradientTest {
    private static final double H = 1e-2;
    private static final double TOLERANCE = 1e-2;
    private static final int TRIALS = 5;

    /** Where an operand's values are drawn from. */
    private record Domain(float lo, float hi, boolean eitherSign) {
        float draw(Random r) {
            float v = lo + r.nextFloat() * (hi - lo);
            return eitherSign && r.nextBoolean() ? -v : v;
        }
    }

    private static final Domain ANY = new Domain(-2, 2, false);
    private static final Domain POSITIVE = new Domain(0.5f, 2, false);
    private static final Domain AWAY_FROM_ZERO = new Domain(0.2f, 2, true);
    private static final Domain SMALL = new Domain(-1, 1, false);

    static Stream<Arguments> unaryOperations() {
        return Stream.of(
                unary("neg", Tensor::neg, ANY),
                unary("scale", t -> t.scale(-2.5f), ANY),
                unary("pow 3", t -> t.pow(3f), ANY),
                unary("pow 0", t -> t.pow(0f), ANY),
                unary("pow 1", t -> t.pow(1f), ANY),
                unary("pow 2", t -> t.pow(2f), ANY),
                unary("pow 0.5", t -> t.pow(0.5f), POSITIVE),
                unary("pow -1.5", t -> t.pow(-1.5f), POSITIVE),
                unary("exp", Tensor::exp, ANY),
                unary("log", Tensor::log, POSITIVE),
                unary("sqrt", Tensor::sqrt, POSITIVE),
                unary("sin", Tensor::sin, ANY),
                unary("cos", Tensor::cos, ANY),
                unary("tan", Tensor::tan, SMALL),
                unary("tanh", Tensor::tanh, ANY),
                unary("sigmoid", Tensor::sigmoid, ANY),
                unary("relu", Tensor::relu, AWAY_FROM_ZERO),
                unary("abs", Tensor::abs, AWAY_FROM_ZERO),
                unary("sum", Tensor::sum, ANY),
                unary("mean", Tensor::mean, ANY),
                unary("logSoftmax", Tensor::logSoftmax, ANY));
    }

    static Stream<Arguments> binaryOperations() {
        return Stream.of(
                binary("add", Tensor::add, ANY, ANY),
                binary("sub", Tensor::sub, ANY, ANY),
                binary("mul", Tensor::mul, ANY, ANY),
                binary("div", Tensor::div, ANY, AWAY_FROM_ZERO),
                binary("pow", Tensor::pow, POSITIVE, ANY));
    }

    private static Arguments unary(String name, Function<Tensor, Tensor> op, Domain domain) {
        return Arguments.of(name, op, domain);
    }

    private static Arguments binary(String name, BiFunction<Tensor, Tensor, Tensor> op, Domain a, Domain b) {
        return Arguments.of(name, op, a, b);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryOperations")
    void aUnaryOperationsGradientMatchesFiniteDifferences(String name, Function<Tensor, Tensor> op, Domain domain) {
        Random r = new Random(name.hashCode());
        for (int trial = 0; trial < TRIALS; trial++) {
            Tensor a = randomParameter("a", 1 + r.nextInt(5), 1 + r.nextInt(5), domain, r);
            assertAgrees(name, op.apply(a), a);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryOperations")
    void aBinaryOperationsGradientMatchesFiniteDifferencesForEqualShapesAndForAScalarOnEitherSide(
            String name, BiFunction<Tensor, Tensor, Tensor> op, Domain da, Domain db) {
        Random r = new Random(name.hashCode());
        for (int trial = 0; trial < TRIALS; trial++) {
            int rows = 1 + r.nextInt(5), cols = 1 + r.nextInt(5);
            Tensor a = randomParameter("a", rows, cols, da, r), b = randomParameter("b", rows, cols, db, r);
            assertAgrees(name, op.apply(a, b), a, b);
            Tensor scalarA = randomParameter("a", 1, 1, da, r);
            assertAgrees(name + " scalar left", op.apply(scalarA, b), scalarA, b);
            Tensor scalarB = randomParameter("b", 1, 1, db, r);
            assertAgrees(name + " scalar right", op.apply(a, scalarB), a, scalarB);
        }
    }

    @ParameterizedTest(name = "{0}×{1} times {1}×{2}")
    @MethodSource("matrixShapes")
    void theMatrixProductsGradientMatchesFiniteDifferences(int m, int k, int n) {
        Random r = new Random(31L * m + 7L * k + n);
        Tensor a = randomParameter("A", m, k, ANY, r), b = randomParameter("B", k, n, ANY, r);
        assertAgrees("matmul", a.matmul(b), a, b);
    }

    @ParameterizedTest(name = "{0}×{1} times ({2}×{1})ᵀ")
    @MethodSource("matrixShapes")
    void theProductWithATransposeHasCorrectGradients(int m, int k, int n) {
        Random r = new Random(17L * m + 5L * k + n);
        Tensor a = randomParameter("A", m, k, ANY, r), b = randomParameter("B", n, k, ANY, r);
        assertAgrees("matmulTransposed", a.matmulTransposed(b), a, b);
    }

    @ParameterizedTest(name = "{0}×{1} times {1}×{2}")
    @MethodSource("matrixShapes")
    void aMatrixUsedInSeveralProductsAndElsewhereGetsEveryContribution(int m, int k, int n) {
        Random r = new Random(3L * m + 11L * k + n);
        Tensor a = randomParameter("A", m, k, ANY, r), c = randomParameter("C", m, k, ANY, r);
        Tensor w = randomParameter("W", k, n, ANY, r), v = randomParameter("V", n, k, ANY, r);
        // W feeds two products and a sine; V feeds a transposed product twice
        Tensor y = a.matmul(w).add(c.matmul(w)).sum().add(w.sin().sum())
                .add(a.matmulTransposed(v).mul(c.matmulTransposed(v)).sum());
        assertAgrees("shared", y, a, c, w, v);
        assertAgrees("shared, second pass", y, a, c, w, v);
    }

    static Stream<Arguments> matrixShapes() {
        return Stream.of(Arguments.of(1, 1, 1), Arguments.of(1, 5, 1), Arguments.of(3, 1, 4),
                Arguments.of(4, 7, 3), Arguments.of(6, 2, 5));
    }

    @ParameterizedTest(name = "{0} rows of {1}")
    @MethodSource("rowShapes")
    void addingARowVectorHasTheGradientOfABias(int rows, int cols) {
        Random r = new Random(rows * 100L + cols);
        Tensor a = randomParameter("A", rows, cols, ANY, r), bias = randomParameter("b", 1, cols, ANY, r);
        assertAgrees("addRowVector", a.addRowVector(bias), a, bias);
    }

    @ParameterizedTest(name = "{0} rows of {1}")
    @MethodSource("rowShapes")
    void crossEntropyOfLogSoftmaxHasTheGradientOfTheLoss(int rows, int cols) {
        Random r = new Random(rows * 1000L + cols);
        Tensor scores = randomParameter("scores", rows, cols, ANY, r);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = r.nextInt(cols);
        }
        assertAgrees("crossEntropy", scores.logSoftmax().crossEntropy(labels), scores);
        Tensor logProbabilities = randomParameter("logp", rows, cols, ANY, r);
        assertAgrees("crossEntropy alone", logProbabilities.crossEntropy(labels), logProbabilities);
    }

    static Stream<Arguments> rowShapes() {
        return Stream.of(Arguments.of(1, 1), Arguments.of(1, 10), Arguments.of(4, 3), Arguments.of(7, 10));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aSmallNetworkComposedOfTheseOperationsHasCorrectGradientsEverywhere(long seed) {
        Random r = new Random(seed);
        Tensor x = randomParameter("x", 3, 4, ANY, r);
        Tensor w1 = randomParameter("W1", 4, 5, ANY, r), b1 = randomParameter("b1", 1, 5, ANY, r);
        Tensor w2 = randomParameter("W2", 5, 3, ANY, r), b2 = randomParameter("b2", 1, 3, ANY, r);
        Tensor hidden = x.matmul(w1).addRowVector(b1).tanh();
        Tensor loss = hidden.matmul(w2).addRowVector(b2).logSoftmax().crossEntropy(2, 0, 1);
        assertAgrees("two-layer network", loss, x, w1, b1, w2, b2);
    }

    @ParameterizedTest(name = "x^{0} at 0 has derivative {1}")
    @CsvSource({"0, 0", "1, 1", "2, 0", "3, 0", "-1, -Infinity", "0.5, Infinity"})
    void aConstantPowerAtZeroHasItsRealDerivativeNeverZeroTimesInfinity(float p, float expected) {
        Tensor x = Tensor.variable("x", 0f);
        Tensor y = x.pow(p);

        y.backward();

        assertEquals(expected, x.gradItem());
        if (Float.isFinite(expected)) {
            assertAgrees("pow " + p + " at 0", y, x);
        }
    }

    @Test
    void xToTheZeroHasDerivativeZeroEverywhereIncludingZero() {
        Tensor x = Tensor.parameter("x", new FMatrixRMaj(1, 5, true, 0f, -0f, 0.5f, -3f, 1e30f));
        Tensor y = x.pow(0f).sum();

        y.backward();

        assertEquals(5f, y.item());
        for (float g : x.grad().data) {
            assertEquals(0f, g);
        }
    }

    @ParameterizedTest(name = "0^b at b = {0}: ∂/∂a = {1}")
    @CsvSource({"0, 0", "1, 1", "2, 0", "3, 0"})
    void aVariablePowerAtZeroHasItsLimitsRatherThanNaN(float b, float expectedForBase) {
        Tensor a = Tensor.variable("a", 0f), exponent = Tensor.variable("b", b);
        Tensor y = a.pow(exponent);

        y.backward();

        assertEquals(expectedForBase, a.gradItem(), "∂/∂a = b·a^(b−1)");
        if (b > 0) {
            assertEquals(0f, exponent.gradItem(), "∂/∂b = a^b·ln a → 0 as a → 0 for b > 0");
            assertAgrees("0^" + b, y, a, exponent);
        } else {
            Tensor constantExponent = Tensor.constant(0f);
            assertAgrees("0^0 with a constant 0", a.pow(constantExponent), a);
        }
    }

    static Stream<Long> seeds() {
        return Stream.of(1L, 2L, 3L);
    }

    private static Tensor randomParameter(String name, int rows, int cols, Domain domain, Random r) {
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < m.getNumElements(); i++) {
            m.data[i] = domain.draw(r);
        }
        return Tensor.parameter(name, m);
    }

    private static void assertAgrees(String name, Tensor output, Tensor... leaves) {
        GradientCheck.Result result = GradientCheck.check(output, H, name.hashCode(), leaves);
        assertTrue(result.maxError() < TOLERANCE, name + ": " + result);
    }
}
