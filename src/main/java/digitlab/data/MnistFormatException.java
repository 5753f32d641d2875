package digitlab.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An idx file that cannot be MNIST data: wrong magic number, impossible dimensions, a length that
 * disagrees with its header, a label that is not a digit. The message starts with the file and says
 * what is wrong, so that a user can tell which download or copy to redo.
 */
public final class MnistFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String file;

    public MnistFormatException(Path file, String problem) {
        this(file.toString(), problem);
    }

    public MnistFormatException(String file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The file as it was named when reading it. */
    public String file() {
        return file;
    }
}
