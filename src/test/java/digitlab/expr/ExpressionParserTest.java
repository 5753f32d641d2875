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
            "2 ^ -1 ^ 2; 0.5",
            "2 ^ - - 2; 4",
            "-2 ^ -2 ^ 2; -0.0625",
            "2 ^ 3 ^ 0 ^ 5; 2",
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

        assertTrue(e.getMessage().contains("more than 500 nested parentheses"), e.getMessage());
    }

    @Test
    void fiveHundredNestedParenthesesAreAllowedAndTheFiveHundredAndFirstIsRefusedAtItsColumn() {
        assertEquals(1f, value("(".repeat(500) + "1" + ")".repeat(500), Map.of()));

        ExpressionException e = assertThrows(ExpressionException.class,
                () -> Expression.parse("(".repeat(501) + "1" + ")".repeat(501)));

        assertEquals(501, e.column());
        assertEquals("more than 500 nested parentheses (a function call's count too); at most 500 may be open at once",
                e.problem());
    }

    @Test
    void fiveHundredNestedFunctionCallsEvaluateAndDifferentiateAndOneMoreIsRefused() {
        Expression e = Expression.parse("sin(".repeat(500) + "x" + ")".repeat(500));
        e.set("x", 0.5f);

        e.output().backward();

        double value = 0.5, slope = 1;
        for (int i = 0; i < 500; i++) {
            slope *= Math.cos(value);
            value = Math.sin(value);
        }
        assertEquals(value, e.output().item(), 1e-4);
        assertEquals(slope, e.variables().get("x").gradItem(), 1e-4 * Math.abs(slope));
        ExpressionException refused = assertThrows(ExpressionException.class,
                () -> Expression.parse("(sin(".repeat(250) + "(x)" + "))".repeat(250)));
        assertEquals(250 * 5 + 1, refused.column(), "the 501st '(' open at once");
    }

    @Test
    void tenThousandMinusSignsAreReadWithoutOverflowingTheStack() {
        Expression even = Expression.parse("-".repeat(10_000) + "x");
        Expression odd = Expression.parse("- ".repeat(10_001) + "x");
        even.set("x", 3);
        odd.set("x", 3);

        even.output().backward();
        odd.output().backward();

        assertEquals(3f, even.output().item());
        assertEquals(1f, even.variables().get("x").gradItem());
        assertEquals(-3f, odd.output().item());
        assertEquals(-1f, odd.variables().get("x").gradItem());
    }

    @Test
    void tenThousandChainedPowersAreReadWithoutOverflowingTheStack() {
        Expression e = Expression.parse("x" + "^1".repeat(10_000));
        e.set("x", 3);

        e.output().backward();

        assertEquals(3f, e.output().item());
        assertEquals(1f, e.variables().get("x").gradItem());
    }

    @Test
    void aLongProductIsFine() {
        Expression e = Expression.parse("x" + " * x".repeat(9_999));
        e.set("x", 1);

        e.output().backward();

        assertEquals(1f, e.output().item());
        assertEquals(10_000f, e.variables().get("x").gradItem());
    }

    @ParameterizedTest(name = "\"{0}\" is refused at column {1}")
    @CsvSource(delimiter = ';', value = {
            "1e400*x; 1; the number 1e400 is too large for a float (largest about 3.4e38)",
            "x + 4e38; 5; the number 4e38 is too large for a float (largest about 3.4e38)",
            "x + 1e-400; 5; 'the number 1e-400 is too small to be told from 0 in a float (smallest about 1.4e-45);"
                    + " write 0 if you mean 0'",
            "x^0.0000000000000000000000000000000000000000000000001; 3; the number"
                    + " 0.0000000000000000000000000000000000000000000000001 is too small",
    })
    void aNumberThatIsNoFiniteFloatIsRefusedAtItsColumn(String text, int column, String problem) {
        ExpressionException e = assertThrows(ExpressionException.class, () -> Expression.parse(text));

        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.problem().startsWith(problem), e.getMessage());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = ';', value = {
            "0e400; 0",
            "0.000e-999; 0",
            "3.4e38; 3.4e38",
            "1e-45; 1.4e-45",
    })
    void zeroWrittenAnyWayAndTheExtremesOfAFloatAreAccepted(String text, float expected) {
        assertEquals(expected, value(text, Map.of()));
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
