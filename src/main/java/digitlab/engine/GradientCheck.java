package digitlab.engine;

import java.util.Random;

import org.ejml.data.FMatrixRMaj;

/**
 * Compares the gradients backward computes with central finite differences, so that every operation's
 * backward step can be checked against its forward step.
 *
 * <p>For an output y of any shape it takes the scalar L = Σ wᵢ yᵢ with fixed random weights w, runs
 * backward with seed w (so each leaf's gradient is ∂L/∂leaf), then for each element of each leaf
 * estimates ∂L/∂xₖ ≈ (L(xₖ+h) − L(xₖ−h)) / 2h by changing the leaf and reading the output again.
 * The leaves are left as they were.
 */
public final class GradientCheck {
    private GradientCheck() {
    }

    /** The worst disagreement found, and where. */
    public record Result(double maxError, String where, double analytic, double numeric) {
        @Override
        public String toString() {
            return String.format("max error %.3g at %s: backward %.6g, finite difference %.6g",
                    maxError, where, analytic, numeric);
        }
    }

    /**
     * Checks ∂L/∂leaf for every element of each leaf. The error of one element is
     * |analytic − numeric| / max(1, |analytic|, |numeric|): relative for large gradients, absolute for
     * small ones, where float rounding dominates.
     */
    public static Result check(Tensor output, double h, long seed, Tensor... leaves) {
        Random random = new Random(seed);
        FMatrixRMaj weights = new FMatrixRMaj(output.rows(), output.cols());
        for (int i = 0; i < weights.getNumElements(); i++) {
            weights.data[i] = (float) (random.nextDouble() * 2 - 1);
        }
        output.backward(weights);
        FMatrixRMaj[] analytic = new FMatrixRMaj[leaves.length];
        for (int l = 0; l < leaves.length; l++) {
            analytic[l] = leaves[l].grad().copy();
        }
        Result worst = new Result(0, "nowhere", 0, 0);
        for (int l = 0; l < leaves.length; l++) {
            Tensor leaf = leaves[l];
            float[] x = leaf.value().data;
            for (int k = 0; k < leaf.rows() * leaf.cols(); k++) {
                float original = x[k];
                x[k] = (float) (original + h);
                leaf.changed();
                double plus = weighted(output, weights);
                x[k] = (float) (original - h);
                leaf.changed();
                double minus = weighted(output, weights);
                x[k] = original;
                leaf.changed();
                double numeric = (plus - minus) / (2 * h);
                double a = analytic[l].data[k];
                double error = Math.abs(a - numeric) / Math.max(1, Math.max(Math.abs(a), Math.abs(numeric)));
                if (!(error <= worst.maxError())) { // NaN counts as the worst
                    worst = new Result(error, describe(leaf, l) + "[" + k / leaf.cols() + "," + k % leaf.cols() + "]", a, numeric);
                    if (Double.isNaN(error)) {
                        return worst;
                    }
                }
            }
        }
        return worst;
    }

    private static String describe(Tensor leaf, int index) {
        return leaf.name() != null ? leaf.name() : "leaf " + index;
    }

    private static double weighted(Tensor output, FMatrixRMaj weights) {
        FMatrixRMaj y = output.value();
        double sum = 0;
        for (int i = 0; i < weights.getNumElements(); i++) {
            sum += (double) weights.data[i] * y.data[i];
        }
        return sum;
    }
}
