package digitlab.model;

import java.io.IOException;

/** A model file that cannot be used: unreadable, not a DigitLab model, or with a wrong shape or value. */
public final class ModelException extends IOException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
