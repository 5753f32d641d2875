package digitlab.app.draw;

import digitlab.app.shared.AppState;
import digitlab.image.Prepared;
import digitlab.model.Model;

/**
 * What the network made of one state of the drawing.
 *
 * @param version       the drawing's version that was read
 * @param prepared      the 28×28 image the network received; null for a blank drawing
 * @param probabilities one per class (null when blank)
 * @param best          the most probable class (−1 when blank)
 * @param why           the class whose score {@code saliency} explains
 * @param saliency      ∂score[why]/∂pixel for each of the network's input pixels (null when blank)
 * @param micros        the time from ink to all of the above
 * @param maps          each convolution layer's feature maps for this image ({@link FeatureMaps#NONE} when the
 *                      network has none, or the drawing is blank)
 * @param units         a dense network's hidden units for this image ({@link HiddenUnits#NONE} when the network
 *                      has convolutions, or the drawing is blank)
 * @param nudge         null for the drawing as read; where the nudge is, for an image nudged toward a digit
 */
public record Reading(long version, Model model, Prepared prepared, float[] probabilities, int best, int why,
        float[] saliency, double micros, FeatureMaps maps, HiddenUnits units, NudgeProgress nudge) {

    /** A blank reading of version {@code version}: nothing drawn, or nothing that could be read. */
    public static Reading blank(long version, Model model) {
        return new Reading(version, model, null, null, -1, -1, null, 0, FeatureMaps.NONE, HiddenUnits.NONE, null);
    }

    public boolean isBlank() {
        return prepared == null;
    }

    /** This reading as other views may know it (through the app state); null when blank. */
    public AppState.DrawnDigit digit() {
        return isBlank() ? null : new AppState.DrawnDigit(model, prepared.pixels(), probabilities, best);
    }
}
