package digitlab.app.draw;

import java.util.Locale;

import digitlab.app.widgets.Percent;

/**
 * What the answer column says about a reading, as text and styles, so that the rules are tested
 * without a display.
 *
 * @param prediction      the big digit, or a prompt
 * @param predictionStyle its CSS style
 * @param confidence      how sure the network is
 * @param whyTitle        what the heatmap explains
 * @param timing          how long the reading took
 */
record AnswerText(String prediction, String predictionStyle, String confidence, String whyTitle, String timing) {
    static final String PROMPT_STYLE = "-fx-font-size: 30px; -fx-text-fill: #888;";
    static final String DIGIT_STYLE = "-fx-font-size: 80px; -fx-font-weight: bold; -fx-text-fill: #d9480f;";

    /** The text for {@code r} (null or blank: the prompt); {@code haveModel} is false while no model reads. */
    static AnswerText of(Reading r, boolean haveModel) {
        if (r == null || r.isBlank()) {
            return new AnswerText(haveModel ? "Draw a digit" : "…", PROMPT_STYLE,
                    haveModel ? "The network's answer appears as you draw." : "", "Why: draw something first", "");
        }
        return new AnswerText(Integer.toString(r.best()), DIGIT_STYLE,
                Percent.percent(r.probabilities()[r.best()]) + " sure it is a " + r.best(),
                (r.why() == r.best() ? "Why " + r.why() : "Why not " + r.why()) + ": ∂score(" + r.why() + ")/∂pixel",
                String.format(Locale.ROOT, "ink → answer + gradient in %.2f ms", r.micros() / 1e3));
    }

    /**
     * Whether to show {@code r} over what is shown: an answer for an older state of {@code drawing} is still
     * worth showing while the newest is being read, but a blank answer for a drawing that has ink since would
     * flash the prompt.
     */
    static boolean worthShowing(Reading r, Drawing drawing) {
        return r == null || r.version() == drawing.version() || !r.isBlank() || drawing.snapshot().isBlank();
    }
}
