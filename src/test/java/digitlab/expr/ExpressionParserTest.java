package digitlab.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import digitlab.engine.Graph;
import digitlab.engine.Tensor;

class ExpressionParserTest {

    private static float value(String text, Map<String, Float> values) {
        Expression e = Expression.parse(text);
        values.forEach(e::set);
        return e.output().item();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = ';', value = {
            "1 + 2 * 3; 7",
            "(1 + 2) * 3; 9",
            "2 ^ 3 ^ 2; 512",
            "-2 ^ 2; -4",
            "(-2) ^ 2; 4",
            "2 ^ -1; 0.5",
            "8 / 4 / 2; 1",
            "10 - 3 - 2; 5",
            "--3; 3",
            "1e-3 * 1000; 1",
            "2.5E+1; 25",
            ".5 + 5.; 5.5",
            "abs(-3) + relu(-1) + relu(2); 5",
            "sqrt(16) + exp(0) + log(1); 5",
            "sigmoid(0) + tanh(0) + sin(0) + cos(0) + tan(0); 1.5",
    })
    void numbersAndOperatorsFollowTheUsualPrecedence(String text, float expected) {
        assertEquals(expected, value(text, Map.of()), 1e-6);
    }

    @Test
    void variablesAreListedInTheOrderTheyFirstAppearAndSharedWhenRepeated() {
        Expression e = Expression.parse("z*x + x*a + z");

        assertEquals(List.of("z", "x", "a"), List.copyOf(e.variables().keySet()));
        long leaves = Graph.of(e.output()).nodes().stream().filter(t -> "x".equals(t.name())).count();
        assertEquals(1, leaves);
    }

    @Test
    void theClassicPolynomialGives33AndGradients40And2() {
        Expression e = Expression.parse("3*x*x*x + 4*x + 1 + x*z");
        e.set("x", 2);
        e.set("z", 0);

        e.output().backward();

        assertEquals(33f, e.output().item());
        assertEquals(40f, e.variables().get("x").gradItem());
        assertEquals(2f, e.variables().get("z").gradItem());
    }

    @Test
    void aConstantExponentBecomesOnePowerNode() {
        Expression e = Expression.parse("x^(1+2)");
        e.set("x", 2);

        Tensor y = e.output();

        assertEquals("pow", y.op());
        assertEquals("3", y.detail());
        assertEquals(8f, y.item());
        y.backward();
        assertEquals(12f, e.variables().get("x").gradItem());
    }

    @Test
    void aVariableExponentIsDifferentiatedToo() {
        Expression e = Expression.parse("x^y");
        e.set("x", 2);
        e.set("y", 3);

        e.output().backward();

        assertEquals(8f, e.output().item());
        assertEquals(12f, e.variables().get("x").gradItem(), 1e-5);
        assertEquals(8 * (float) Math.log(2), e.variables().get("y").gradItem(), 1e-5);
    }

    @Test
    void changingAVariableUpdatesTheValueWithoutReparsing() {
        Expression e = Expression.parse("sin(2*x^3 + 4*x^2 + 3*x + 2)");
        e.set("x", 0);
        assertEquals((float) Math.sin(2), e.output().item(), 1e-6);

        e.set("x", 1);

        assertEquals((float) Math.sin(11), e.output().item(), 1e-6);
    }

    @ParameterizedTest(name = "\"{0}\" fails at column {1}")
    @CsvSource(delimiter = ';', value = {
            "3*x+*2; 5; expected a number, a variable, a function or '(' but found '*'",
            "(x+1; 5; expected ')' to close the '(' at column 1 but found the end of the formula",
            "2x; 2; expected an operator or the end of the formula but found 'x'",
            "sin x; 5; expected '(' after the function sin but found 'x'",
            "foo(x); 1; unknown function 'foo'",
            "1e+; 2; expected digits in the exponent",
            "x # 2; 3; found '#'",
            "x +; 4; found the end of the formula",
            "'   '; 4; found the end of the formula",
            "x)(; 2; expected an operator or the end of the formula but found ')'",
            ".; 1; expected digits before or after '.'",
    })
    void aSyntaxErrorSaysWhereAndWhatWasExpected(String text, int column, String problem) {
        ExpressionException e = assertThrows(ExpressionException.class, () -> Expression.parse(text));

        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void anEmptyFormulaIsASyntaxErrorAtColumnOne() {
        ExpressionException e = assertThrows(ExpressionException.class, () -> Expression.parse(""));

        assertEquals(1, e.column());
    }

    @Test
    void absurdlyDeepNestingIsRefusedWithAMessageRatherThanAStackOverflow() {
        String deep = "(".repeat(100_000) + "x" + ")".repeat(100_000);

        ExpressionException e = assertThrows(ExpressionException.class, () -> Expression.parse(deep));

        assertTrue(e.getMessage().contains("nests deeper"), e.getMessage());
        assertEquals(1f, value("(".repeat(200) + "1" + ")".repeat(200), Map.of()));
    }

    @Test
    void aLongSumIsFine() {
        String text = "x" + " + x".repeat(9_999);

        Expression e = Expression.parse(text);
        e.set("x", 1);
        e.output().backward();

        assertEquals(10_000f, e.output().item());
        assertEquals(10_000f, e.variables().get("x").gradItem());
    }
}
