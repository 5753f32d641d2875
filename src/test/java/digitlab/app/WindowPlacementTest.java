package digitlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import digitlab.app.WindowPlacement.Rect;

/** Where the window opens, from the screens' visual bounds and the settings, without a display. */
class WindowPlacementTest {
    private static final Rect SCREEN = new Rect(0, 0, 1440, 900);
    /** A second screen to the right of the first, larger, with a panel of 40 px at its top. */
    private static final Rect RIGHT = new Rect(1440, 40, 2560, 1400);

    private static Settings window(double w, double h, double x, double y) {
        return Settings.defaults().withWindow(w, h, x, y, false);
    }

    @Test
    void theFirstStartOpensAt85PercentOfThePrimaryScreenCentredOnIt() {
        WindowPlacement p = WindowPlacement.of(List.of(SCREEN, RIGHT), Settings.defaults());
        assertEquals(new Rect(108, 68, 1224, 765), p.bounds());
        assertFalse(p.maximized());
    }

    @Test
    void onALargeScreenTheFirstSizeIsAtMost1440By900AndOnASmallOneNeverBelowTheMinimum() {
        assertEquals(new Rect(1440 + 560, 40 + 250, 1440, 900), WindowPlacement.defaultBounds(RIGHT));
        Rect small = new Rect(0, 0, 1024, 600);
        Rect first = WindowPlacement.defaultBounds(small);
        assertEquals(870, first.width(), "85% of 1024, rounded");
        assertEquals(WindowPlacement.MIN_HEIGHT, first.height(), "85% of 600 is below the minimum");
    }

    @Test
    void aRememberedSizeAndPlaceComeBackWhenTheyLieOnAScreen() {
        assertEquals(new Rect(50, 60, 1000, 700), WindowPlacement.of(List.of(SCREEN), window(1000, 700, 50, 60)).bounds());
        assertEquals(new Rect(2000, 100, 1800, 1000),
                WindowPlacement.of(List.of(SCREEN, RIGHT), window(1800, 1000, 2000, 100)).bounds(), "on the second screen");
        assertEquals(new Rect(0, 0, 1440, 900), WindowPlacement.of(List.of(SCREEN), window(1440, 900, 0, 0)).bounds(),
                "the whole screen, as a window dragged to fill it");
        assertEquals(new Rect(-0.5, 0, 1440.5, 900.5), WindowPlacement.of(List.of(SCREEN), window(1440.5, 900.5, -0.5, 0)).bounds(),
                "half a pixel over the edge still fits");
    }

    @Test
    void aRememberedPlaceOnAScreenThatIsGoneOrPartlyOffTheScreenGivesTheDefaultCentredOnThePrimary() {
        Rect first = WindowPlacement.defaultBounds(SCREEN);
        assertEquals(first, WindowPlacement.of(List.of(SCREEN), window(1800, 1000, 2000, 100)).bounds(),
                "the second screen was unplugged");
        assertEquals(first, WindowPlacement.of(List.of(SCREEN), window(1000, 700, 600, 300)).bounds(), "half off the screen");
        assertEquals(first, WindowPlacement.of(List.of(SCREEN), window(1000, 700, -5000, -5000)).bounds(), "on no screen");
    }

    @Test
    void aRememberedWindowLargerThanItsScreenIsShrunkToTheScreen() {
        // saved on the large screen, now shown on the small one; or the panel grew
        assertEquals(new Rect(0, 0, 1440, 900), WindowPlacement.of(List.of(SCREEN), window(2560, 1400, 0, 0)).bounds());
        Rect withPanel = new Rect(0, 30, 1440, 870);
        assertEquals(new Rect(0, 30, 1440, 870), WindowPlacement.of(List.of(withPanel), window(1440, 900, 0, 0)).bounds());
        assertEquals(new Rect(200, 30, 1200, 870), WindowPlacement.of(List.of(withPanel), window(1200, 881, 200, 20)).bounds(),
                "only the height is too large: the width and the left edge stay");
    }

    @Test
    void aRememberedSizeWithoutAPlaceIsCentredOnThePrimaryAndShrunkToFit() {
        assertEquals(new Rect(270, 130, 900, 640), WindowPlacement.of(List.of(SCREEN), window(900, 640, Double.NaN, Double.NaN)).bounds());
        assertEquals(new Rect(0, 0, 1440, 900), WindowPlacement.of(List.of(SCREEN), window(3000, 2000, Double.NaN, Double.NaN)).bounds());
        Rect half = WindowPlacement.of(List.of(SCREEN), window(900, Double.NaN, Double.NaN, Double.NaN)).bounds();
        assertEquals(900, half.width());
        assertEquals(765, half.height(), "a height not remembered is the default one");
    }

    @Test
    void aRememberedSizeBelowTheMinimumGrowsToIt() {
        Rect r = WindowPlacement.of(List.of(SCREEN), window(500, 300, 10, 10)).bounds();
        assertEquals(new Rect(10, 10, WindowPlacement.MIN_WIDTH, WindowPlacement.MIN_HEIGHT), r);
    }

    @Test
    void theMaximizedStateComesBackOverTheNormalBounds() {
        WindowPlacement p = WindowPlacement.of(List.of(SCREEN), Settings.defaults().withWindow(1000, 700, 50, 60, true));
        assertTrue(p.maximized());
        assertEquals(new Rect(50, 60, 1000, 700), p.bounds(), "where it goes when un-maximized");
        assertTrue(WindowPlacement.of(List.of(SCREEN), new Settings(Double.NaN, Double.NaN, Double.NaN, Double.NaN, true, null))
                .maximized());
    }

    @Test
    void withoutAScreenThereIsNoPlaceAndItSaysSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WindowPlacement.of(List.of(), Settings.defaults()));
        assertEquals("no screen to place the window on", e.getMessage());
    }
}
