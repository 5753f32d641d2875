package digitlab.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * What a path really is, told before it is opened: opening a FIFO for reading waits for a writer,
 * and a device such as {@code /dev/zero} never ends, so a reader has to refuse them by their kind, not
 * by what reading them does. Only looks ({@code stat}), never opens.
 */
public final class FileKinds {
    private static final int S_IFMT = 0170000, S_IFIFO = 0010000, S_IFCHR = 0020000, S_IFBLK = 0060000,
            S_IFSOCK = 0140000;

    /** What {@link #describeNonRegular} says of a path where nothing is. */
    public static final String MISSING = "does not exist";

    private FileKinds() {
    }

    /** Like {@link #describeNonRegular(Path, String)} for a plain "regular file". */
    public static String describeNonRegular(Path file) {
        return describeNonRegular(file, "regular file");
    }

    /**
     * Null for a regular file this process may read; otherwise why it cannot be read as one, a phrase
     * to follow the file's name: "is a FIFO (named pipe), not a picture file", "is a character
     * device, not a picture file", "is a folder, not a picture file", "does not exist", "is a symlink
     * loop (too many levels of symbolic links)", "cannot be read: permission denied".
     *
     * @param wanted what the file should have been, e.g. "picture file"
     */
    public static String describeNonRegular(Path file, String wanted) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Files.isSymbolicLink(file) ? "is a symbolic link to " + target(file) + ", which does not exist"
                    : MISSING;
        } catch (AccessDeniedException e) {
            return "cannot be read: permission denied";
        } catch (FileSystemException e) {
            String reason = e.getReason() == null ? "" : e.getReason();
            if (reason.toLowerCase(Locale.ROOT).contains("too many levels of symbolic links")) {
                return "is a symlink loop (too many levels of symbolic links)";
            }
            if (reason.toLowerCase(Locale.ROOT).contains("not a directory")) {
                return MISSING; // a path through a file: JDK 17 says ENOTDIR, JDK 25 NoSuchFileException; alike to a person
            }
            return "cannot be looked at: " + (reason.isEmpty() ? e.toString() : reason);
        } catch (IOException e) {
            return "cannot be looked at: " + e;
        }
        if (attributes.isDirectory()) {
            return "is a folder, not a " + wanted;
        }
        if (attributes.isOther()) {
            return "is a " + otherKind(file) + ", not a " + wanted;
        }
        if (!attributes.isRegularFile()) {
            return "is not a " + wanted;
        }
        if (!Files.isReadable(file)) {
            return "cannot be read: permission denied";
        }
        return null;
    }

    /** A FIFO, a device or a socket, told apart by the type bits of the Unix mode where there is one. */
    static String otherKind(Path file) {
        try {
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            switch (mode & S_IFMT) {
                case S_IFIFO:
                    return "FIFO (named pipe)";
                case S_IFCHR:
                    return "character device";
                case S_IFBLK:
                    return "block device";
                case S_IFSOCK:
                    return "socket";
                default:
                    break;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // no Unix attributes here: say what is known
        }
        return "special file (a device, pipe or socket)";
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "a missing file";
        }
    }
}
