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
     * Runs with the arguments after the command name. Returns the exit status, an {@link ExitCode};
     * throws {@link UsageException} for arguments that do not fit the usage and
     * {@link BadInputException} for a file given that cannot be used (both status 2); any other
     * exception is a failure of the environment (status 1). The command line checks {@code out}
     * afterwards, so a command need not.
     */
    int run(List<String> args, PrintStream out, PrintStream err) throws Exception;
}
