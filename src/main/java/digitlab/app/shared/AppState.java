package digitlab.app.shared;

import java.nio.file.Path;
import java.util.function.Consumer;

import digitlab.image.InkImage;
import digitlab.model.Model;
import digitlab.nn.Trainer;

/**
 * What the views share, so that they need not know each other: each view reads and sets these values
 * and listens to the ones it follows; the application wires nothing else between them. A type here
 * comes from nn, model, image or this package, never from a view's package.
 */
public final class AppState {
    /** The views, in the order of their tabs. */
    public enum View { DRAW, TRAIN, GRAPH, DESCENT }

    /** The view on show; setting it brings that view forward. */
    public final Shared<View> view = new Shared<>(View.DRAW);

    /** The digit the Draw view read last (null before any, or when the canvas is blank). */
    public final Shared<DrawnDigit> lastDrawing = new Shared<>(null);

    /**
     * A model offered for drawing ("Use for drawing" in the Train view); the Draw view takes it up and sets
     * this back to null, so that offering the same model again counts again.
     */
    public final Shared<Model> offeredModel = new Shared<>(null);

    /**
     * A model the Train view saved to a file, so that the Draw view can name the weights it was offered by
     * that file (no longer "not saved"); null before any.
     */
    public final Shared<SavedModel> savedModel = new Shared<>(null);

    /**
     * A picture to draw with (a test digit from the Train view's gallery), with a line saying what it is; the
     * Draw view takes it up and sets this back to null.
     */
    public final Shared<PictureToDraw> pictureToDraw = new Shared<>(null);

    /** Where the training run's batches can be asked for (the Graph view's live batch); null when none. */
    public final Shared<BatchSource> training = new Shared<>(null);

    /**
     * A digit as the Draw view read it: the model, the 28×28 input it got (row by row, 0 paper to 1 ink),
     * the ten probabilities and the best digit.
     */
    public record DrawnDigit(Model model, float[] pixels, float[] probabilities, int best) {
    }

    /** A model and the file it was saved to. */
    public record SavedModel(Model model, Path file) {
    }

    /** A picture for the Draw view and the line that says where it comes from. */
    public record PictureToDraw(InkImage picture, String description) {
    }

    /** A training run that hands over a copy of its next batch. */
    public interface BatchSource {
        /** Asks for a copy of the next batch trained, given to {@code consumer} on the training thread; false when no run is on. */
        boolean requestBatch(Consumer<Trainer.BatchCopy> consumer);
    }
}
