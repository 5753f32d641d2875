package digitlab.app.draw;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import digitlab.app.widgets.ColourScale;
import digitlab.nn.Architecture;
import digitlab.nn.Classifier;
import digitlab.nn.Parameters;

/**
 * The hidden units of a dense network for one image: how strongly each is on, what it looks for (its incoming
 * weights), and how much it pushes each digit's score. Plain data, made on the reading thread, so the UI only
 * draws it.
 *
 * <p>The push of unit j on digit c is a_j · ∂score[c]/∂a_j, its activation times the gradient of c's raw score
 * with respect to it (one engine backward pass per digit). For the last hidden layer the scores are linear in
 * its units, so this is exactly a_j · W[c, j], the unit's share of c's score; for an earlier layer it is the
 * share the unit would have if the ReLUs after it stayed as they are (first order).
 *
 * @param layers one per hidden dense layer, in the network's order (empty for a network with convolutions)
 */
public record HiddenUnits(List<Layer> layers) {
    /** Nothing to show: a network with convolutions, or nothing read. */
    public static final HiddenUnits NONE = new HiddenUnits(List.of());

    public HiddenUnits {
        layers = List.copyOf(layers);
    }

    /**
     * One hidden layer.
     *
     * @param number      1 for the first hidden layer …
     * @param units       how many units
     * @param inputs      how many numbers each unit reads (784 for the first layer, the previous layer's units after)
     * @param activations each unit's value after its activation
     * @param largest     the largest |activation| (0 when all are 0): the colour scale's end
     * @param push        push[c·units + j] = a_j · ∂score[c]/∂a_j (see the record's comment)
     * @param weights     the incoming weights, unit j's at [j·inputs, (j+1)·inputs) (shared, never modified)
     */
    public record Layer(int number, int units, int inputs, float[] activations, float largest, float[] push,
            float[] weights) {
        /** "hidden layer 1: 128 units". */
        public String title() {
            return "hidden layer " + number + ": " + units + " units";
        }

        /** Unit j's push on digit c. */
        public float push(int j, int c) {
            return push[c * units + j];
        }

        /** How many digits' scores it pushes. */
        public int classes() {
            return push.length / units;
        }

        /** The largest |incoming weight| of unit j: its tile's colour scale. */
        public double weightLargest(int j) {
            double max = 0;
            for (int i = j * inputs; i < (j + 1) * inputs; i++) {
                max = Math.max(max, Math.abs(weights[i]));
            }
            return max;
        }

        /** "0 +1.20  1 −0.31 …": unit j's push on each digit, five to a line. */
        public String pushText(int j) {
            StringBuilder s = new StringBuilder();
            for (int c = 0; c < classes(); c++) {
                s.append(c % 5 == 0 ? (c == 0 ? "" : "\n") : "   ");
                s.append(c).append(' ').append(String.format(Locale.ROOT, "%+.2f", push(j, c)).replace('-', '−'));
            }
            return s.toString();
        }

        /** The digit unit j pushes up most (its largest push). */
        public int favourite(int j) {
            int best = 0;
            for (int c = 1; c < classes(); c++) {
                if (push(j, c) > push(j, best)) {
                    best = c;
                }
            }
            return best;
        }
    }

    /** Whether the Draw view shows hidden units for {@code architecture}: dense layers only, at least one hidden. */
    public static boolean shows(Architecture architecture) {
        return architecture.isDenseOnly() && architecture.layers().size() > 1;
    }

    /**
     * Each hidden layer's incoming weights of {@code parameters} (copies, one per layer; empty when
     * {@link #shows} is false): made once per model, shared by every reading.
     */
    public static List<float[]> weights(Parameters parameters) {
        List<float[]> out = new ArrayList<>();
        if (shows(parameters.architecture())) {
            for (int l = 0; l + 1 < parameters.architecture().layers().size(); l++) {
                out.add(parameters.weight(l).data.clone());
            }
        }
        return out;
    }

    /**
     * The hidden units for {@code pixels}, which must be the image last given to
     * {@code classifier.probabilities} (the activations are read off its graph); the gradients run a graph of
     * their own. {@code weights}: {@link #weights} of the classifier's parameters. Allocates the arrays it
     * returns; modifies neither argument.
     */
    public static HiddenUnits of(Classifier classifier, float[] pixels, List<float[]> weights) {
        Architecture architecture = classifier.architecture();
        if (!shows(architecture)) {
            return NONE;
        }
        int[] sizes = architecture.denseSizes();
        int classes = classifier.outputs();
        int hidden = architecture.layers().size() - 1;
        int[] which = new int[hidden];
        float[][] pushes = new float[hidden][];
        for (int l = 0; l < hidden; l++) {
            which[l] = l;
            pushes[l] = new float[classes * sizes[l + 1]];
        }
        // one sweep: each backward pass gives every layer its gradient
        classifier.layerGradients(pixels, which, pushes);
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < hidden; l++) {
            int n = sizes[l + 1];
            float[] a = classifier.layerOutput(l, new float[n]);
            float[] push = pushes[l];
            for (int c = 0; c < classes; c++) {
                for (int j = 0; j < n; j++) {
                    push[c * n + j] *= a[j];
                }
            }
            layers.add(new Layer(l + 1, n, sizes[l], a, (float) ColourScale.maxAbs(a), push, weights.get(l)));
        }
        return new HiddenUnits(layers);
    }
}
