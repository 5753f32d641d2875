package digitlab.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import digitlab.engine.kernels.Kernels;

/**
 * The command-line interface: {@code digitlab COMMAND [ARGS]}. Runs without a display. Exit status 0
 * on success, 1 when a command fails while running, 2 for bad arguments (a one-line error and the
 * usage on stderr, nothing on stdout).
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

    /** Runs one command line and returns its exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return new Cli().dispatch(args, out, err);
    }

    private int dispatch(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            if (args.length >= 2 && commands.containsKey(args[1])) {
                out.println(commands.get(args[1]).usage());
            } else {
                out.print(usage());
            }
            return 0;
        }
        if (args[0].equals("--version")) {
            out.println("DigitLab " + version());
            return 0;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            err.println("error: unknown command '" + args[0] + "'");
            err.print(usage());
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        List<String> options = rest.contains("--") ? rest.subList(0, rest.indexOf("--")) : rest; // -- ends the options
        if (options.contains("--help") || options.contains("-h")) {
            out.println(command.usage());
            return 0;
        }
        if (NUMERIC.contains(command.name()) && Kernels.note() != null) {
            err.println(Kernels.note());
        }
        try {
            return command.run(rest, out, err);
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(command.usage());
            return 2;
        } catch (BadInputException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return 1;
        }
    }

    private String usage() {
        StringBuilder s = new StringBuilder();
        s.append("usage: digitlab [COMMAND [ARGS]]\n");
        s.append("  With no command, opens the DigitLab window.\n\n");
        s.append("commands:\n");
        for (Command c : commands.values()) {
            s.append(String.format("  %-10s %s%n", c.name(), c.summary()));
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
