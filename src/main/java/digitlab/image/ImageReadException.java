package digitlab.image;

import java.io.IOException;
import java.nio.file.Path;

/** A file could not be read as a picture; the message names the file and says why. */
public final class ImageReadException extends IOException {
    private final transient Path file;
    private final String reason;

    public ImageReadException(Path file, String reason) {
        this(file, reason, null);
    }

    public ImageReadException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    /** Why, without the file name. */
    public String reason() {
        return reason;
    }
}
