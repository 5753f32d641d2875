package digitlab.app;

import java.util.ArrayDeque;
import java.util.Deque;

import digitlab.app.WindowPlacement.Rect;

/**
 * The window's normal (not maximized) rectangle, the one the settings keep. The window manager reports
 * a maximize as separate changes of place, size and state, in an order of its own, so the changes that came
 * just before the state turned maximized may already be the maximize: when it does, the rectangle that held
 * {@value #SETTLE_MS} ms before is taken as the normal one (nobody resizes and maximizes within that).
 * Plain Java, told the time, so it is tested without a display.
 */
final class NormalBounds {
    static final long SETTLE_MS = 250;
    private static final int KEPT = 32;

    private record Seen(Rect rect, long millis) {
    }

    private final Deque<Seen> seen = new ArrayDeque<>();
    private final Rect initial;
    private Rect normal;

    NormalBounds(Rect initial) {
        this.initial = initial;
        this.normal = initial;
    }

    /** The window is now at {@code now}; counted only while it is neither maximized nor iconified. */
    void changed(Rect now, boolean maximizedOrIconified, long millis) {
        if (maximizedOrIconified) {
            return;
        }
        seen.addLast(new Seen(now, millis));
        if (seen.size() > KEPT) {
            seen.removeFirst();
        }
        normal = now;
    }

    /** The window turned maximized at {@code millis}. */
    void maximized(long millis) {
        Rect before = initial;
        for (Seen s : seen) {
            if (s.millis() <= millis - SETTLE_MS) {
                before = s.rect();
            }
        }
        normal = before;
    }

    Rect get() {
        return normal;
    }
}
