package digitlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

import digitlab.data.Mnist;
import digitlab.data.MnistCache;

/**
 * The MNIST sets for a command: from {@code --data DIR} or the cache folder, fetched and verified first
 * if they are not there yet (progress on stderr).
 */
final class MnistAccess {
    private MnistAccess() {
    }

    static Mnist load(Args args, PrintStream err) throws BadInputException, UsageException {
        MnistCache cache;
        try {
            cache = MnistCache.fromEnvironment(args.text("--data", null));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            Path dir = cache.ensure(new DataCommand.ProgressLines(err));
            return Mnist.load(dir);
        } catch (IOException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }
}
