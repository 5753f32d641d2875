package digitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class GradCommandTest {
    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theClassicPolynomialPrintsItsValueAndGradientsForPeople() {
        Run r = run("grad", "3*x*x*x + 4*x + 1 + x*z", "x=2", "z=0");

        assertEquals(0, r.status, r.err);
        assertEquals("y = 33\ndy/dx = 40\ndy/dz = 2\n", r.out.replace("\r\n", "\n"));
    }

    @Test
    void variablesArePrintedInTheOrderTheyFirstAppearWhateverTheOrderOfTheValues() {
        Run r = run("grad", "x*(z+a)", "a=0.5", "z=0.5", "x=2");

        assertEquals("y = 2\ndy/dx = 1\ndy/dz = 2\ndy/da = 2\n", r.out.replace("\r\n", "\n"));
    }

    @Test
    void jsonGivesOneObjectWithTheValueAndTheGradients() throws Exception {
        Run r = run("grad", "--json", "3*x*x*x + 4*x + 1 + x*z", "x=2", "z=0");

        assertEquals("{\"value\":33.0,\"gradients\":{\"x\":40.0,\"z\":2.0}}", r.out.trim());
        JsonNode json = new ObjectMapper().readTree(r.out);
        assertEquals(40.0, json.get("gradients").get("x").asDouble());
    }

    @Test
    void dotGivesTheGraphWithValuesAndGradients() {
        Run r = run("grad", "--dot", "x*z", "x=3", "z=-5");

        assertEquals(0, r.status);
        assertTrue(r.out.startsWith("digraph"), r.out);
        assertTrue(r.out.contains("x\\nvalue 3\\ngrad -5"), r.out);
        assertTrue(r.out.contains("mul\\nvalue -15\\ngrad 1"), r.out);
    }

    @Test
    void aNegativeValueAndAFormulaStartingWithMinusAreNotTakenForOptions() {
        Run r = run("grad", "-x^2", "x=-3");

        assertEquals("y = -9\ndy/dx = 6\n", r.out.replace("\r\n", "\n"));
    }

    @Test
    void aSyntaxErrorReportsTheColumnAndWhatWasExpectedWithNothingOnStdout() {
        Run r = run("grad", "3*x+*2", "x=1");

        assertEquals(2, r.status);
        assertEquals("", r.out);
        assertTrue(r.err.startsWith("error: column 5: expected a number"), r.err);
        assertTrue(r.err.contains("      ^"), r.err);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "a missing value; x*z|x=2; no value for variable z",
            "a value that is not a number; x*z|x=2|z=abc; the value of z is not a number: 'abc'",
            "an unknown variable; x|x=1|q=2; variable 'q' does not appear in the formula",
            "a variable given twice; x|x=1|x=2; variable 'x' is given twice",
            "no formula; ; no formula given",
            "an unknown option; --frobnicate|x|x=1; unknown option '--frobnicate'; the options are --json and --dot",
            "a mistyped option before the formula; --jsn|x*2|x=1; unknown option '--jsn'",
            "a dashed formula that was a mistyped option; --jsn|x=1; variable 'x' does not appear in the formula;"
                    + " its variables are: jsn ('--jsn' was taken as the formula, not as an option",
            "a value too large for a float; x|x=1e400; x=1e400 is too large for a float (largest about 3.4e38)",
            "a value too small for a float; x|x=1e-400; 'x=1e-400 is too small to be told from 0 in a float"
                    + " (smallest about 1.4e-45); write 0 if you mean 0'",
            "NaN as a value; x|x=NaN; the value of x is not a number: 'NaN'",
            "an argument that is not an assignment; x|x; expected NAME=VALUE but got 'x'",
    })
    void badArgumentsGiveAOneLineErrorAndTheUsageWithStatusTwo(String what, String args, String message) {
        String[] parts = args == null ? new String[0] : args.split("\\|");
        String[] full = new String[parts.length + 1];
        full[0] = "grad";
        System.arraycopy(parts, 0, full, 1, parts.length);

        Run r = run(full);

        assertEquals(2, r.status, what);
        assertEquals("", r.out, what);
        String first = r.err.lines().findFirst().orElse("");
        assertTrue(first.startsWith("error: ") && first.contains(message), first);
        assertTrue(r.err.contains("usage: digitlab grad"), r.err);
    }

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource(delimiter = ';', value = {
            "x^0; x=0; y = 1|dy/dx = 0",
            "x^1; x=0; y = 0|dy/dx = 1",
            "x^2; x=0; y = 0|dy/dx = 0",
            "x^y; x=0|y=0; y = 1|dy/dx = 0|dy/dy = -Infinity",
            "x^y; x=0|y=2; y = 0|dy/dx = 0|dy/dy = 0",
    })
    void aPowerAtZeroHasItsRealDerivativeNotNaN(String formula, String values, String expected) {
        String[] parts = values.split("\\|");
        String[] full = new String[parts.length + 2];
        full[0] = "grad";
        full[1] = formula;
        System.arraycopy(parts, 0, full, 2, parts.length);

        Run r = run(full);

        assertEquals(0, r.status, r.err);
        assertEquals(expected.replace('|', '\n') + "\n", r.out.replace("\r\n", "\n"));
    }

    @Test
    void aNumberInTheFormulaThatIsNoFiniteFloatIsRefusedAtItsColumn() {
        Run r = run("grad", "2*x + 1e400*x", "x=1");

        assertEquals(2, r.status);
        assertEquals("", r.out);
        assertTrue(r.err.startsWith("error: column 7: the number 1e400 is too large for a float (largest about 3.4e38)"),
                r.err);
        assertTrue(r.err.contains("\n        ^"), r.err);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "--x|x=1; y = 1|dy/dx = 1",
            "--x^2|x=3; y = 9|dy/dx = 6",
            "-2*x|x=1; y = -2|dy/dx = -2",
            "--dot=yes|x=1; ",
            "--json|--|--x|x=1; {\"value\":1.0,\"gradients\":{\"x\":1.0}}",
            "--|--json|json=2; y = 2|dy/djson = 1",
            "--|-h|h=2; y = -2|dy/dh = -1",
            "x*y|--|x=2|y=3; y = 6|dy/dx = 3|dy/dy = 2",
    })
    void aFormulaStartingWithDashesIsTheFormulaAndTwoDashesEndTheOptions(String args, String expected) {
        String[] parts = args.split("\\|");
        String[] full = new String[parts.length + 1];
        full[0] = "grad";
        System.arraycopy(parts, 0, full, 1, parts.length);

        Run r = run(full);

        if (expected == null) {
            assertEquals(2, r.status, "not a formula: " + r.out);
            assertTrue(r.err.startsWith("error: unknown option '--dot=yes'"), r.err);
        } else {
            assertEquals(0, r.status, r.err);
            assertEquals(expected.replace('|', '\n') + "\n", r.out.replace("\r\n", "\n"));
        }
    }

    @Test
    void theUsageSaysHowToEndTheOptionsAndWhatNumbersAreAllowed() {
        Run r = run("grad", "--help");

        assertTrue(r.out.contains("grad [-h] [--json | --dot] [--] \"EXPR\""), r.out);
        assertTrue(r.out.contains("--  ends the options"), r.out);
        assertTrue(r.out.contains("at most 500 open at once"), r.out);
        assertTrue(r.out.contains("1.4e-45") && r.out.contains("3.4e38"), r.out);
    }

    @Test
    void aNanResultIsPrintedNotHidden() {
        Run r = run("grad", "log(x)", "x=-1");

        assertEquals(0, r.status);
        assertEquals("y = NaN\ndy/dx = -1\n", r.out.replace("\r\n", "\n"));
    }
}
