package digitlab.data;

import java.io.IOException;
import java.util.Optional;

/**
 * A file, or what a source delivered for it, is not the file its name promises: wrong checksum, too big,
 * not a file, or unreadable (the cause says why). The message says what is wrong, without the file's name.
 */
final class RefusedFile extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient VerifiedStore.Digest digest;

    RefusedFile(String problem, Throwable cause) {
        this(problem, cause, null);
    }

    RefusedFile(String problem, Throwable cause, VerifiedStore.Digest digest) {
        super(problem, cause);
        this.digest = digest;
    }

    /** The contents that were refused, when they could be read to the end. */
    Optional<VerifiedStore.Digest> digest() {
        return Optional.ofNullable(digest);
    }
}
