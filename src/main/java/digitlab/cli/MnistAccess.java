package digitlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import digitlab.data.Mnist;
import digitlab.data.MnistCache;
import digitlab.data.MnistFormatException;
import digitlab.data.UserDataException;
import digitlab.dataset.Dataset;

/**
 * The MNIST files for a command: from {@code --data DIR}, {@value MnistCache#DATA_ENV} or the cache
 * folder, fetched and verified first if they are not there yet (progress on stderr). Every command
 * that needs MNIST goes through here, so that one cause gives one exit status everywhere:
 * <ul>
 * <li>2 ({@link BadInputException}): what the user pointed at is wrong: a named folder that does not
 * exist, a wrong or damaged file in it (left as it is), a malformed {@value MnistCache#MIRRORS_ENV};
 * <li>1 (the {@link IOException} as it is): the environment failed: no source could deliver the files
 * ({@link digitlab.data.DataUnavailableException}), the folder cannot be created or written.
 * </ul>
 */
final class MnistAccess {
    private final Map<String, String> env;
    private final Path home;
    private final UnaryOperator<MnistCache> adjust;

    /**
     * @param env    the environment to take {@value MnistCache#DATA_ENV}, XDG_CACHE_HOME, PATH (for npm)
     *               and {@value MnistCache#MIRRORS_ENV} from
     * @param home   the home folder, for {@code ~/.cache}
     * @param adjust a change to the resulting cache (tests: other checksums, shorter timeouts)
     */
    MnistAccess(Map<String, String> env, Path home, UnaryOperator<MnistCache> adjust) {
        this.env = Map.copyOf(env);
        this.home = home;
        this.adjust = adjust;
    }

    /** This process's environment and home folder. */
    static MnistAccess fromSystem() {
        return new MnistAccess(System.getenv(), Path.of(System.getProperty("user.home")), UnaryOperator.identity());
    }

    /** Makes sure the files are there ({@link #ensure}) for the {@code --data} option given, and reads them. */
    Mnist read(String dataOption, PrintStream err) throws BadInputException, IOException {
        Path dir = ensure(dataOption, new DataCommand.ProgressLines(err));
        try {
            return Mnist.load(dir);
        } catch (MnistFormatException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    /**
     * Makes sure the test set's two files are there and verified, fetching what is missing, and reads them:
     * the training files are neither fetched, checked nor read (six times the bytes, and most of a cold
     * eval's time). A wrong test file is refused as {@link #ensure} refuses it.
     */
    Dataset readTest(String dataOption, PrintStream err) throws BadInputException, IOException {
        DataCommand.ProgressLines progress = new DataCommand.ProgressLines(err);
        Path dir = ensure(dataOption, progress, cache -> cache.withSums(only(cache.sums(), Mnist.TEST_FILE_NAMES)));
        try {
            return Mnist.loadTest(dir);
        } catch (MnistFormatException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    /**
     * Makes sure the four files are in the data folder and verified, fetching what is missing, and
     * returns the folder.
     *
     * @param dataOption the {@code --data} option, or null when not given
     * @throws BadInputException when the folder or a file the user named is wrong, or
     *                           {@value MnistCache#MIRRORS_ENV} is no list of URLs
     * @throws IOException       when the files could not be fetched or written
     */
    Path ensure(String dataOption, DataCommand.ProgressLines progress) throws BadInputException, IOException {
        return ensure(dataOption, progress, UnaryOperator.identity());
    }

    /** {@link #ensure(String, DataCommand.ProgressLines)} of the cache as {@code select} narrows it (after {@code adjust}). */
    private Path ensure(String dataOption, DataCommand.ProgressLines progress, UnaryOperator<MnistCache> select)
            throws BadInputException, IOException {
        MnistCache cache;
        try {
            cache = select.apply(adjust.apply(MnistCache.fromEnvironment(dataOption, env, home)));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
        try {
            return cache.ensure(progress);
        } catch (UserDataException e) {
            throw new BadInputException(e.getMessage(), e);
        } finally {
            progress.finish();
        }
    }

    /** The entries of {@code sums} named in {@code names}, in that order. */
    private static Map<String, String> only(Map<String, String> sums, List<String> names) {
        Map<String, String> kept = new LinkedHashMap<>();
        for (String name : names) {
            if (sums.containsKey(name)) {
                kept.put(name, sums.get(name));
            }
        }
        return kept;
    }
}
