package digitlab.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import digitlab.files.AtomicFile;

/**
 * The folder the MNIST files are kept in, and the only way a file gets there: written through
 * {@link AtomicFile} while its SHA-256 is computed, and completed (renamed into place) only when that is
 * the expected one, so a final name never holds half a download or a file that failed its checksum. In
 * DigitLab's own cache each file placed is noted in the {@link CacheManifest}.
 *
 * <p>The store also names, and later tidies away, the temporary files and folders the sources need there.
 */
final class VerifiedStore {
    /** No MNIST file comes near this, compressed or not; more means a wrong or hostile source. */
    static final long MAX_FILE_BYTES = 128L << 20;
    /** Sizes of the real MNIST files, to say "truncated" plainly when one is too short. */
    private static final Map<String, Long> MNIST_SIZES = Map.of(
            Mnist.TRAIN_IMAGES, 47_040_016L, Mnist.TRAIN_LABELS, 60_008L,
            Mnist.TEST_IMAGES, 7_840_016L, Mnist.TEST_LABELS, 10_008L);
    /** Age at which a temporary file of this store is surely not in use by another run. */
    private static final Duration STALE_AFTER = Duration.ofDays(1);
    private static final String NPM_WORK_PREFIX = ".npm-";

    /** The SHA-256 (lower-case hex) and length of a file's raw contents. */
    record Digest(String sha256, long size) {
    }

    private final Path folder;
    private final Map<String, String> sums;
    private final Optional<CacheManifest> manifest;

    private VerifiedStore(Path folder, Map<String, String> sums, Optional<CacheManifest> manifest) {
        this.folder = folder;
        this.sums = sums;
        this.manifest = manifest;
    }

    /** DigitLab's own cache: what it places is recorded in {@code manifest}. */
    static VerifiedStore cache(Path folder, Map<String, String> sums, CacheManifest manifest) {
        return new VerifiedStore(folder, sums, Optional.of(manifest));
    }

    /** A folder the user named: files are added, and no record is kept there. */
    static VerifiedStore userFolder(Path folder, Map<String, String> sums) {
        return new VerifiedStore(folder, sums, Optional.empty());
    }

    Path folder() {
        return folder;
    }

    /** The files to keep, in order. */
    List<String> names() {
        return List.copyOf(sums.keySet());
    }

    /**
     * Checks the file already at {@code file} (raw, or gzipped: it is unpacked to be checked) against the
     * expected contents of {@code name}.
     *
     * @throws RefusedFile when it is not a regular file, cannot be read, or has other contents
     */
    void verify(String name, Path file) throws RefusedFile {
        if (!Files.isRegularFile(file)) {
            throw new RefusedFile("not a file", null);
        }
        Digest digest;
        try {
            digest = digestOf(file);
        } catch (IOException e) {
            throw new RefusedFile("cannot be read: " + Describe.exception(e), e);
        }
        if (!matches(name, digest)) {
            throw new RefusedFile(mismatch(name, digest), null, digest);
        }
    }

