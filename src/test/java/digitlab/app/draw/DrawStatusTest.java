package digitlab.app.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The Draw view's status line clears itself when what it says no longer applies. */
class DrawStatusTest {
    private final List<String> shown = new ArrayList<>();
    private final List<Runnable> due = new ArrayList<>();
    private final List<Long> delays = new ArrayList<>();
    private final DrawStatus status = new DrawStatus(shown::add, (millis, task) -> {
        delays.add(millis);
        due.add(task);
    });

    private String showing() {
        return shown.isEmpty() ? "" : shown.get(shown.size() - 1);
    }

    /** Time passes: every task waiting runs. */
    private void timePasses() {
        List<Runnable> now = List.copyOf(due);
        due.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void aPictureThatCouldNotBeOpenedIsForgottenWhenThePersonDraws() {
        status.show(DrawStatus.failed(new IOException("could not open picture x.png: not a PNG or JPEG")));
        assertEquals("could not open picture x.png: not a PNG or JPEG", showing());

        status.action();

        assertEquals("", showing());
    }

    @Test
    void aPictureThatCouldNotBeOpenedIsReplacedWhenAnotherIsOpened() {
        status.show(DrawStatus.failed(new IOException("x.png: not a picture")));
        status.show(DrawStatus.reading(Path.of("y.png")));
        assertEquals("Reading y.png…", showing());
    }

    @Test
    void savedStaysAFewSecondsThenClears() {
        status.show(DrawStatus.saved(Path.of("digit.png")));
        assertEquals("Saved the drawing to digit.png", showing());
        assertEquals(List.of(DrawStatus.BRIEF_MILLIS), delays);

        timePasses();

        assertEquals("", showing());
    }

    @Test
    void savedClearsAtTheNextActionAndItsTimerThenLeavesTheNewLineAlone() {
        status.show(DrawStatus.saved(Path.of("digit.png")));
        status.action();
        assertEquals("", showing());
        status.show(DrawStatus.failed(new IOException("later problem")));

        timePasses();

        assertEquals("later problem", showing(), "the old timer does not clear a newer line");
    }

    @Test
    void workUnderWayStaysWhileThePersonDrawsUntilItsResultComes() {
        status.show(DrawStatus.reading(Path.of("models", "a.json")));
        status.action();
        timePasses();
        assertEquals("Reading " + Path.of("models", "a.json") + "…", showing());

        status.show(DrawStatus.Line.NONE);
        assertEquals("", showing());
    }

    @Test
    void havingNoModelAtAllStaysWhateverThePersonDoes() {
        status.show(DrawStatus.noShippedModel("gone"));
        status.action();
        timePasses();
        assertEquals("The shipped model could not be read: gone", showing());
    }

    @Test
    void aPictureFromTheTrainViewIsDescribedUntilThePersonDrawsOverIt() {
        status.show(DrawStatus.picture("A test digit from the Train view's gallery."));
        timePasses();
        assertEquals("A test digit from the Train view's gallery.", showing());
        status.action();
        assertEquals("", showing());
    }
}
