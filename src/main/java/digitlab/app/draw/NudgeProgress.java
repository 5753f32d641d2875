package digitlab.app.draw;

import java.util.Locale;

import digitlab.nn.Nudge;

/**
 * Where a nudge toward a digit is: the step shown, the first step whose answer was the digit, and whether the
 * run is over. Its {@link #text()} is what the status line says, tested without a display.
 *
 * @param target  the digit nudged toward
 * @param step    the image shown
 * @param flipped the first step whose answer was {@code target} (null: not yet)
 * @param done    whether the run is over (reached, stopped by the person, or out of steps)
 * @param stopped whether the person stopped it
 */
record NudgeProgress(int target, Nudge.Step step, Nudge.Step flipped, boolean done, boolean stopped) {

    /** "L2 change 1.80, largest pixel change 0.48". */
    static String change(Nudge.Step s) {
        return String.format(Locale.ROOT, "L2 change %.2f, largest pixel change %.2f", s.l2(), s.largest());
    }

    /** What the status line says about this progress. */
    String text() {
        String head = (done ? stopped ? "Nudge toward " + target + " stopped at step " : "Nudged toward " + target
                + " in " : "Nudging toward " + target + " · step ") + step.number() + (done && !stopped ? " steps" : "")
                + ": " + change(step) + " · ";
        String flip;
        if (flipped == null) {
            flip = "the answer is not " + target + " yet (it is " + step.best() + ")";
        } else if (flipped.number() == 0) {
            flip = "the answer was already " + target;
        } else {
            flip = "the answer became " + target + " at step " + flipped.number() + ", after " + change(flipped);
        }
        return head + flip + (done ? ". Draw to start again." : ".");
    }
}