    /**
     * Writes {@code in} to {@code name} in the folder through {@link AtomicFile} while hashing it; the
     * write is completed only when the SHA-256 is the expected one. The bytes are reported to
     * {@code listener} as {@code what}, of {@code total} (-1 when unknown).
     *
     * @throws RefusedFile when the bytes are not the file (the target is then untouched), or cannot be
     *                     read from {@code in} (the cause says why)
     * @throws IOException when the folder cannot be written
     */
    void place(InputStream in, String name, long total, String what, MnistCache.Listener listener) throws IOException {
        Digest[] result = new Digest[1];
        AtomicFile.write(folder.resolve(name), out -> {
            Sha256 sha = new Sha256();
            byte[] buffer = new byte[1 << 16];
            long reported = 0;
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    throw new RefusedFile("cannot be read: " + Describe.exception(e), e);
                }
                if (n < 0) {
                    break;
                }
                sha.update(buffer, n);
                if (sha.size() > MAX_FILE_BYTES) {
                    throw new RefusedFile("more than " + MAX_FILE_BYTES + " bytes; no MNIST file is that big", null);
                }
                out.write(buffer, 0, n);
                if (sha.size() - reported >= (4 << 20)) {
                    listener.progress(what, sha.size(), total);
                    reported = sha.size();
                }
            }
            Digest d = sha.digest();
            if (!matches(name, d)) {
                throw new RefusedFile(mismatch(name, d), null, d);
            }
            result[0] = d;
        });
        recordPlaced(name, result[0], listener);
    }

    /** Notes a file just placed in the cache as DigitLab's own; a note that cannot be written costs only that. */
    private void recordPlaced(String name, Digest digest, MnistCache.Listener listener) {
        if (manifest.isEmpty()) {
            return;
        }
        try {
            manifest.get().record(name, digest.sha256(), digest.size());
        } catch (IOException e) {
            listener.message("cannot note " + name + " in " + folder.resolve(CacheManifest.FILE_NAME) + " ("
                    + Describe.exception(e) + "); should it get damaged, it will be moved aside rather than replaced");
        }
    }

    /** A hidden temporary file in the folder for {@code name}, private to its owner, deleted at exit at the latest. */
    Path temporaryFile(String name, String suffix) throws IOException {
        Path file = Files.createTempFile(folder, "." + name + ".", suffix);
        file.toFile().deleteOnExit();
        return file;
    }

    /** A hidden work folder for npm in the folder, deleted at exit at the latest should it still be empty then. */
    Path temporaryNpmFolder() throws IOException {
        Path work = Files.createTempDirectory(folder, NPM_WORK_PREFIX);
        // registered first, deleted last: after the files registered in it, should the JVM be stopped
        work.toFile().deleteOnExit();
        return work;
    }

    /** Deletes a temporary file or folder of this store, with all it holds. */
    static void deleteTemporary(Path temporary) throws IOException {
        if (!Files.exists(temporary)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(temporary)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * Deletes temporary files that a killed run left behind (deleteOnExit covers only an orderly
     * exit): only names of the exact forms this class and {@link AtomicFile} give them, and only those
     * a day old, since a younger one may belong to a run still going.
     */
    void removeStaleTemporaries() {
        Instant cutoff = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> hidden = Files.newDirectoryStream(folder, ".*")) {
            for (Path p : hidden) {
                String n = p.getFileName().toString();
                // exactly the names Files.createTempDirectory/createTempFile and AtomicFile give them
                boolean ours = n.matches(Pattern.quote(NPM_WORK_PREFIX) + "\\d+")
                        || n.matches("\\." + Pattern.quote(CacheManifest.FILE_NAME) + "\\.[0-9a-z]+\\.tmp")
                        || sums.keySet().stream().anyMatch(name -> n.matches("\\." + Pattern.quote(name)
                                + "\\.(\\d+(\\.gz)?\\.part|[0-9a-z]+\\.tmp)"));
                if (ours && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    deleteTemporary(p);
                }
            }
        } catch (IOException ignored) {
            // tidying up is a courtesy; failing at it must not stop the data from being fetched
        }
    }

    /** The SHA-256 and length of a file's contents, unpacked first when it is gzipped. */
    private static Digest digestOf(Path file) throws IOException {
        Sha256 sha = new Sha256();
        try (InputStream in = IdxFiles.openUnpacked(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, n);
            }
        }
        return sha.digest();
    }

    private boolean matches(String name, Digest d) {
        return d.sha256().equals(sums.get(name));
    }

    /** What is wrong with contents {@code d} for {@code name}: the size when that is known and differs, and the checksum. */
    private String mismatch(String name, Digest d) {
        String expected = sums.get(name);
        // the real file's size, when it is the real file that is expected (eval expects only some of them)
        Long size = expected.equals(MnistCache.MNIST_SHA256.get(name)) ? MNIST_SIZES.get(name) : null;
        if (size != null && size != d.size()) {
            return d.size() + " bytes long, not the expected " + size + (d.size() < size ? " (cut short)" : "")
                    + "; SHA-256 " + d.sha256() + ", not " + expected;
        }
        return "SHA-256 of its " + d.size() + " bytes is " + d.sha256() + ", not the expected " + expected;
    }

    /** A SHA-256 being computed, with the count of bytes fed to it. */
    private static final class Sha256 {
        private final MessageDigest sha;
        private long size;

        Sha256() {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }

        void update(byte[] bytes, int n) {
            sha.update(bytes, 0, n);
            size += n;
        }

        long size() {
            return size;
        }

        Digest digest() {
            return new Digest(HexFormat.of().formatHex(sha.digest()), size);
        }
    }
}
