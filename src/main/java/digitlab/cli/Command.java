package digitlab.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import digitlab.engine.kernels.Kernels;

/**
 * One subcommand of {@code digitlab}: a picocli command whose annotated fields picocli fills in from
 * the arguments, and whose usage picocli writes from the same annotations, so that the two cannot drift
 * apart. {@link Cli} runs it; tests may run it alone with {@link #run}.
 */
abstract class Command implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "this help")
    private boolean help;

    private PrintStream out = System.out;
    private PrintStream err = System.err;

    /** The streams to write to; the command line sets them before it runs the command. */
    final void streams(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Picocli's entry, once the options are filled in: the note on slow matrix products, then the command. */
    @Override
    public final Integer call() throws Exception {
        if (numeric() && Kernels.note() != null) {
            err.println(Kernels.note());
        }
        return execute(out, err);
    }

    /**
     * Runs with the options picocli filled in. Returns the exit status, an {@link ExitCode}; throws
     * {@link UsageException} for arguments that do not fit the usage and {@link BadInputException} for a
     * file given that cannot be used (both status 2); any other exception is a failure of the
     * environment (status 1). The command line checks {@code out} afterwards, so a command need not.
     */
    abstract int execute(PrintStream out, PrintStream err) throws Exception;

    /** Whether the command's speed depends on the matrix products, so that it says when the fast path is off. */
    boolean numeric() {
        return false;
    }

    /** What to add to "unexpected argument 'X'", e.g. where such an argument belongs. */
    String unexpectedArgumentHint() {
        return "";
    }

    /**
     * {@code spec} with {@code paragraphs} after the command's one-line summary, for a model transformer
     * whose text needs values from the code (picocli wraps each paragraph to the width of the usage).
     */
    static CommandSpec describedFurther(CommandSpec spec, String... paragraphs) {
        List<String> lines = new ArrayList<>(List.of(spec.usageMessage().description()));
        for (String paragraph : paragraphs) {
            lines.add(paragraph.replace("%", "%%")); // picocli formats each line: a % is no placeholder here
        }
        lines.add("");
        spec.usageMessage().description(lines.toArray(String[]::new));
        return spec;
    }

    /** The name the command is called by. */
    final String name() {
        return getClass().getAnnotation(CommandLine.Command.class).name();
    }

    /** The usage that {@code digitlab NAME --help} prints. */
    final String usage() {
        return Cli.line(this).getUsageMessage();
    }

    /**
     * Runs with the arguments after the command name as {@code digitlab NAME ARGS} does, but hands what
     * went wrong to the caller: arguments that do not fit are a {@link UsageException} with the message
     * the command line prints; everything else is as in {@link #execute}.
     */
    final int run(List<String> args, PrintStream out, PrintStream err) throws Exception {
        CommandLine line = Cli.line(this);
        List<String> all = new ArrayList<>(List.of(name()));
        all.addAll(args);
        try {
            line.getParent().parseArgs(all.toArray(String[]::new)); // a command is parsed from the top
        } catch (ParameterException e) {
            throw new UsageException(Arguments.problem(e));
        }
        if (line.isUsageHelpRequested()) {
            out.print(line.getUsageMessage());
            return ExitCode.OK.code();
        }
        streams(out, err);
        return call();
    }
}
