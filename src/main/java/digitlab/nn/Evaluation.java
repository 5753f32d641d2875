package digitlab.nn;

import java.util.Arrays;
import java.util.Locale;

/**
 * How a network did on a labelled set: accuracy, the confusion matrix (row = true digit, column =
 * predicted), and which images it got wrong.
 */
public record Evaluation(int n, int[][] confusion, int[] misclassified, int[] predictions) {
    public int correct() {
        int c = 0;
        for (int i = 0; i < confusion.length; i++) {
            c += confusion[i][i];
        }
        return c;
    }

    /** Fraction correct, 0..1. */
    public double accuracy() {
        return n == 0 ? 0 : (double) correct() / n;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "accuracy %.4f on %d (%d wrong)", accuracy(), n, misclassified.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evaluation e && n == e.n && Arrays.deepEquals(confusion, e.confusion)
                && Arrays.equals(misclassified, e.misclassified) && Arrays.equals(predictions, e.predictions);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(predictions);
    }
}
