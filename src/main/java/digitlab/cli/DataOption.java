package digitlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import picocli.CommandLine.Option;

import digitlab.data.Mnist;
import digitlab.data.MnistCache;

/** {@code --data DIR}, shared by the commands that need MNIST: where its files are. */
final class DataOption {
    @Option(names = "--data", paramLabel = "DIR",
            description = "where the MNIST files are (default: $" + MnistCache.DATA_ENV + ", else the cache folder;"
                    + " see digitlab data --help)")
    private String folder;

    /** The folder given, or null when none was; a blank one is a usage error. */
    String folder() throws UsageException {
        if (folder != null && folder.isBlank()) {
            throw new UsageException("--data needs a folder");
        }
        return folder;
    }

    /** The folder's files, fetched and verified first if need be (progress on {@code err}), as {@link MnistAccess} does. */
    Mnist read(MnistAccess access, PrintStream err) throws UsageException, BadInputException, IOException {
        return access.read(folder(), err);
    }

    /** Makes sure the files are in the folder, as {@link MnistAccess#ensure} does, and returns it. */
    Path ensure(MnistAccess access, DataCommand.ProgressLines progress) throws UsageException, BadInputException, IOException {
        return access.ensure(folder(), progress);
    }
}
