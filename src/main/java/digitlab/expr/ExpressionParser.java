package digitlab.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

import digitlab.engine.Tensor;

/**
 * Recursive descent from text straight to an engine graph. The grammar, loosest first:
 * <pre>
 *   sum     = product (('+' | '-') product)*
 *   product = unary (('*' | '/') unary)*
 *   unary   = '-' unary | power
 *   power   = atom ('^' unary)?          right-associative, binds tighter than unary minus: -x^2 = -(x^2)
 *   atom    = number | variable | function '(' sum ')' | '(' sum ')'
 * </pre>
 * Numbers: {@code 12}, {@code 0.5}, {@code .5}, {@code 1e-3}, each one that survives as a finite float
 * (see {@link FloatText}). Variables: {@code [A-Za-z_][A-Za-z0-9_]*}. Functions: {@link #FUNCTIONS}.
 * An exponent without variables becomes a constant power ({@code x^3} is one node "pow 3"); one with
 * variables becomes an element-wise power of two tensors.
 *
 * <p>Only parentheses recurse (about five Java frames a level), so they are limited to
 * {@value #MAX_PARENTHESES} open at once; a function call's parentheses count too. Runs of unary minus
 * signs, chains of {@code ^} and long sums and products are read in loops and have no limit.
 */
final class ExpressionParser {
    static final Map<String, UnaryOperator<Tensor>> FUNCTIONS = functions();
    /** More parentheses open at once than this are refused rather than risking the stack. */
    static final int MAX_PARENTHESES = 500;

    private final String text;
    private final LinkedHashMap<String, Tensor> variables = new LinkedHashMap<>();
    private int pos;
    /** Parentheses open at the current position, a function call's included. */
    private int open;

    /** A subexpression, and whether it is free of variables. */
    private record Part(Tensor tensor, boolean constant) {
    }

    private ExpressionParser(String text) {
        this.text = text;
    }

    static Expression parse(String text) {
        ExpressionParser p = new ExpressionParser(text);
        Part result = p.sum();
        p.skipSpaces();
        if (p.pos < text.length()) {
            throw p.error("expected an operator or the end of the formula but found " + p.found());
        }
        return new Expression(text, result.tensor, p.variables);
    }

    private static Map<String, UnaryOperator<Tensor>> functions() {
        Map<String, UnaryOperator<Tensor>> f = new LinkedHashMap<>();
        f.put("sin", Tensor::sin);
        f.put("cos", Tensor::cos);
        f.put("tan", Tensor::tan);
        f.put("exp", Tensor::exp);
        f.put("log", Tensor::log);
        f.put("sqrt", Tensor::sqrt);
        f.put("tanh", Tensor::tanh);
        f.put("sigmoid", Tensor::sigmoid);
        f.put("relu", Tensor::relu);
        f.put("abs", Tensor::abs);
        return f;
    }

    private Part sum() {
        Part left = product();
        while (true) {
            skipSpaces();
            if (accept('+')) {
                left = combine(left, product(), Tensor::add);
            } else if (accept('-')) {
                left = combine(left, product(), Tensor::sub);
            } else {
                return left;
            }
        }
    }

    private Part product() {
        Part left = unary();
        while (true) {
            skipSpaces();
            if (accept('*')) {
                left = combine(left, unary(), Tensor::mul);
            } else if (accept('/')) {
                left = combine(left, unary(), Tensor::div);
            } else {
                return left;
            }
        }
    }

    /** {@code '-'* power}: the minus signs counted in a loop, so a long run of them cannot overflow the stack. */
    private Part unary() {
        int minuses = minusSigns();
        return negated(power(), minuses);
    }

    /**
     * {@code atom ('^' '-'* atom)*}, which is what {@code atom ('^' unary)?} unrolls to: read left to right
     * in a loop and built from the right, as ^ is right-associative; the minus signs before an atom negate
     * everything from that atom to the end of the chain ({@code 2^-x^2 = 2^(-(x^2))}).
     */
    private Part power() {
        List<Part> atoms = new ArrayList<>();
        List<Integer> minuses = new ArrayList<>(); // minuses.get(i) stands before atoms.get(i + 1)
        atoms.add(atom());
        while (true) {
            skipSpaces();
            if (!accept('^')) {
                break;
            }
            minuses.add(minusSigns());
            atoms.add(atom());
        }
        Part result = atoms.get(atoms.size() - 1);
        for (int i = atoms.size() - 1; i >= 1; i--) {
            result = raise(atoms.get(i - 1), negated(result, minuses.get(i - 1)));
        }
        return result;
    }

