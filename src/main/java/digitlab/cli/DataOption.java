package digitlab.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;

import picocli.CommandLine.Option;

import digitlab.data.Mnist;
import digitlab.data.MnistCache;
import digitlab.dataset.Dataset;

/**
 * {@code --data DIR}, shared by the commands that need MNIST: where its files are. A {@link File}, so that
 * the shell completes it; a blank one counts as not given ({@link MnistCache#resolveFolder}).
 */
final class DataOption {
    @Option(names = "--data", paramLabel = "DIR",
            description = "where the MNIST files are (default: $" + MnistCache.DATA_ENV + ", else the cache folder;"
                    + " see digitlab data --help)")
    private File folder;

    /** The folder as given, or null when none was. */
    String folder() {
        return folder == null ? null : folder.getPath();
    }

    /** The folder's files, fetched and verified first if need be (progress on {@code err}), as {@link MnistAccess} does. */
    Mnist read(MnistAccess access, PrintStream err) throws BadInputException, IOException {
        return access.read(folder(), err);
    }

    /** Only the test set's files, fetched and verified first if need be, as {@link MnistAccess#readTest} does. */
    Dataset readTest(MnistAccess access, PrintStream err) throws BadInputException, IOException {
        return access.readTest(folder(), err);
    }
}
