package digitlab.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import digitlab.engine.NumberText;
import digitlab.engine.Graph;
import digitlab.engine.Tensor;
import digitlab.expr.Expression;
import digitlab.expr.ExpressionException;

/** {@code grad "EXPR" NAME=VALUE ...}: a formula's value and its gradient with respect to each variable. */
@CommandLine.Command(name = "grad", description = "value and gradients of a formula, e.g. grad \"x*(z+a)\" x=2 z=0.5 a=0.5",
        showEndOfOptionsDelimiterInUsageHelp = true, preprocessor = GradCommand.DashedFormula.class,
        modelTransformer = GradCommand.Details.class)
final class GradCommand extends Command {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @ArgGroup(exclusive = true)
    private Output output;
    @Parameters(index = "0", paramLabel = "\"EXPR\"", description = "the formula")
    private String text;
    @Parameters(index = "1..*", paramLabel = "NAME=VALUE", description = "a value for each variable of EXPR")
    private List<String> values = new ArrayList<>();
    /** The formula, when it was an argument like "--x" that could have been a mistyped option. */
    private String dashed;

    /** How the result is printed: for people, unless one of these. */
    static final class Output {
        @Option(names = "--json", description = "one line: {\"value\":…,\"gradients\":{\"NAME\":…}}")
        private boolean json;
        @Option(names = "--dot", description = "the graph in Graphviz DOT, each node with its value and gradient")
        private boolean dot;
    }

    @Override
    int execute(PrintStream out, PrintStream err) throws UsageException {
        boolean json = output != null && output.json, dot = output != null && output.dot;
        Map<String, String> assignments = new LinkedHashMap<>();
        for (String arg : values) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new UsageException("expected NAME=VALUE but got '" + arg + "'");
            }
            String name = arg.substring(0, eq).trim();
            if (!NAME.matcher(name).matches()) {
                throw new UsageException("'" + name + "' in '" + arg + "' is not a variable name");
            }
            if (assignments.put(name, arg.substring(eq + 1).trim()) != null) {
                throw new UsageException("variable '" + name + "' is given twice");
            }
        }

        Expression expression;
        try {
            expression = Expression.parse(text);
        } catch (ExpressionException e) {
            err.println("error: " + e.getMessage());
            err.println("  " + text);
            err.println("  " + " ".repeat(Math.max(0, e.column() - 1)) + "^");
            return ExitCode.BAD_INPUT.code();
        }
        String note = dashed == null ? ""
                : " ('" + dashed + "' was taken as the formula, not as an option; the options are --json and --dot)";
        for (String name : assignments.keySet()) {
            if (!expression.variables().containsKey(name)) {
                throw new UsageException("variable '" + name + "' does not appear in the formula; its variables are: "
                        + (expression.variables().isEmpty() ? "none" : String.join(", ", expression.variables().keySet()))
                        + note);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : expression.variables().keySet()) {
            if (!assignments.containsKey(name)) {
                missing.add(name);
            }
        }
        if (!missing.isEmpty()) {
            throw new UsageException("no value for " + (missing.size() == 1 ? "variable " : "variables ")
                    + String.join(", ", missing) + "; give " + missing.get(0) + "=VALUE" + note);
        }
        for (Map.Entry<String, String> a : assignments.entrySet()) {
            try {
                expression.set(a.getKey(), Expression.parseValue(a.getKey(), a.getValue()));
            } catch (NumberFormatException e) {
                throw new UsageException(e.getMessage());
            }
        }

        Tensor y = expression.output();
        y.backward();
        if (dot) {
            out.print(Graph.of(y).toDot());
        } else if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("value", y.item());
            ObjectNode gradients = root.putObject("gradients");
            expression.variables().forEach((name, v) -> gradients.put(name, v.gradItem()));
            out.println(root.toString());
        } else {
            out.println("y = " + NumberText.number(y.item()));
            expression.variables().forEach((name, v) -> out.println("dy/d" + name + " = " + NumberText.number(v.gradItem())));
        }
        return ExitCode.OK.code();
    }

    /**
     * Puts grad's arguments in the order picocli reads plainly (options, {@code --}, then the formula and
     * the values) once it is decided which are options: an argument starting with {@code --} that is no
     * option is the formula when it parses as one and only options and NAME=VALUE follow it (so
     * {@code --jsn x*2 x=1} is a mistyped option); a single dash starts a formula ({@code -x^2}); all
     * after {@code --} is the formula and the values.
     */
    static final class DashedFormula implements IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> stack, CommandSpec spec, ArgSpec argSpec, Map<String, Object> info) {
            List<String> args = new ArrayList<>(stack);
            Collections.reverse(args); // the next argument is on top
            List<String> options = new ArrayList<>(), rest = new ArrayList<>();
            String dashed = null;
            boolean optionsDone = false;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (!optionsDone && arg.equals("--")) {
                    optionsDone = true;
                } else if (!optionsDone && spec.findOption(arg) != null) {
                    options.add(arg);
                } else if (!optionsDone && arg.startsWith("--") && !(rest.isEmpty() && isFormula(arg, args, i + 1))) {
                    throw new ParameterException(spec.commandLine(), "unknown option '" + arg + "'; the options are --json and --dot"
                            + " (put -- before a formula that starts with --)");
                } else {
                    dashed = rest.isEmpty() && !optionsDone && arg.startsWith("--") ? arg : dashed;
                    rest.add(arg);
                }
            }
            if (rest.isEmpty() && !options.contains("-h") && !options.contains("--help")) {
                throw new ParameterException(spec.commandLine(), "no formula given");
            }
            ((GradCommand) spec.userObject()).dashed = dashed;
            stack.clear();
            List<String> plain = new ArrayList<>(options);
            plain.add("--");
            plain.addAll(rest);
            Collections.reverse(plain);
            plain.forEach(stack::push);
            return false;
        }

        /** Whether {@code arg}, which starts with "--" and is no option, is meant as the formula. */
        private static boolean isFormula(String arg, List<String> args, int from) {
            for (String later : args.subList(from, args.size())) {
                if (!later.startsWith("--") && later.indexOf('=') < 0) {
                    return false;
                }
            }
            try {
                Expression.parse(arg);
                return true;
            } catch (ExpressionException e) {
                return false;
            }
        }
    }

    /** What the formulas may hold, which the annotations cannot say: the functions come from the parser. */
    static final class Details implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return describedFurther(spec,
                    "Builds EXPR as a graph, sets each variable, runs backward, and prints y and dy/dNAME for every"
                            + " variable in the order they first appear.",
                    "EXPR: numbers (2, 0.5, 1e-3), variables, + - * / ^ (right-associative), unary minus, parentheses"
                            + " (at most 500 open at once, a function's included), and "
                            + String.join(" ", Expression.functions()),
                    "VALUE: a decimal like 2, -0.5 or 1e-3 that a float holds: 0, or a size from about 1.4e-45 to"
                            + " 3.4e38 (so not 1e400 or 1e-400); numbers in EXPR likewise.",
                    "An EXPR starting with - (\"-x^2\", \"--x\") is taken as the formula when it is not an option and"
                            + " only NAME=VALUE follow it. --  ends the options: what follows is EXPR and values, e.g."
                            + " grad -- --json json=1");
        }
    }
}