    private static Part raise(Part base, Part exponent) {
        if (exponent.constant) {
            return new Part(base.tensor.pow(exponent.tensor.item()), base.constant);
        }
        return combine(base, exponent, Tensor::pow);
    }

    private int minusSigns() {
        int count = 0;
        skipSpaces();
        while (accept('-')) {
            count++;
            skipSpaces();
        }
        return count;
    }

    private static Part negated(Part p, int times) {
        Tensor t = p.tensor;
        for (int i = 0; i < times; i++) {
            t = t.neg();
        }
        return new Part(t, p.constant);
    }

    private Part atom() {
        skipSpaces();
        int start = pos;
        if (pos >= text.length()) {
            throw error("expected a number, a variable, a function or '(' but found the end of the formula");
        }
        char c = text.charAt(pos);
        if (c == '(') {
            open(start);
            Part inner = sum();
            open--;
            expect(')', "to close the '(' at column " + (start + 1));
            return inner;
        }
        if ((c >= '0' && c <= '9') || c == '.') {
            return new Part(Tensor.constant(number()), true);
        }
        if (isNameStart(c)) {
            while (pos < text.length() && isNamePart(text.charAt(pos))) {
                pos++;
            }
            String name = text.substring(start, pos);
            UnaryOperator<Tensor> function = FUNCTIONS.get(name);
            skipSpaces();
            if (function != null) {
                if (pos >= text.length() || text.charAt(pos) != '(') {
                    throw error("expected '(' after the function " + name + " but found " + found());
                }
                open(pos);
                Part argument = sum();
                open--;
                expect(')', "to close " + name + "(");
                return new Part(function.apply(argument.tensor), argument.constant);
            }
            if (pos < text.length() && text.charAt(pos) == '(') {
                throw new ExpressionException(start + 1, "unknown function '" + name + "'; the functions are "
                        + String.join(", ", FUNCTIONS.keySet()));
            }
            return new Part(variables.computeIfAbsent(name, n -> Tensor.variable(n, 0f)), false);
        }
        throw error("expected a number, a variable, a function or '(' but found " + found());
    }

    private float number() {
        int start = pos;
        digits();
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            digits();
        }
        if (pos - start == 1 && text.charAt(start) == '.') {
            throw new ExpressionException(start + 1, "expected digits before or after '.'");
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int exponentStart = pos;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            int digitsStart = pos;
            digits();
            if (pos == digitsStart) {
                throw new ExpressionException(exponentStart + 1, "expected digits in the exponent of the number '"
                        + text.substring(start, pos) + "'");
            }
        }
        String literal = text.substring(start, pos);
        float value = Float.parseFloat(literal);
        String problem = FloatText.problem("the number " + literal, literal, value);
        if (problem != null) {
            throw new ExpressionException(start + 1, problem);
        }
        return value;
    }

    private void digits() {
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
    }

    private static Part combine(Part a, Part b, BinaryOperator<Tensor> op) {
        return new Part(op.apply(a.tensor, b.tensor), a.constant && b.constant);
    }

    /** Steps over the '(' at {@code at}, refusing the one that would be more than the limit open at once. */
    private void open(int at) {
        if (open == MAX_PARENTHESES) {
            throw new ExpressionException(at + 1, "more than " + MAX_PARENTHESES + " nested parentheses (a function"
                    + " call's count too); at most " + MAX_PARENTHESES + " may be open at once");
        }
        open++;
        pos = at + 1;
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private boolean accept(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c, String why) {
        skipSpaces();
        if (!accept(c)) {
            throw error("expected '" + c + "' " + why + " but found " + found());
        }
    }

    private String found() {
        if (pos >= text.length()) {
            return "the end of the formula";
        }
        int cp = text.codePointAt(pos);
        return "'" + new String(Character.toChars(cp)) + "'";
    }

    private ExpressionException error(String problem) {
        return new ExpressionException(pos + 1, problem);
    }

    /** The names a formula may call, for help texts. */
    static List<String> functionNames() {
        return List.copyOf(FUNCTIONS.keySet());
    }
}
