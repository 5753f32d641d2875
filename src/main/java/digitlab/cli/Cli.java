package digitlab.cli;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import digitlab.engine.kernels.Kernels;

/**
 * The command-line interface: {@code digitlab COMMAND [ARGS]}. Runs without a display. Exit statuses
 * are the {@link ExitCode}s: 0 on success, 2 for bad arguments (a one-line error and the usage on
 * stderr, nothing on stdout) or bad input, 1 when the environment fails, including stdout that cannot
 * be written (a full disk, {@code > /dev/full}): every command's output is checked after it returns.
 */
public final class Cli {
    /** Commands whose speed depends on the matrix products: they say so when the fast path is off. */
    private static final java.util.Set<String> NUMERIC = java.util.Set.of("train", "eval", "bench");

    private final Map<String, Command> commands = new LinkedHashMap<>();

    private Cli() {
        add(new DataCommand());
        add(new GradCommand());
        add(new TrainCommand());
        add(new EvalCommand());
        add(new PredictCommand());
        add(new BenchCommand());
    }

    private void add(Command c) {
        commands.put(c.name(), c);
    }

    /**
     * Runs one command line and returns its exit status. Afterwards {@code out} is flushed and
     * checked: output that could not be written all is an error line on {@code err} and status 1,
     * whatever the command returned. A {@link WatchedPrintStream} also tells why.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        int status = new Cli().dispatch(args, out, err);
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

    private int dispatch(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            if (args.length >= 2 && commands.containsKey(args[1])) {
                out.println(commands.get(args[1]).usage());
            } else {
                out.print(usage());
            }
            return ExitCode.OK.code();
        }
        if (args[0].equals("--version")) {
            out.println("DigitLab " + version());
            return ExitCode.OK.code();
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            err.println("error: unknown command '" + args[0] + "'");
            err.print(usage());
            return ExitCode.BAD_INPUT.code();
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        List<String> options = rest.contains("--") ? rest.subList(0, rest.indexOf("--")) : rest; // -- ends the options
        if (options.contains("--help") || options.contains("-h")) {
            out.println(command.usage());
            return ExitCode.OK.code();
        }
        if (NUMERIC.contains(command.name()) && Kernels.note() != null) {
            err.println(Kernels.note());
        }
        try {
            return command.run(rest, out, err);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(command.usage());
            return ExitCode.BAD_INPUT.code();
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return ExitCode.BAD_INPUT.code();
        } catch (InvalidPathException e) {
            // a file name given by the user that the file system cannot take, e.g. ü under LANG=C
            err.println("error: " + FileNames.unusable(e));
            return ExitCode.BAD_INPUT.code();
        } catch (Exception e) {
            err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return ExitCode.FAILURE.code();
        }
    }

    private String usage() {
        StringBuilder s = new StringBuilder();
        s.append("usage: digitlab [COMMAND [ARGS]]\n");
        s.append("  With no command, opens the DigitLab window.\n\n");
        s.append("commands:\n");
        for (Command c : commands.values()) {
            s.append(String.format(Locale.ROOT, "  %-10s %s%n", c.name(), c.summary()));
        }
        s.append("\n  --help        this list;  COMMAND --help  one command's options\n");
        s.append("  --version     the version\n");
        return s.toString();
    }

    /** The project version, from the build. */
    public static String version() {
        return digitlab.Version.get();
    }
}
