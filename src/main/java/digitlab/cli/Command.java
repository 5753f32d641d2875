package digitlab.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@code digitlab}. */
interface Command {
    String name();

    /** One line for the command list. */
    String summary();

    /** The synopsis and options, several lines. */
    String usage();

    /**
     * Runs with the arguments after the command name. Returns the exit status; throws
     * {@link UsageException} for arguments that do not fit the usage.
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
