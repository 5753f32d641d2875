package digitlab.app.descent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import digitlab.app.descent.DescentPlot.Range;
import digitlab.app.descent.DescentPlot.Segment;

/** The descent plot's layout maths, without a display. */
class DescentPlotTest {

    @Test
    void aSpanHoldsEveryFiniteValuePaddedAndIsNeverNarrowerThanAsked() {
        Range r = DescentPlot.span(new double[] {0, 10, Double.NaN, Double.POSITIVE_INFINITY}, 1);
        assertEquals(-0.8, r.lo(), 1e-9);
        assertEquals(10.8, r.hi(), 1e-9);
        Range flat = DescentPlot.span(new double[] {5, 5}, 4);
        assertEquals(3, flat.lo(), 1e-9);
        assertEquals(7, flat.hi(), 1e-9);
    }

    @Test
    void theBowlsBottomIsFoundNearTheStartAndTheCubicHasNone() {
        assertEquals(3, DescentPlot.bottomNear(x -> (x - 3) * (x - 3), -1, 400), 0.03);
        assertTrue(Double.isNaN(DescentPlot.bottomNear(x -> 2 * x * x * x + 4 * x * x + 3 * x + 2, 0.5, 400)),
                "the cubic is lowest at the left end of the search: no bottom to show");
    }

    @Test
    void theAxisShowsTheStartThePathAndTheBottom() {
        Range r = DescentPlot.axis(-1, new double[] {-1, -0.2, 0.44}, 3);
        assertTrue(r.lo() < -3 && r.hi() > 4, "the bottom at 3 with some of the wall beyond: " + r);
        Range far = DescentPlot.axis(-1, new double[] {-1, 7, -9}, Double.NaN);
        assertTrue(far.lo() < -9 && far.hi() > 7, far.toString());
    }

    @Test
    void theVerticalRangeHoldsTheCurveOverTheHorizontalRange() {
        Range y = DescentPlot.yRange(x -> x * x, new Range(-2, 3), 100, new double[] {4});
        assertTrue(y.lo() < 0 && y.lo() > -1, y.toString());
        assertTrue(y.hi() > 9 && y.hi() < 10, y.toString());
    }

    @Test
    void ticksAreRoundMultiplesInsideTheRange() {
        assertEquals(List.of(-1.0, 0.0, 1.0, 2.0), DescentPlot.ticks(new Range(-1.3, 2.1), 6));
        assertEquals(List.of(0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0), DescentPlot.ticks(new Range(0, 1), 5));
        assertEquals(List.of(-500000.0, 0.0, 500000.0, 1000000.0), DescentPlot.ticks(new Range(-6e5, 1.1e6), 4));
    }

    @Test
    void aPixelAndItsValueAreInversesAndAnUpwardAxisIsFlipped() {
        Range r = new Range(-2, 6);
        assertEquals(60, r.pixel(-2, 60, 400, false));
        assertEquals(460, r.pixel(-2, 60, 400, true));
        assertEquals(260, r.pixel(2, 60, 400, true));
        assertEquals(1.5, r.value(r.pixel(1.5, 60, 400, true), 60, 400, true), 1e-12);
    }

    @Test
    void theTangentKeepsTheSlopeAndTheSameLengthOnScreenSteepOrFlat() {
        Range xs = new Range(0, 10), ys = new Range(0, 100);
        for (double slope : new double[] {0, 3, -40, 1000}) {
            Segment t = DescentPlot.tangent(5, 50, slope, xs, ys, 500, 400, 80);
            assertEquals(slope, t.slope(), 1e-9 * Math.max(1, Math.abs(slope)));
            double dx = (t.x2() - t.x1()) * 500 / 10, dy = (t.y2() - t.y1()) * 400 / 100;
            assertEquals(160, Math.hypot(dx, dy), 1e-9, "slope " + slope);
            assertEquals(5, (t.x1() + t.x2()) / 2, 1e-12);
        }
    }

    @Test
    void contourLevelsSplitTheGridIntoBandsOfEqualShare() {
        double[] grid = new double[100];
        for (int i = 0; i < 100; i++) {
            grid[i] = i * i;
        }
        double[] levels = DescentPlot.levels(grid, 4);
        assertArrayEquals(new double[] {24 * 24, 49 * 49, 74 * 74}, levels);
        assertEquals(0, DescentPlot.band(0, levels));
        assertEquals(1, DescentPlot.band(600, levels));
        assertEquals(3, DescentPlot.band(9801, levels));
    }

    @Test
    void aContourGridHoldsYAtTheCentreOfEachCellTopRowHighestZ() {
        ContourGrid g = ContourGrid.sample("x^2 + 5*z^2", new Range(0, 4), new Range(-1, 1), 4, 2);
        // cell centres x = 0.5, 1.5, 2.5, 3.5; z = 0.5 (top row), -0.5
        assertArrayEquals(new double[] {1.5, 3.5, 7.5, 13.5, 1.5, 3.5, 7.5, 13.5}, g.values(), 1e-6);
        ContourGrid tilted = ContourGrid.sample("x + z", new Range(0, 2), new Range(0, 2), 2, 2);
        assertArrayEquals(new double[] {2, 3, 1, 2}, tilted.values(), 1e-6);
        assertTrue(g.covers("x^2 + 5*z^2", new Range(0, 4), new Range(-1, 1), 4, 2));
        assertTrue(!g.covers("x^2 + 5*z^2", new Range(0, 4), new Range(-1, 2), 4, 2));
    }
}
