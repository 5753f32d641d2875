package digitlab.app.descent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import digitlab.app.descent.DescentPresenter.Point;
import digitlab.app.descent.DescentPresenter.Verdict;

/** Descent without a display: each step, the engine's slopes, and the words for what the path does. */
class DescentPresenterTest {

    private static DescentPresenter bowl(double rate) {
        return new DescentPresenter("(x-3)^2", new double[] {-1}, rate);
    }

    private static int descendUntilFinished(DescentPresenter p, int most) {
        int steps = 0;
        while (!p.finished() && steps < most) {
            p.descend();
            steps++;
        }
        return steps;
    }

    @Test
    void theFirstStepMovesXByMinusTheRateTimesTheSlope() {
        DescentPresenter p = bowl(0.1);
        assertEquals(-8, p.current().slope()[0], "d(x−3)²/dx = 2(x−3) = −8 at x = −1");
        assertTrue(p.descend());
        assertEquals(2, p.path().size());
        assertEquals(-1 - 0.1 * -8, p.current().at()[0], 1e-6);
        assertEquals(2 * (-0.2 - 3), p.current().slope()[0], 1e-5);
        assertEquals(Verdict.CONVERGING, p.verdict());
        assertTrue(p.words().startsWith("Converging"), p.words());
    }

    @Test
    void aSmallRateOnTheBowlConvergesToItsBottomAndSaysSo() {
        DescentPresenter p = bowl(0.1);
        int steps = descendUntilFinished(p, 200);
        assertEquals(Verdict.CONVERGED, p.verdict());
        assertEquals(3, p.current().at()[0], 1e-4);
        assertTrue(p.words().startsWith("Converged after " + steps + " steps: x = 3"), p.words());
        assertFalse(p.descend(), "a finished descent takes no more steps");
    }

    @Test
    void aRateBetweenHalfAndOneOvershootsTheBottomButStillConverges() {
        DescentPresenter p = bowl(0.9);
        p.descend();
        assertEquals(Verdict.OVERSHOOTING, p.verdict());
        assertTrue(p.current().at()[0] > 3, "the first step lands past the bottom");
        descendUntilFinished(p, 300);
        assertEquals(Verdict.CONVERGED, p.verdict());
    }

    @Test
    void aRateOfOneOnTheBowlJumpsBetweenTheSameTwoPointsForever() {
        DescentPresenter p = bowl(1);
        for (int i = 0; i < 10; i++) {
            p.descend();
        }
        assertEquals(Verdict.OSCILLATING, p.verdict());
        assertEquals(-1, p.current().at()[0], 1e-6);
        assertEquals(7, p.path().get(9).at()[0], 1e-6);
        assertFalse(p.finished());
    }

    @Test
    void aLargeRateDivergesAndStopsOnceXIsBeyondTheLimit() {
        DescentPresenter p = bowl(1.5);
        p.descend();
        assertEquals(Verdict.DIVERGING, p.verdict());
        assertTrue(p.words().startsWith("Overshooting and diverging"), p.words());
        int steps = descendUntilFinished(p, 100);
        assertTrue(steps < 30, "stopped after " + steps + " steps");
        assertEquals(Verdict.DIVERGED, p.verdict());
        assertTrue(Math.abs(p.current().at()[0]) > DescentPresenter.LIMIT);
        assertTrue(p.words().startsWith("Diverged: x = -1.049e6 at step 18"), p.words());
        for (Point q : p.path()) {
            assertTrue(Double.isFinite(q.y()) && Double.isFinite(q.slope()[0]));
        }
    }

    @Test
    void aPointWhereYIsNotANumberStopsTheDescentAndIsNotAddedToThePath() {
        DescentPresenter p = new DescentPresenter("log(x)", new double[] {1}, 10);
        p.descend();
        assertEquals(Verdict.DIVERGED, p.verdict());
        assertEquals(1, p.path().size(), "x = −9, where log is not a number, is never drawn");
        assertTrue(p.words().contains("not a finite number at x = -9"), p.words());
    }

