package digitlab.expr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Expression#parseValue}: the one rule the grad command and the Graph view read values by. */
class VariableValueTest {

    @ParameterizedTest(name = "x={0} is {1}")
    @CsvSource(delimiter = ';', value = {
            "2; 2",
            "' -0.5 '; -0.5",
            "+4; 4",
            "1e-3; 0.001",
            ".5; 0.5",
            "5.; 5",
            "0; 0",
            "0e-999; 0",
            "3.4e38; 3.4e38",
            "-3.4e38; -3.4e38",
            "1e-45; 1.4e-45",
    })
    void aDecimalThatAFloatHoldsIsRead(String text, float expected) {
        assertEquals(expected, Expression.parseValue("x", text));
    }

    @ParameterizedTest(name = "x={0}")
    @CsvSource(delimiter = ';', value = {
            "1e400; x=1e400 is too large for a float (largest about 3.4e38)",
            "-1e400; x=-1e400 is too large for a float (largest about 3.4e38)",
            "3.5e38; x=3.5e38 is too large for a float (largest about 3.4e38)",
            "1e-400; 'x=1e-400 is too small to be told from 0 in a float (smallest about 1.4e-45); write 0 if you mean 0'",
            "-5e-46; 'x=-5e-46 is too small to be told from 0 in a float (smallest about 1.4e-45); write 0 if you mean 0'",
            "NaN; the value of x is not a number: 'NaN'",
            "Infinity; the value of x is not a number: 'Infinity'",
            "0x1p3; the value of x is not a number: '0x1p3'",
            "1f; the value of x is not a number: '1f'",
            "'  '; the value of x is not a number: '  '",
    })
    void anythingElseIsRefusedWithTheReasonAndTheVariablesName(String text, String message) {
        NumberFormatException e = assertThrows(NumberFormatException.class, () -> Expression.parseValue("x", text));

        assertEquals(message, e.getMessage());
    }
}
