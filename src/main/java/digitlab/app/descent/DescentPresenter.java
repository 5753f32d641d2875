package digitlab.app.descent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import digitlab.engine.Tensor;
import digitlab.expr.Expression;
import digitlab.expr.ExpressionException;

/**
 * Gradient descent on a formula of one or two variables, without JavaFX. The formula is parsed into an
 * engine graph; at each point y and its gradient come from the engine's forward and backward passes (never
 * from a numeric difference). {@link #descend()} takes one step p ← p − rate × ∇y(p), records it, and
 * judges the path so far in words: converging, overshooting, oscillating, diverging, converged, diverged.
 * A path that leaves |coordinate| ≤ {@value #LIMIT} or reaches a y or slope that is not finite is stopped
 * there ("diverged"); a point that is not finite is never added to the path.
 */
public final class DescentPresenter {
    /** Beyond this |x| (or |z|) the path is said to grow without bound, and descent stops. */
    public static final double LIMIT = 1e6;
    /** A step shorter than this, relative to max(1, |p|), counts as standing still: converged. */
    static final double SETTLED = 1e-6;

    /** A point of the path: where it is, y there and the gradient (dy/dx, then dy/dz). */
    public record Point(double[] at, double y, double[] slope) {
    }

    /** How the path behaves, judged after each step. */
    public enum Verdict { READY, CONVERGING, OVERSHOOTING, OSCILLATING, DIVERGING, CONVERGED, DIVERGED }

    private final Expression expression;
    private final List<String> names;
    private final double[] start;
    private double rate;
    private final List<Point> path = new ArrayList<>();
    private Verdict verdict;
    private String words;

    /**
     * A descent on {@code formula} from {@code start} (one value for each variable, in the order they first
     * appear) with learning rate {@code rate}.
     *
     * @throws ExpressionException      when the formula does not parse
     * @throws IllegalArgumentException when it has no variable or more than two, or the start or rate is unfit
     */
    public DescentPresenter(String formula, double[] start, double rate) {
        expression = Expression.parse(formula);
        names = List.copyOf(expression.variables().keySet());
        if (names.isEmpty() || names.size() > 2) {
            throw new IllegalArgumentException("descent needs a formula of one or two variables (x, or x and z); "
                    + (names.isEmpty() ? "this one has none" : "this one has " + String.join(", ", names)));
        }
        if (start.length != names.size()) {
            throw new IllegalArgumentException("give a start value for " + String.join(" and ", names));
        }
        this.start = start.clone();
        setRate(rate);
        reset();
    }

    /**
     * Reads the start values from text such as "x=-1 z=2" (as the Graph view reads its values): a variable
     * not named starts at 0.
     *
     * @throws IllegalArgumentException with a message fit to show, for a value that does not read
     */
    public static double[] startValues(String formula, String text) {
        List<String> vars = List.copyOf(Expression.parse(formula).variables().keySet());
        double[] values = new double[vars.size()];
        for (String pair : text.trim().split("[\\s,]+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                int i = vars.indexOf(pair.substring(0, eq).trim());
                if (i >= 0) {
                    values[i] = Expression.parseValue(vars.get(i), pair.substring(eq + 1));
                }
            }
        }
        return values;
    }

    /** Back to the start: the path is the start point alone. */
    public void reset() {
        path.clear();
        Point first = evaluate(start);
        path.add(first);
        verdict = Verdict.READY;
        if (!finite(first)) {
            verdict = Verdict.DIVERGED;
            words = "y or its slope is not a number at the start: choose another start.";
        } else {
            words = "Press Descend: " + names.get(0) + (names.size() == 2 ? " and " + names.get(1) + " move" : " moves")
                    + " by −rate × the slope.";
        }
    }

