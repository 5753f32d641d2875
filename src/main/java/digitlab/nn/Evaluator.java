package digitlab.nn;

import java.util.Arrays;

import org.ejml.data.FMatrixRMaj;

import digitlab.data.Dataset;

/**
 * Runs a network over a whole labelled set in batches, with graphs built once per batch size and kept.
 * Reads the network's current parameters; belongs to the thread that owns the network.
 */
public final class Evaluator {
    private static final int BATCH = 500;

    private final Mlp mlp;
    private Mlp.Forward full;
    private Mlp.Forward rest;

    public Evaluator(Mlp mlp) {
        this.mlp = mlp;
    }

    public Evaluation evaluate(Dataset data) {
        int classes = mlp.sizes()[mlp.sizes().length - 1];
        if (data.pixelsPerImage() != mlp.sizes()[0]) {
            throw new IllegalArgumentException(data.name() + " has images of " + data.pixelsPerImage()
                    + " pixels but the network takes " + mlp.sizes()[0]);
        }
        int[][] confusion = new int[classes][classes];
        int[] predictions = new int[data.count()];
        int[] wrong = new int[data.count()];
        int wrongCount = 0;
        for (int start = 0; start < data.count(); start += BATCH) {
            int rows = Math.min(BATCH, data.count() - start);
            Mlp.Forward f = graph(rows);
            Batches.fill(data, null, start, rows, f.input().value().data, null, null, 0);
            f.input().changed();
            FMatrixRMaj scores = f.scores().value();
            for (int r = 0; r < rows; r++) {
                int predicted = argmax(scores.data, r * classes, classes);
                int image = start + r, truth = data.label(image);
                predictions[image] = predicted;
                if (truth >= 0 && truth < classes) {
                    confusion[truth][predicted]++;
                }
                if (predicted != truth) {
                    wrong[wrongCount++] = image;
                }
            }
        }
        return new Evaluation(data.count(), confusion, Arrays.copyOf(wrong, wrongCount), predictions);
    }

    private Mlp.Forward graph(int rows) {
        if (rows == BATCH) {
            return full == null ? (full = mlp.forward(BATCH)) : full;
        }
        if (rest == null || rest.batch() != rows) {
            rest = mlp.forward(rows);
        }
        return rest;
    }

    static int argmax(float[] v, int offset, int length) {
        int best = 0;
        for (int j = 1; j < length; j++) {
            if (v[offset + j] > v[offset + best]) {
                best = j;
            }
        }
        return best;
    }
}
