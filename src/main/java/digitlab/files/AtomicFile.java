package digitlab.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writing a file so that a crash leaves the old file or the complete new one, never half of one: the
 * content goes to a temporary file beside the target ({@code .NAME.RANDOM.tmp}), is forced to disk,
 * then renamed over the target in one step. A failed write removes its temporary file and leaves the
 * target as it was. Used for every file DigitLab writes (models, pictures, exports, settings).
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** What goes into a file, written to the stream given (which it must not close). */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code bytes} to {@code file} as described above. */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    /**
     * Writes what {@code content} produces to {@code file} as described above (creating no folders).
     *
     * @throws IOException naming the file when it is a folder, or for any failure of the writing
     */
    public static void write(Path file, Content content) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a folder");
        }
        Path folder = file.toAbsolutePath().getParent();
        // not Files.createTempFile: that makes the file private to its owner, and these are not secrets
        Path temp = folder.resolve("." + file.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true); // on disk before the rename makes it the file
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
