package digitlab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import digitlab.dataset.Dataset;

/**
 * Speeds of a {@link Network} of any architecture on one thread, as {@code bench --arch} reports them:
 * training (a full step: data in, forward, backward, SGD with momentum 0.9; the median samples/s of the
 * measured epochs), one image through the network, and the whole test set. The network's numbers are
 * trained here; how fast it is does not depend on how well it reads.
 */
public final class NetworkBench {
    private NetworkBench() {
    }

    /** What was measured; the per-epoch speeds in order, warm-up first. */
    public record Result(List<Double> epochSpeeds, double trainSamplesPerSecond, double predictMedianMicros,
            double predictP99Micros, double evalSeconds, double testAccuracy) {
    }

    /**
     * @param progress told of each epoch ("epoch 2: 12.3 s, 5,200 samples/s"), on this thread
     */
    public static Result run(Architecture architecture, Dataset train, Dataset test, int batch, int warmup, int epochs,
            Consumer<String> progress) {
        Network net = new Network(architecture, 1);
        Network.Loss step = net.loss(batch);
        Optimizer sgd = Optimizer.sgd(0.9f);
        Random random = new Random(1);
        int[] order = Batches.identity(train.count());
        List<Double> speeds = new ArrayList<>();
        int batches = train.count() / batch;
        for (int epoch = 1; epoch <= warmup + epochs; epoch++) {
            Batches.shuffle(order, random);
            long start = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                Batches.fill(train, order, b * batch, batch, step.forward().input().value().data,
                        step.labels().value().data, null, null, 0);
                step.forward().input().changed();
                step.labels().changed();
                step.loss().backward();
                sgd.step(net.parameters(), 0.01f);
            }
            double seconds = (System.nanoTime() - start) / 1e9, speed = (double) batches * batch / seconds;
            speeds.add(speed);
            progress.accept(String.format(java.util.Locale.ROOT, "epoch %d: %.3f s, %,.0f samples/s%s", epoch, seconds,
                    speed, epoch <= warmup ? " (warm-up)" : ""));
        }
        List<Double> measured = new ArrayList<>(speeds.subList(warmup, speeds.size()));
        measured.sort(null);

        // one image, forward only
        Network.Forward one = net.forward(1);
        float[] x = one.input().value().data;
        long[] latencies = new long[2_000];
        for (int i = -500; i < latencies.length; i++) {
            int image = Math.floorMod(i, test.count());
            Batches.fill(test, null, image, 1, x, null, null, null, 0);
            long t0 = System.nanoTime();
            one.input().changed();
            one.logProbabilities().value();
            if (i >= 0) {
                latencies[i] = System.nanoTime() - t0;
            }
        }
        Arrays.sort(latencies);

        // the whole test set, in batches of 500
        int evalBatch = Math.min(500, test.count());
        Network.Forward many = net.forward(evalBatch);
        double[] evals = new double[5];
        int right = 0;
        for (int round = -2; round < evals.length; round++) {
            long t0 = System.nanoTime();
            right = 0;
            for (int start = 0; start + evalBatch <= test.count(); start += evalBatch) {
                Batches.fill(test, null, start, evalBatch, many.input().value().data, null, null, null, 0);
                many.input().changed();
                float[] scores = many.scores().value().data;
                int classes = many.scores().cols();
                for (int r = 0; r < evalBatch; r++) {
                    int best = 0;
                    for (int c = 1; c < classes; c++) {
                        best = scores[r * classes + c] > scores[r * classes + best] ? c : best;
                    }
                    right += best == test.label(start + r) ? 1 : 0;
                }
            }
            if (round >= 0) {
                evals[round] = (System.nanoTime() - t0) / 1e9;
            }
        }
        Arrays.sort(evals);
        int evaluated = test.count() / evalBatch * evalBatch;
        return new Result(List.copyOf(speeds), measured.get(measured.size() / 2), latencies[latencies.length / 2] / 1e3,
                latencies[latencies.length * 99 / 100] / 1e3, evals[evals.length / 2], (double) right / evaluated);
    }
}