    /** The learning rate; a rate that is not a positive finite number is refused. Takes effect at the next step. */
    public void setRate(double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("the learning rate must be a positive number, not " + rate);
        }
        this.rate = rate;
    }

    public double rate() {
        return rate;
    }

    /** Whether the path has ended: converged or diverged (descending further changes nothing). */
    public boolean finished() {
        return verdict == Verdict.CONVERGED || verdict == Verdict.DIVERGED;
    }

    /**
     * One step: p ← p − rate × ∇y(p), with the gradient from the engine's backward pass at the current
     * point; the new point is added to the path and the verdict is judged again. Does nothing once
     * {@link #finished()}.
     *
     * @return whether a step was taken
     */
    public boolean descend() {
        if (finished()) {
            return false;
        }
        Point from = current();
        double[] to = new double[from.at().length];
        for (int i = 0; i < to.length; i++) {
            to[i] = from.at()[i] - rate * from.slope()[i];
        }
        int step = path.size();
        if (!finite(to)) {
            return diverged("the step from " + at(from.at()) + " is not a finite number at step " + step);
        }
        Point next = evaluate(to);
        double reached = Math.max(Math.abs(to[0]), to.length > 1 ? Math.abs(to[1]) : 0);
        if (reached > LIMIT) {
            if (finite(next)) {
                path.add(next);
            }
            return diverged(at(to) + " at step " + step + ": beyond ±" + number(LIMIT)
                    + ", growing without bound");
        }
        if (!finite(next)) {
            return diverged("y or its slope is not a finite number at " + at(to) + " (step " + step + ")");
        }
        path.add(next);
        judge(from, next);
        return true;
    }

    private boolean diverged(String what) {
        verdict = Verdict.DIVERGED;
        words = "Diverged: " + what + ". Stopped. Lower the learning rate, then Reset.";
        return true;
    }

    /** Judges the step from {@code from} to {@code to} against the step that would come next from {@code to}. */
    private void judge(Point from, Point to) {
        int n = to.at().length;
        double taken = 0, next = 0, dot = 0, size = 1;
        for (int i = 0; i < n; i++) {
            double d = to.at()[i] - from.at()[i];
            double e = -rate * to.slope()[i];
            taken += d * d;
            next += e * e;
            dot += d * e;
            size = Math.max(size, Math.abs(to.at()[i]));
        }
        taken = Math.sqrt(taken);
        next = Math.sqrt(next);
        int steps = path.size() - 1;
        String where = at(to.at()) + ", y = " + number(to.y());
        if (next <= SETTLED * size || taken <= SETTLED * size) {
            verdict = Verdict.CONVERGED;
            words = "Converged after " + steps + (steps == 1 ? " step" : " steps") + ": " + where
                    + ". The slope is about 0: the steps no longer move.";
            return;
        }
        double ratio = next / taken;
        boolean across = dot < 0;
        if (across && Math.abs(ratio - 1) < 1e-3) {
            verdict = Verdict.OSCILLATING;
            words = "Oscillating: each step jumps across the bottom and lands as far away as before. "
                    + "It never settles: lower the rate.";
        } else if (across && ratio > 1) {
            verdict = Verdict.DIVERGING;
            words = "Overshooting and diverging: each jump across the bottom is longer than the last "
                    + "(×" + number(ratio) + "). The rate is too large.";
        } else if (across) {
            verdict = Verdict.OVERSHOOTING;
            words = "Overshooting: each step jumps across the bottom, but the jumps shrink (×" + number(ratio)
                    + "): it still converges.";
        } else if (ratio > 1) {
            verdict = Verdict.DIVERGING;
            words = "Running away: each step is longer than the last (×" + number(ratio)
                    + "): downhill gets steeper, there is no bottom ahead.";
        } else {
            verdict = Verdict.CONVERGING;
            words = "Converging: each step is shorter than the last (×" + number(ratio) + ") as the slope flattens. Now "
                    + where + ".";
        }
    }

    /** y and its gradient at {@code at}, from the engine: one forward and one backward pass. */
    private Point evaluate(double[] at) {
        for (int i = 0; i < at.length; i++) {
            expression.set(names.get(i), (float) at[i]);
        }
        Tensor y = expression.output();
        float value = y.item();
        y.backward();
        double[] slope = new double[at.length];
        for (int i = 0; i < at.length; i++) {
            slope[i] = expression.variables().get(names.get(i)).gradItem();
        }
        return new Point(at.clone(), value, slope);
    }

    /** y at {@code at} (forward only), for drawing the curve or the contours. */
    public double value(double... at) {
        for (int i = 0; i < at.length; i++) {
            expression.set(names.get(i), (float) at[i]);
        }
        return expression.output().item();
    }

    /** The variables, in the order they first appear: x, then z when there are two. */
    public List<String> names() {
        return names;
    }

    public String formula() {
        return expression.source();
    }

    /** The start and every point reached since, in order. */
    public List<Point> path() {
        return Collections.unmodifiableList(path);
    }

    /** The last point reached. */
    public Point current() {
        return path.get(path.size() - 1);
    }

    public Verdict verdict() {
        return verdict;
    }

    /** What happened, in words to show. */
    public String words() {
        return words;
    }

    /** "x = 1.5, dy/dx = 3" (or both variables): the current point and its slope. */
    public String describe(Point p) {
        StringBuilder s = new StringBuilder(at(p.at())).append(", y = ").append(number(p.y()));
        for (int i = 0; i < names.size(); i++) {
            s.append(", dy/d").append(names.get(i)).append(" = ").append(number(p.slope()[i]));
        }
        return s.toString();
    }

    /** "x = 1.5, z = 2, y = 3": where {@code p} is and y there. */
    public String where(Point p) {
        return at(p.at()) + ", y = " + number(p.y());
    }

    private String at(double[] at) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < at.length; i++) {
            s.append(i == 0 ? "" : ", ").append(names.get(i)).append(" = ").append(number(at[i]));
        }
        return s.toString();
    }

    /** A number as a person reads it: at most 4 significant digits, no trailing zeros. */
    static String number(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        double a = Math.abs(v);
        if (a >= 1e5 || a < 1e-3) {
            return String.format(Locale.ROOT, "%.3e", v).replaceAll("\\.?0*e", "e").replace("e+0", "e").replace("e+", "e")
                    .replace("e-0", "e-");
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    private static boolean finite(Point p) {
        return Double.isFinite(p.y()) && finite(p.slope());
    }

    private static boolean finite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }
}