    @Test
    void theSlopeIsTheEnginesDerivativeOfTheSeedsSine() {
        DescentPresenter p = new DescentPresenter("sin(2*x^3 + 4*x^2 + 3*x + 2)", new double[] {0.5}, 0.01);
        double x = 0.5, u = 2 * x * x * x + 4 * x * x + 3 * x + 2;
        assertEquals(Math.sin(u), p.current().y(), 1e-6);
        assertEquals(Math.cos(u) * (6 * x * x + 8 * x + 3), p.current().slope()[0], 1e-4);
    }

    @Test
    void theSeedsCubicHasNoBottomSoDescentRunsAwayDownhill() {
        DescentPresenter p = new DescentPresenter("2*x^3 + 4*x^2 + 3*x + 2", new double[] {0.5}, 0.01);
        boolean ranAway = false;
        while (!p.finished() && p.path().size() < 1000) {
            p.descend();
            ranAway |= p.verdict() == Verdict.DIVERGING && p.words().startsWith("Running away");
        }
        assertTrue(ranAway);
        assertEquals(Verdict.DIVERGED, p.verdict());
        assertTrue(p.current().at()[0] < -DescentPresenter.LIMIT);
    }

    @Test
    void twoVariablesBothMoveAgainstTheirPartialDerivatives() {
        DescentPresenter p = new DescentPresenter("x^2 + 5*z^2", new double[] {4, 2}, 0.05);
        assertEquals(List.of("x", "z"), p.names());
        assertArrayEquals(new double[] {8, 20}, p.current().slope(), 1e-6);
        p.descend();
        assertArrayEquals(new double[] {4 - 0.05 * 8, 2 - 0.05 * 20}, p.current().at(), 1e-6);
        descendUntilFinished(p, 500);
        assertEquals(Verdict.CONVERGED, p.verdict());
        assertEquals(0, p.current().at()[0], 1e-3);
        assertEquals(0, p.current().at()[1], 1e-3);
    }

    @Test
    void resetGoesBackToTheStartAndTheNewRateCountsFromTheNextStep() {
        DescentPresenter p = bowl(1.5);
        descendUntilFinished(p, 100);
        p.reset();
        assertEquals(1, p.path().size());
        assertEquals(Verdict.READY, p.verdict());
        p.setRate(0.1);
        p.descend();
        assertEquals(-0.2, p.current().at()[0], 1e-6);
        assertThrows(IllegalArgumentException.class, () -> p.setRate(0));
        assertThrows(IllegalArgumentException.class, () -> p.setRate(Double.NaN));
    }

    @Test
    void aFormulaOfThreeVariablesOrNoneIsRefusedWithAMessage() {
        IllegalArgumentException three = assertThrows(IllegalArgumentException.class,
                () -> new DescentPresenter("x*z*a", new double[] {1, 1, 1}, 0.1));
        assertTrue(three.getMessage().contains("this one has x, z, a"), three.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DescentPresenter("3", new double[0], 0.1));
    }

    @Test
    void startValuesAreReadByNameAndAMissingOneIsZero() {
        assertArrayEquals(new double[] {4, -2}, DescentPresenter.startValues("x^2 + z^2", "z=-2, x=4"));
        assertArrayEquals(new double[] {0, 1.5}, DescentPresenter.startValues("x^2 + z^2", "z=1.5 q=9"));
        assertThrows(NumberFormatException.class, () -> DescentPresenter.startValues("x^2", "x=abc"));
    }

    @Test
    void numbersAreShownWithFourSignificantDigitsAndShortExponents() {
        assertEquals("3", DescentPresenter.number(3.0));
        assertEquals("0.44", DescentPresenter.number(0.44000001));
        assertEquals("-1.049e6", DescentPresenter.number(-1048576));
        assertEquals("1e6", DescentPresenter.number(1e6));
        assertEquals("-2.384e-5", DescentPresenter.number(-2.3841858e-5));
    }
}
