package digitlab.app.draw;

import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The Draw view's status line: what it says about files and models, and the rule for when a line no
 * longer applies and clears itself. Plain Java, so the rule is tested without a display.
 *
 * <p>A line is one of four kinds ({@link Lasts}): work under way stays until its result replaces it; a
 * result about the drawing or a file ("opened …", "could not open …") stays until the person's next
 * action (drawing, undo, clear, opening or saving); a success worth a glance ("saved to …") also goes
 * after {@link #BRIEF_MILLIS}; a problem that stays true (no model at all) stays until replaced.
 */
final class DrawStatus {
    /** How long a brief line stays when the person does nothing, in milliseconds. */
    static final long BRIEF_MILLIS = 6000;

    /** Runs a task after a delay, on the thread that uses the status. */
    interface Later {
        void after(long millis, Runnable task);
    }

    /** How long a line applies. */
    enum Lasts {
        /** Work under way: until its result replaces it. */
        WORKING,
        /** Until the person's next action. */
        UNTIL_NEXT_ACTION,
        /** Until the next action or {@link #BRIEF_MILLIS}, whichever comes first. */
        BRIEFLY,
        /** Until another line replaces it. */
        UNTIL_REPLACED
    }

    /** A line of status and how long it applies. */
    record Line(String text, Lasts lasts) {
        /** No line. */
        static final Line NONE = new Line("", Lasts.UNTIL_REPLACED);
    }

    private final Consumer<String> shown;
    private final Later later;
    private Line line = Line.NONE;
    private long shownCount;

    /**
     * @param shown told the text to show (empty: none), on every change
     * @param later runs a task after a delay, on the thread that uses this status
     */
    DrawStatus(Consumer<String> shown, Later later) {
        this.shown = shown;
        this.later = later;
    }

    /** Shows {@code next} in place of the line there was. */
    void show(Line next) {
        line = next;
        long count = ++shownCount;
        shown.accept(next.text());
        if (next.lasts() == Lasts.BRIEFLY) {
            later.after(BRIEF_MILLIS, () -> {
                if (shownCount == count) {
                    show(Line.NONE);
                }
            });
        }
    }

    /** The person did something (drew, undid, cleared, opened or saved): lines about what was before go. */
    void action() {
        if (line.lasts() == Lasts.UNTIL_NEXT_ACTION || line.lasts() == Lasts.BRIEFLY) {
            show(Line.NONE);
        }
    }

    /** The line shown now. */
    Line line() {
        return line;
    }

    // ---------------------------------------------------------------- what it says

    /** While {@code file} is being read. */
    static Line reading(Path file) {
        return new Line("Reading " + file + "…", Lasts.WORKING);
    }

    /** A picture of {@code width}×{@code height} was opened from {@code file}. */
    static Line opened(Path file, int width, int height) {
        return new Line("Opened " + file.getFileName() + " (" + width + "×" + height + ")", Lasts.UNTIL_NEXT_ACTION);
    }

    /** A picture was put on the canvas; {@code description} says what it is. */
    static Line picture(String description) {
        return new Line(description, Lasts.UNTIL_NEXT_ACTION);
    }

    /** The drawing was saved to {@code file}. */
    static Line saved(Path file) {
        return new Line("Saved the drawing to " + file, Lasts.BRIEFLY);
    }

    /** The drawing could not be saved to {@code file}. */
    static Line couldNotSave(Path file, Throwable failure) {
        return new Line("Could not save " + file + ": " + reason(failure), Lasts.UNTIL_NEXT_ACTION);
    }

    /** A picture or a model file could not be used, for {@code failure}. */
    static Line failed(Throwable failure) {
        return new Line(reason(failure), Lasts.UNTIL_NEXT_ACTION);
    }

    /** The model file remembered from last time cannot be used, for {@code reason}. */
    static Line lastModelUnreadable(String reason) {
        return new Line("The model used last time could not be read (" + reason + "); reading with the shipped one.",
                Lasts.UNTIL_NEXT_ACTION);
    }

    /** There is no model to read with: the shipped one could not be read, for {@code reason}. */
    static Line noShippedModel(String reason) {
        return new Line("The shipped model could not be read: " + reason, Lasts.UNTIL_REPLACED);
    }

    /** Why something failed: its message, or the failure itself when it has none. */
    static String reason(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
