package digitlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The worked examples of the design DigitLab's engine comes from, which must come out exactly. */
class WorkedExamplesTest {

    @Test
    void aPolynomialInXPlusXTimesZGives33AndGradients40And2() {
        Tensor x = Tensor.variable("x", 2), z = Tensor.variable("z", 0);
        Tensor three = Tensor.constant(3), four = Tensor.constant(4), one = Tensor.constant(1);
        Tensor y = three.mul(x).mul(x).mul(x).add(four.mul(x)).add(one).add(x.mul(z));

        y.backward();

        assertEquals(33f, y.item());
        assertEquals(40f, x.gradItem());
        assertEquals(2f, z.gradItem());
    }

    @Test
    void theProductXZHasGradientZForXAndXForZ() {
        Tensor x = Tensor.variable("x", 3), z = Tensor.variable("z", -5);
        Tensor y = x.mul(z);

        y.backward();

        assertEquals(-15f, y.item());
        assertEquals(-5f, x.gradItem());
        assertEquals(3f, z.gradItem());
    }

    @Test
    void xTimesZPlusAHasGradientZPlusAForXAndXForBothZAndA() {
        Tensor x = Tensor.variable("x", 2), z = Tensor.variable("z", 0.25f), a = Tensor.variable("a", 0.75f);
        Tensor y = x.mul(z.add(a));

        y.backward();

        assertEquals(2f, y.item());
        assertEquals(1f, x.gradItem());
        assertEquals(2f, z.gradItem());
        assertEquals(2f, a.gradItem());
    }
}
