package digitlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import digitlab.app.WindowPlacement.Rect;

/** The rectangle the settings keep is the window's normal one, whatever order the window manager reports a maximize in. */
class NormalBoundsTest {
    private static final Rect START = new Rect(108, 68, 1224, 765), MOVED = new Rect(200, 100, 1000, 700),
            FULL = new Rect(0, 0, 1440, 900);

    @Test
    void theLastRectangleWhileNotMaximizedIsTheNormalOne() {
        NormalBounds n = new NormalBounds(START);
        assertEquals(START, n.get());
        n.changed(MOVED, false, 1000);
        assertEquals(MOVED, n.get());
        n.changed(FULL, true, 2000);
        assertEquals(MOVED, n.get(), "a change while maximized is not the normal rectangle");
    }

    @Test
    void sizeChangesReportedJustBeforeTheMaximizedStateAreTakenAsTheMaximize() {
        NormalBounds n = new NormalBounds(START);
        n.changed(MOVED, false, 1000);
        // the window manager moves and resizes first, then says the window is maximized
        n.changed(new Rect(0, 0, 1000, 700), false, 5000);
        n.changed(FULL, false, 5010);
        n.maximized(5020);
        assertEquals(MOVED, n.get());
    }

    @Test
    void aMaximizeRightAfterTheStartKeepsTheStartRectangle() {
        NormalBounds n = new NormalBounds(START);
        n.changed(FULL, false, 100);
        n.maximized(110);
        assertEquals(START, n.get());
    }
}
