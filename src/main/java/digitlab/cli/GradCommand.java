package digitlab.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import digitlab.engine.Format;
import digitlab.engine.Graph;
import digitlab.engine.Tensor;
import digitlab.expr.Expression;
import digitlab.expr.ExpressionException;

/** {@code grad "EXPR" NAME=VALUE ...}: a formula's value and its gradient with respect to each variable. */
final class GradCommand implements Command {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @Override
    public String name() {
        return "grad";
    }

    @Override
    public String summary() {
        return "value and gradients of a formula, e.g. grad \"x*(z+a)\" x=2 z=0.5 a=0.5";
    }

    @Override
    public String usage() {
        return "usage: digitlab grad [--json | --dot] [--] \"EXPR\" NAME=VALUE ...\n"
                + "  Builds EXPR as a graph, sets each variable, runs backward, and prints y and dy/dNAME for\n"
                + "  every variable in the order they first appear.\n"
                + "  EXPR: numbers (2, 0.5, 1e-3), variables, + - * / ^ (right-associative), unary minus,\n"
                + "        parentheses (at most 500 open at once, a function's included), and\n"
                + "        " + String.join(" ", Expression.functions()) + "\n"
                + "  VALUE: a decimal like 2, -0.5 or 1e-3 that a float holds: 0, or from about 1.4e-45\n"
                + "        to 3.4e38 in size (so not 1e400 or 1e-400); numbers in EXPR likewise.\n"
                + "  An EXPR starting with - (\"-x^2\", \"--x\") is taken as the formula when it is not an\n"
                + "  option and only NAME=VALUE follow it. --  ends the options: what follows is EXPR and\n"
                + "  values, e.g. grad -- --json json=1\n"
                + "  --json  one line: {\"value\":…,\"gradients\":{\"NAME\":…}}\n"
                + "  --dot   the graph in Graphviz DOT, each node with its value and gradient";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        boolean json = false, dot = false, optionsDone = false;
        String text = null;
        /* The formula, when it was an argument like "--x" that could have been a mistyped option. */
        String dashed = null;
        Map<String, String> assignments = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!optionsDone && arg.equals("--")) {
                optionsDone = true;
            } else if (!optionsDone && arg.equals("--json")) {
                json = true;
            } else if (!optionsDone && arg.equals("--dot")) {
                dot = true;
            } else if (!optionsDone && arg.startsWith("--") && !(text == null && isFormula(arg, args, i + 1))) {
                throw new UsageException("unknown option '" + arg + "'; the options are --json and --dot"
                        + " (put -- before a formula that starts with --)");
            } else if (text == null) {
                text = arg;
                dashed = !optionsDone && arg.startsWith("--") ? arg : null;
            } else {
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
        }
        if (json && dot) {
            throw new UsageException("--json and --dot cannot be combined");
        }
        if (text == null) {
            throw new UsageException("no formula given");
        }

        Expression expression;
        try {
            expression = Expression.parse(text);
        } catch (ExpressionException e) {
            err.println("error: " + e.getMessage());
            err.println("  " + text);
            err.println("  " + " ".repeat(Math.max(0, e.column() - 1)) + "^");
            return 2;
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
            out.println("y = " + Format.number(y.item()));
            expression.variables().forEach((name, v) -> out.println("dy/d" + name + " = " + Format.number(v.gradItem())));
        }
        return 0;
    }

    /**
     * Whether {@code arg}, which starts with "--" and is no option, is meant as the formula: it parses as
     * one and everything after it is an option or NAME=VALUE (so "--jsn x*2 x=1" is a mistyped option).
     */
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
