package digitlab.nn;

import java.util.Arrays;
import java.util.List;

import org.ejml.data.FMatrixRMaj;

import digitlab.dataset.Dataset;

/**
 * Runs a network over a whole labelled set in batches, with graphs built once per batch size and kept.
 * Reads the network's current parameters. With several replicas (networks sharing one set of numbers,
 * see {@link Network#sharingParameters()}) and workers, each replica takes its own share of the images.
 * Belongs to the thread that owns the network.
 */
public final class Evaluator {
    private static final int BATCH = 500;

    private final List<Network> replicas;
    private final Network.Forward[] full;
    private final Network.Forward[] rest;
    private final int inputs;
    private final int classes;

    public Evaluator(Network network) {
        this(List.of(network));
    }

    Evaluator(List<Network> replicas) {
        this.replicas = replicas;
        this.full = new Network.Forward[replicas.size()];
        this.rest = new Network.Forward[replicas.size()];
        Architecture architecture = replicas.get(0).architecture();
        this.inputs = architecture.inputSize();
        this.classes = architecture.classes();
    }

    public Evaluation evaluate(Dataset data) {
        return evaluate(data, null);
    }

    /** With {@code workers} (as many parts as replicas), the replicas share the work; null runs on this thread. */
    Evaluation evaluate(Dataset data, Workers workers) {
        if (data.pixelsPerImage() != inputs) {
            throw new IllegalArgumentException(data.name() + " has images of " + data.pixelsPerImage()
                    + " pixels but the network takes " + inputs);
        }
        int[] predictions = new int[data.count()];
        if (workers == null || replicas.size() == 1) {
            predict(0, data, 0, data.count(), predictions);
        } else {
            int parts = replicas.size();
            workers.run(part -> predict(part, data, Workers.split(data.count(), parts, part),
                    Workers.split(data.count(), parts, part + 1), predictions));
        }
        int[][] confusion = new int[classes][classes];
        int[] wrong = new int[data.count()];
        int wrongCount = 0;
        for (int image = 0; image < data.count(); image++) {
            int truth = data.label(image), predicted = predictions[image];
            if (truth >= 0 && truth < classes) {
                confusion[truth][predicted]++;
            }
            if (predicted != truth) {
                wrong[wrongCount++] = image;
            }
        }
        return new Evaluation(data.count(), confusion, Arrays.copyOf(wrong, wrongCount), predictions);
    }

    /** Predicts images [from, to) with replica {@code r}. */
    private void predict(int r, Dataset data, int from, int to, int[] predictions) {
        for (int start = from; start < to; start += BATCH) {
            int rows = Math.min(BATCH, to - start);
            Network.Forward f = graph(r, rows);
            Batches.fill(data, null, start, rows, f.input().value().data, null, null, null, 0);
            f.input().changed();
            FMatrixRMaj scores = f.scores().value();
            for (int i = 0; i < rows; i++) {
                predictions[start + i] = argmax(scores.data, i * classes, classes);
            }
        }
    }

    private Network.Forward graph(int r, int rows) {
        if (rows == BATCH) {
            return full[r] == null ? (full[r] = replicas.get(r).forward(BATCH)) : full[r];
        }
        if (rest[r] == null || rest[r].batch() != rows) {
            rest[r] = replicas.get(r).forward(rows);
        }
        return rest[r];
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
