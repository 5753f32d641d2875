package digitlab.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.InvalidPathException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import digitlab.Version;

/**
 * The command-line interface: {@code digitlab COMMAND [ARGS]}, on picocli. Runs without a display. Exit
 * statuses are the {@link ExitCode}s: 0 on success, 2 for bad arguments (a one-line error and the usage
 * on stderr, nothing on stdout) or bad input, 1 when the environment fails, including stdout that cannot
 * be written (a full disk, {@code > /dev/full}): every command's output is checked after it returns.
 */
@CommandLine.Command(name = "digitlab", description = "With no command, opens the DigitLab window.",
        commandListHeading = "%ncommands:%n", optionListHeading = "%n", exitCodeListHeading = "%nexit status:%n",
        versionProvider = Cli.VersionText.class,
        subcommands = {DataCommand.class, GradCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class,
            BenchCommand.class, HelpCommand.class})
public final class Cli implements Callable<Integer> {
    /** How a person asks for help before naming a command. */
    private static final Set<String> HELP = Set.of("--help", "-h", "help");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this list; COMMAND --help: one command's options")
    private boolean help;
    @Option(names = "--version", versionHelp = true, description = "the version")
    private boolean version;
    @Spec
    private CommandSpec spec;

    Cli() {
    }

    /** No command: the list of commands. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.OK.code();
    }

    /**
     * Runs one command line and returns its exit status. Afterwards {@code out} is flushed and
     * checked: output that could not be written all is an error line on {@code err} and status 1,
     * whatever the command returned. A {@link WatchedPrintStream} also tells why.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine root = args.length > 0 ? rootOfOne(args[0]) : null;
        if (root == null) {
            root = root(List.of());
        }
        root.setOut(writerOnto(out));
        root.setErr(writerOnto(err));
        for (CommandLine sub : root.getSubcommands().values()) {
            ((Command) sub.getCommand()).streams(out, err);
        }
        root.setParameterExceptionHandler(Cli::argumentsDoNotFit);
        root.setExecutionExceptionHandler(Cli::failed);
        root.setExitCodeExceptionMapper(Cli::exitCode);
        int status = root.execute(helpFirst(root, args));
        root.getOut().flush();
        root.getErr().flush();
        out.flush();
        if (out.checkError()) {
            String cause = out instanceof WatchedPrintStream w
                    ? w.failure().map(e -> ": " + (e.getMessage() == null ? e.toString() : e.getMessage())).orElse("")
                    : "";
            err.println("error: could not write the output (stdout)" + cause);
            err.flush();
            return ExitCode.FAILURE.code();
        }
        return status;
    }

    /** The command line of {@code command}, in the tree of all commands (so its usage says "digitlab NAME"). */
    static CommandLine line(Command command) {
        return root(List.of(command)).getSubcommands().get(command.name());
    }

    /**
     * All the commands, each made by picocli from its class, except those {@code given} (tests: a command
     * with an environment of the test's making); the usage, number reading and colours of DigitLab.
     */
    private static CommandLine root(List<Command> given) {
        IFactory factory = new IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                for (Command c : given) {
                    if (c.getClass() == type) {
                        return type.cast(c);
                    }
                }
                return CommandLine.defaultFactory().create(type);
            }
        };
        return configure(new CommandLine(new Cli(), factory));
    }

    /** The usage, number reading and colours of DigitLab, for {@code root} and its commands. */
    private static CommandLine configure(CommandLine root) {
        Map<String, String> statuses = new LinkedHashMap<>();
        for (ExitCode code : ExitCode.values()) {
            statuses.put(String.valueOf(code.code()), code.meaning());
        }
        root.getCommandSpec().usageMessage().exitCodeList(statuses);
        root.getCommandSpec().usageMessage().synopsisHeading("usage: ");
        for (CommandLine line : root.getSubcommands().values()) {
            // the options in the order the command declares them, which puts the important ones first
            line.getCommandSpec().usageMessage().synopsisHeading("usage: ").sortOptions(false).sortSynopsis(false);
        }
        root.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
        Arguments.registerConverters(root);
        return root;
    }

    /**
     * The root with only the command named {@code name}, when it is one of DigitLab's commands other
     * than help; else null. Picocli builds every command of a tree from its annotations, a third of a
     * command's start (0.1 to 0.2 s on a cold JVM); a command's parsing, usage and errors need only it
     * and its parent's name. The help command, which lists all of them, is never run alone.
     */
    private static CommandLine rootOfOne(String name) {
        for (Class<?> type : Cli.class.getAnnotation(CommandLine.Command.class).subcommands()) {
            if (type != HelpCommand.class && type.getAnnotation(CommandLine.Command.class).name().equals(name)) {
                CommandLine root = new CommandLine(new OneCommand());
                root.addSubcommand(name, new CommandLine(type, CommandLine.defaultFactory()));
                return configure(root);
            }
        }
        return null;
    }

    /** The root of {@link #rootOfOne}: named as {@link Cli}, with its one command added. */
    @CommandLine.Command(name = "digitlab")
    static final class OneCommand {
    }

    /** {@code digitlab --help COMMAND}, {@code digitlab help ...}: the help command, with a command it knows or none. */
    private static String[] helpFirst(CommandLine root, String[] args) {
        if (args.length == 0 || !HELP.contains(args[0])) {
            return args;
        }
        return args.length > 1 && root.getSubcommands().containsKey(args[1]) ? new String[] {"help", args[1]} : new String[] {"help"};
    }

    /** One error line and the usage, on stderr; unless help was asked for among the options, which wins. */
    private static int argumentsDoNotFit(ParameterException e, String[] args) {
        CommandLine line = e.getCommandLine();
        if (line.getParent() != null && asksForHelp(args)) {
            line.usage(line.getOut());
            return ExitCode.OK.code();
        }
        line.getErr().println("error: " + Arguments.problem(e));
        line.usage(line.getErr());
        return exitCode(e);
    }

    /** Whether a command's options, the arguments after its name up to a {@code --}, hold -h or --help. */
    private static boolean asksForHelp(String[] args) {
        for (int i = 1; i < args.length && !args[i].equals("--"); i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                return true;
            }
        }
        return false;
    }

    /** What a command threw, as one error line (and the usage, after a {@link UsageException}). */
    private static int failed(Exception e, CommandLine line, ParseResult parsed) {
        PrintWriter err = line.getErr();
        if (e instanceof InvalidPathException invalid) {
            // a file name given by the user that the file system cannot take, e.g. ü under LANG=C
            err.println("error: " + FileNames.unusable(invalid));
        } else {
            err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        if (e instanceof UsageException) {
            line.usage(err);
        }
        return exitCode(e);
    }

    /** 2 for what the user gave (arguments, a file, a file name), 1 for anything else. */
    private static int exitCode(Throwable e) {
        boolean input = e instanceof ParameterException || e instanceof UsageException || e instanceof BadInputException
                || e instanceof InvalidPathException;
        return (input ? ExitCode.BAD_INPUT : ExitCode.FAILURE).code();
    }

    /** A writer onto {@code stream}, in its encoding and unbuffered, so that picocli's text and the commands' interleave. */
    private static PrintWriter writerOnto(PrintStream stream) {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] text, int offset, int length) {
                stream.print(new String(text, offset, length));
            }

            @Override
            public void flush() {
                stream.flush();
            }

            @Override
            public void close() {
                stream.flush();
            }
        });
    }

    /** The project version, from the build. */
    public static String version() {
        return Version.get();
    }

    /** What {@code digitlab --version} prints. */
    static final class VersionText implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"DigitLab " + version()};
        }
    }
}
