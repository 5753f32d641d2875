package digitlab.nn;

import java.util.List;

import org.ejml.data.FMatrixRMaj;

import digitlab.dataset.Dataset;
import digitlab.engine.Tensor;

/**
 * Data parallel: each thread takes its own rows of the batch through a whole graph of the network
 * (every replica reads the same parameter numbers and has gradients of its own); the update sums the
 * parts' gradients and is split between the threads by ranges of elements. For images too small for
 * {@link InputSplit}'s bands.
 */
final class RowSplit implements BatchSplit {

    /** One thread's share of each batch: its rows, its graph, its parameter leaves. */
    private static final class Part {
        final int offset;
        final int rows;
        final Network.Loss graph;
        final List<Tensor> parameters;
        final FMatrixRMaj seed = new FMatrixRMaj(1, 1);
        float loss;

        Part(Network network, int offset, int rows, int batch) {
            this.offset = offset;
            this.rows = rows;
            this.graph = network.loss(rows);
            this.parameters = network.parameters();
            seed.data[0] = (float) rows / batch; // so the parts' gradients add up to the batch mean's
        }
    }

    private final Dataset train;
    private final FMatrixRMaj[] values;
    private final Part[] parts;
    /** Per thread, the parts' gradients of the parameter being updated (filled each time: no allocation). */
    private final float[][][] scratch;

    /** @param replicas one network per thread over the same numbers, {@code values} (W1, b1, W2, …) */
    RowSplit(Dataset train, List<Network> replicas, FMatrixRMaj[] values, int batch) {
        this.train = train;
        this.values = values;
        int threads = replicas.size();
        parts = new Part[threads];
        scratch = new float[threads][threads][];
        for (int t = 0; t < threads; t++) {
            int from = Workers.split(batch, threads, t), to = Workers.split(batch, threads, t + 1);
            parts[t] = new Part(replicas.get(t), from, to - from, batch);
        }
    }

    @Override
    public void forwardBackward(int part, int[] order, int batchStart, int[] dx, int[] dy) {
        Part p = parts[part];
        Network.Loss g = p.graph;
        Batches.fill(train, order, batchStart + p.offset, p.rows, g.forward().input().value().data,
                g.labels().value().data, dx, dy, p.offset);
        g.forward().input().changed();
        g.labels().changed();
        g.loss().backward(p.seed);
        p.loss = g.loss().item();
    }

    @Override
    public float loss() {
        float sum = 0;
        for (Part p : parts) {
            sum += p.loss * p.seed.data[0];
        }
        return sum;
    }

    @Override
    public int[] optimizerSizes() {
        int[] sizes = new int[values.length];
        for (int p = 0; p < sizes.length; p++) {
            sizes[p] = values[p].getNumElements();
        }
        return sizes;
    }

    /** Thread t's range of every parameter, with the parts' gradients summed. */
    @Override
    public void update(int part, Optimizer optimizer, float rate) {
        float[][] grads = scratch[part];
        for (int p = 0; p < values.length; p++) {
            for (int t = 0; t < parts.length; t++) {
                grads[t] = parts[t].parameters.get(p).grad().data;
            }
            BatchSplit.updateRange(part, parts.length, optimizer, p, values[p], grads, rate);
        }
    }

    /** Nothing to do: the parts' leaves are the replicas', which the trainer marks changed. */
    @Override
    public void updated() {
    }

    @Override
    public void replaced() {
    }

    /** Nothing to do: the parts update the shared numbers themselves. */
    @Override
    public void publish() {
    }

    @Override
    public FMatrixRMaj input() {
        return parts[0].graph.forward().input().value();
    }

    @Override
    public FMatrixRMaj labels() {
        return parts[0].graph.labels().value();
    }
}
