package digitlab.app.draw;

import java.nio.file.Path;
import java.util.concurrent.CompletionException;

/** What the Draw view's status line says about files and models, in one place. */
final class DrawStatus {
    private DrawStatus() {
    }

    /** While {@code file} is being read. */
    static String reading(Path file) {
        return "Reading " + file + "…";
    }

    /** A picture of {@code width}×{@code height} was opened from {@code file}. */
    static String opened(Path file, int width, int height) {
        return "Opened " + file.getFileName() + " (" + width + "×" + height + ")";
    }

    /** The drawing was saved to {@code file}. */
    static String saved(Path file) {
        return "Saved the drawing to " + file;
    }

    /** The drawing could not be saved to {@code file}. */
    static String couldNotSave(Path file, Throwable failure) {
        return "Could not save " + file + ": " + failure.getMessage();
    }

    /** The model file remembered from last time cannot be used, for {@code reason}. */
    static String lastModelUnreadable(String reason) {
        return "The model used last time could not be read (" + reason + "); reading with the shipped one.";
    }

    /** Why something failed: its message, or the failure itself when it has none. */
    static String reason(Throwable failure) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
