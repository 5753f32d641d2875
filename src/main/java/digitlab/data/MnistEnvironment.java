package digitlab.data;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import digitlab.files.UserFolders;

/**
 * What the environment says about getting MNIST: the folder ({@code --data}, {@value #DATA_ENV},
 * XDG_CACHE_HOME, the home folder), the mirrors ({@value #MIRRORS_ENV}) and the npm program (the PATH).
 * Kept apart from {@link MnistCache} so that it can be read, and tested, from a made-up environment.
 */
public final class MnistEnvironment {
    /** Environment variable naming the data folder when no {@code --data} option is given. */
    public static final String DATA_ENV = "DIGITLAB_DATA";
    /** Environment variable with comma-separated mirror base URLs, replacing {@link #DEFAULT_MIRRORS}. */
    public static final String MIRRORS_ENV = "DIGITLAB_MNIST_MIRRORS";

    /** Public copies of the original gz files, the ones torchvision and TensorFlow download from. */
    public static final List<URI> DEFAULT_MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));

    private MnistEnvironment() {
    }

    /**
     * Where the MNIST files live: the {@code --data} option if given, else {@value #DATA_ENV}, else
     * {@code $XDG_CACHE_HOME/digitlab/mnist} (the XDG spec ignores a relative value), else
     * {@code ~/.cache/digitlab/mnist}. Empty values count as not set.
     */
    public static Path resolveFolder(String dataOption, Map<String, String> env, Path home) {
        if (isSet(dataOption)) {
            return Path.of(dataOption).toAbsolutePath().normalize();
        }
        String data = env.get(DATA_ENV);
        if (isSet(data)) {
            return Path.of(data).toAbsolutePath().normalize();
        }
        return UserFolders.cache(env, home).resolve("mnist").toAbsolutePath().normalize();
    }

    /**
     * How the user named the data folder ("--data" or {@value #DATA_ENV}, for messages), or empty when it is
     * DigitLab's own cache.
     */
    public static Optional<String> namedBy(String dataOption, Map<String, String> env) {
        if (isSet(dataOption)) {
            return Optional.of("--data");
        }
        return isSet(env.get(DATA_ENV)) ? Optional.of(DATA_ENV) : Optional.empty();
    }

    /**
     * The mirrors named in {@value #MIRRORS_ENV} (comma-separated base URLs), or the defaults when it is not set.
     *
     * @throws IllegalArgumentException when it holds something that is not an http(s) URL, or no URL at all
     */
    public static List<URI> mirrorsFrom(Map<String, String> env) {
        String value = env.get(MIRRORS_ENV);
        if (!isSet(value)) {
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
            } catch (URISyntaxException e) {
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
                } catch (InvalidPathException ignored) {
                    // a PATH entry that is no path names no program
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
