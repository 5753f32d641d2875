package digitlab.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The one way DigitLab writes a file, so that a crash leaves the old file or the complete new one, never
 * half of one, and so that nothing the user did not mean to give up is replaced.
 *
 * <p>The content goes to a temporary file beside the target ({@code .NAME.RANDOM.tmp}, NAME shortened
 * so the whole name stays within the 255-byte limit of file names), is forced to disk, then renamed over
 * the target in one step. A failed write removes its temporary file and leaves the target as it was.
 *
 * <p>The rules, whatever the caller:
 * <ul>
 * <li>Only a regular file is ever replaced: a folder, a device, a FIFO or a socket is refused.</li>
 * <li>Symbolic links are followed: writing to a link replaces the regular file it points to (the link
 * stays a link). A link to nothing, a link loop, or a link to something that is not a regular file is
 * refused.</li>
 * <li>A file with no write permission (for example after {@code chmod 444}) counts as protected: it is
 * replaced only with {@link Replace#EVEN_READ_ONLY}, which a caller passes only when the user asked to
 * overwrite. A replaced file keeps its permissions.</li>
 * <li>{@link #writeNew} never replaces anything: it creates a name that did not exist, choosing
 * {@code stem-2.ext}, {@code stem-3.ext}, … when the first is taken, even by another process in the same
 * instant.</li>
 * <li>No folders are created.</li>
 * </ul>
 */
public final class AtomicFile {
    /** File names longer than this many bytes are refused by Linux, macOS and Windows file systems. */
    public static final int NAME_MAX_BYTES = 255;
    private static final int RANDOM_CHARS = 13; // an unsigned long in base 36, padded
    private static final String TEMP_SUFFIX = ".tmp";
    private static final int TEMP_OVERHEAD = 1 + 1 + RANDOM_CHARS + TEMP_SUFFIX.length();

    private AtomicFile() {
    }

    /** Whether an existing target may be replaced. */
    public enum Replace {
        /** Never: the target must not exist. */
        NEVER,
        /** A regular file the user can write (the default). */
        IF_WRITABLE,
        /** Any regular file, even one without write permission: only when the user asked to overwrite. */
        EVEN_READ_ONLY
    }

    /**
     * The target may not be written because of what it is or where it is (a folder, a device, a
     * read-only file, a missing folder, a name too long): the user's choice of file, not a failure of the
     * disk.
     */
    public static final class RefusedException extends IOException {
        private final boolean readOnly;

        RefusedException(String message, boolean readOnly) {
            super(message);
            this.readOnly = readOnly;
        }

        RefusedException(String message) {
            this(message, false);
        }

        /** Whether the only reason is that the file is read-only (so asking to overwrite would do). */
        public boolean readOnly() {
            return readOnly;
        }
    }

    /** What goes into a file, written to the stream given (which it must not close). */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code bytes} to {@code file}, replacing it only if it is a writable regular file. */
    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, Replace.IF_WRITABLE, out -> out.write(bytes));
    }

    /** Writes what {@code content} produces to {@code file}, replacing it only if it is a writable regular file. */
    public static void write(Path file, Content content) throws IOException {
        write(file, Replace.IF_WRITABLE, content);
    }

    /**
     * Writes what {@code content} produces to {@code file} as described in the class comment.
     *
     * @throws IOException naming the file and the reason when the target may not be replaced (see
     *         {@link #check}), or for any failure of the writing; the target is then as it was
     */
    public static void write(Path file, Replace replace, Content content) throws IOException {
        Path target = check(file, replace);
        Path temp = writeTemporary(target, content);
        try {
            Set<PosixFilePermission> keep = existingPermissions(target);
            if (keep != null) {
                Files.setPosixFilePermissions(temp, keep);
            }
            // checked again just before the rename: a file that became special or protected meanwhile stays
            check(target, replace);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp, e);
            throw e;
        }
    }

    /**
     * Writes what {@code content} produces to a file that did not exist before, in {@code folder}:
     * {@code stem + ext}, or when that is taken {@code stem-2 + ext}, {@code stem-3 + ext}, and so on. The
     * name is claimed exclusively (a hard link from the complete temporary file), so two processes
     * writing at the same instant get two files.
     *
     * @return the file written
     */
    public static Path writeNew(Path folder, String stem, String ext, Content content) throws IOException {
        checkFolder(folder.resolve(stem + ext));
        Path temp = writeTemporary(folder.resolve(stem + ext), content);
        try {
            for (int n = 1; n < 10_000; n++) {
                Path candidate = folder.resolve(n == 1 ? stem + ext : stem + "-" + n + ext);
                checkName(candidate);
                if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    claim(candidate, temp);
                    return candidate;
                } catch (FileAlreadyExistsException taken) {
                    // another process took it a moment ago: try the next number
                }
            }
            throw new IOException(folder + ": no free name of the form " + stem + "-N" + ext);
        } finally {
            deleteQuietly(temp, null);
        }
    }

    /** Makes {@code name} the complete file {@code temp} without ever replacing an existing {@code name}. */
    private static void claim(Path name, Path temp) throws IOException {
        try {
            Files.createLink(name, temp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException e) {
            // no hard links here (FAT, some network shares): reserve the name, then rename over the reservation
            Files.newByteChannel(name, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
            try {
                Files.move(temp, name, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException | RuntimeException failed) {
                deleteQuietly(name, failed);
                throw failed;
            }
        }
    }

    /**
     * Checks, before any work is done, that {@code file} can be written as {@link #write} would: its
     * folder exists and takes new files (a probe file is created and removed there), its name fits, and
     * if it exists it is a regular file that {@code replace} allows replacing. When {@code bytesNeeded}
     * is positive, the folder's disk must also have that much free.
     *
     * @throws IOException with a message that names the file and says what is wrong
     */
    public static void checkWritable(Path file, Replace replace, long bytesNeeded) throws IOException {
        Path target = check(file, replace);
        probeFolder(target, bytesNeeded);
    }

    /**
     * Checks, before any work is done, that new files can be made in {@code folder} (a probe file is
     * created and removed there) and, when {@code bytesNeeded} is positive, that its disk has that much
     * free.
     */
    public static void checkFolderWritable(Path folder, long bytesNeeded) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new RefusedException(folder + ": is not a folder");
        }
        probeFolder(folder.resolve("digitlab-probe"), bytesNeeded);
    }

    private static void probeFolder(Path target, long bytesNeeded) throws IOException {
        Path folder = target.toAbsolutePath().getParent();
        Path probe = temporaryName(target);
        try {
            Files.newByteChannel(probe, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        } catch (IOException e) {
            throw new RefusedException("cannot create files in " + folder + ": " + reason(e));
        }
        Files.deleteIfExists(probe);
        if (bytesNeeded > 0) {
            long free = Files.getFileStore(folder).getUsableSpace();
            if (free < bytesNeeded) {
                throw new IOException(String.format(Locale.ROOT,
                        "only %.1f MB free on the disk of %s; %.1f MB are needed", free / 1e6, folder, bytesNeeded / 1e6));
            }
        }
    }

    /**
     * The file a write to {@code file} really replaces (symbolic links followed), after checking that it
     * may: see the class comment.
     */
    static Path check(Path file, Replace replace) throws IOException {
        checkName(file);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            checkFolder(file);
            return file;
        }
        Path target = file;
        if (Files.isSymbolicLink(file)) {
            try {
                target = file.toRealPath();
            } catch (NoSuchFileException e) {
                throw new RefusedException(file + ": is a symbolic link to nothing (" + Files.readSymbolicLink(file)
                        + "); DigitLab writes only to regular files");
            } catch (FileSystemException e) {
                throw new RefusedException(file + ": " + reason(e));
            }
        }
        BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class);
        String kind = a.isDirectory() ? "a folder" : a.isRegularFile() ? null : "a " + FileKinds.otherKind(target);
        if (kind != null) {
            throw new RefusedException(file + ": is " + kind + (target.equals(file) ? "" : " (through a symbolic link)")
                    + ", not a regular file; DigitLab replaces only regular files");
        }
        if (replace == Replace.NEVER) {
            throw new RefusedException(file + ": exists already; DigitLab will not replace it");
        }
        if (replace == Replace.IF_WRITABLE && readOnly(target)) {
            throw new RefusedException(file + ": is read-only; DigitLab does not overwrite a file you protected", true);
        }
        return target;
    }

    private static void checkName(Path file) throws IOException {
        Path name = file.getFileName();
        if (name == null || name.toString().isEmpty()) {
            throw new RefusedException("'" + file + "': names no file");
        }
        int bytes = name.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > NAME_MAX_BYTES) {
            throw new RefusedException(file + ": the name is " + bytes + " bytes long; file names can have at most "
                    + NAME_MAX_BYTES);
        }
    }

    private static void checkFolder(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (folder == null) {
            throw new RefusedException(file + ": names no file");
        }
        if (!Files.exists(folder)) {
            Path up = folder;
            while (up != null && !Files.exists(up)) {
                up = up.getParent();
            }
            if (up != null && !Files.isDirectory(up)) {
                throw new RefusedException(file + ": " + up + " is a file, not a folder");
            }
            throw new RefusedException(file + ": the folder " + folder + " does not exist");
        }
        if (!Files.isDirectory(folder)) {
            throw new RefusedException(file + ": " + folder + " is not a folder");
        }
    }

    /** No write permission for anyone (POSIX), or not writable by this process. */
    private static boolean readOnly(Path regular) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(regular, PosixFileAttributeView.class);
        if (posix != null) {
            // root may write anything, so Files.isWritable says yes: the mode bits say what the user meant
            Set<PosixFilePermission> p = posix.readAttributes().permissions();
            if (!p.contains(PosixFilePermission.OWNER_WRITE) && !p.contains(PosixFilePermission.GROUP_WRITE)
                    && !p.contains(PosixFilePermission.OTHERS_WRITE)) {
                return true;
            }
        }
        return !Files.isWritable(regular);
    }

    private static Set<PosixFilePermission> existingPermissions(Path target) {
        try {
            PosixFileAttributeView posix = Files.getFileAttributeView(target, PosixFileAttributeView.class);
            return posix != null && Files.isRegularFile(target) ? posix.readAttributes().permissions() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Path writeTemporary(Path target, Content content) throws IOException {
        Path temp = temporaryName(target);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            try {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true); // on disk before the rename makes it the file
            } catch (IOException | RuntimeException e) {
                deleteQuietly(temp, e);
                throw e;
            }
        }
        return temp;
    }

    /**
     * {@code .NAME.RANDOM.tmp} beside {@code target}, with NAME cut (never inside a character) so that the
     * whole name has at most 255 bytes. Not Files.createTempFile: that makes the file private to its owner,
     * and these are not secrets.
     */
    static Path temporaryName(Path target) {
        String random = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
        random = "0".repeat(RANDOM_CHARS - random.length()) + random;
        return target.toAbsolutePath().resolveSibling("." + temporaryStem(target) + "." + random + TEMP_SUFFIX);
    }

    private static String temporaryStem(Path target) {
        String name = target.getFileName().toString();
        int budget = NAME_MAX_BYTES - TEMP_OVERHEAD;
        StringBuilder s = new StringBuilder();
        int used = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + len > budget) {
                break;
            }
            s.appendCodePoint(cp);
            used += len;
            i += Character.charCount(cp);
        }
        return s.toString();
    }

    /**
     * Removes temporary files that writes of {@code file} left behind when their process was killed, once
     * they are older than {@code age} (younger ones may belong to a write still under way in another
     * process). Only names of exactly the form this class makes are touched. Never fails.
     */
    public static void removeStaleTemporaryFiles(Path file, Duration age) {
        Path folder = file.toAbsolutePath().getParent();
        Pattern ours = Pattern.compile(Pattern.quote("." + temporaryStem(file) + ".") + "[0-9a-z]{" + RANDOM_CHARS + "}"
                + Pattern.quote(TEMP_SUFFIX));
        Instant stale = Instant.now().minus(age);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, p -> ours.matcher(p.getFileName().toString()).matches())) {
            for (Path t : temps) {
                BasicFileAttributes a = Files.readAttributes(t, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile() && a.lastModifiedTime().toInstant().isBefore(stale)) {
                    Files.deleteIfExists(t);
                }
            }
        } catch (IOException | RuntimeException e) {
            // tidying up is a courtesy: a write does not fail for it
        }
    }

    /** The part of a file system error a person can act on ("Read-only file system", "permission denied"). */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private static void deleteQuietly(Path file, Throwable addTo) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException suppressed) {
            if (addTo != null) {
                addTo.addSuppressed(suppressed);
            }
        }
    }
}
