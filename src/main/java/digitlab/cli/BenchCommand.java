package digitlab.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import digitlab.dataset.Dataset;
import digitlab.data.Mnist;
import digitlab.engine.kernels.Kernels;
import digitlab.image.InkImage;
import digitlab.image.MnistPreparation;
import digitlab.model.ModelFile;
import digitlab.nn.Architecture;
import digitlab.nn.Classifier;
import digitlab.nn.NetworkBench;
import digitlab.nn.Parameters;
import digitlab.nn.Schedule;
import digitlab.nn.Trainer;
import digitlab.nn.TrainingConfig;
import digitlab.nn.TrainingListener;

/**
 * {@code bench}: the speeds that matter, measured after a warm-up: training samples per second (full
 * step: forward, backward, SGD update; batch 64), one-image prediction latency, the whole test set's
 * evaluation time, canvas-to-probabilities latency, and peak memory.
 */
@CommandLine.Command(name = "bench", description = {
    "measure training throughput, prediction latency, evaluation time and memory",
    "Trains on the full MNIST training set for W warm-up epochs and E measured ones, reporting the median"
            + " samples/s, then times predictions and evaluation with the shipped model.",
    "With --json: one line with train_samples_per_second, predict_latency_us_median, predict_latency_us_p99,"
            + " eval_seconds, peak_heap_mb, threads, kernels (the vector kind), zero_skipping, jvm_flags (the ISA flags they were"
            + " chosen on), and more.", ""})
final class BenchCommand extends Command {
    @Mixin
    private ThreadsOption threadsOption;
    @Option(names = "--epochs", paramLabel = "E", description = "measured epochs, 1 to 100 (default ${DEFAULT-VALUE})")
    private int epochs = 5;
    @Option(names = "--warmup", paramLabel = "W", description = "warm-up epochs, 0 to 100 (default ${DEFAULT-VALUE})")
    private int warmup = 3;
    @Option(names = "--batch", paramLabel = "B", description = "images per step (default ${DEFAULT-VALUE})")
    private int batch = 64;
    @Option(names = "--arch", paramLabel = "SPEC", description = {"the network: mlp (default: the seed's"
            + " 784-128-64-10, predictions timed with the shipped model), cnn, tiny, or layers such as"
            + " conv5x16,pool2,conv5x32,pool2,dense128,dense10 (denseN, convKxF[:valid], pool2, flatten; :tanh,"
            + " :sigmoid or :none after a layer change its activation). Other networks train on one thread,"
            + " and predictions are timed on the network just trained"})
    private String arch = Architecture.MLP_NAME;
    @Mixin
    private DataOption dataOption;
    @Mixin
    private JsonOption jsonOption;

    @Override
    boolean numeric() {
        return true;
    }

    @Override
    int execute(PrintStream out, PrintStream err) throws Exception {
        int threads = threadsOption.threads(), epochs = Arguments.within("--epochs", this.epochs, 1, 100);
        int warmup = Arguments.within("--warmup", this.warmup, 0, 100);
        int batch = Arguments.within("--batch", this.batch, 1, 60_000);
        boolean json = jsonOption.on();
        Architecture architecture;
        try {
            architecture = Architecture.parse(arch, new Architecture.Shape(1, 28, 28), 10);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--arch " + arch + ": " + e.getMessage());
        }
        boolean seedMlp = architecture.spec().equals(Architecture.preset(Architecture.MLP_NAME));
        if (!seedMlp && threads > 1) {
            throw new UsageException("--threads " + threads + ": only the mlp network shares its steps among threads so far;"
                    + " time " + architecture.spec() + " on one thread");
        }
        Mnist mnist = dataOption.read(MnistAccess.fromSystem(), err);
        if (!seedMlp) {
            return benchNetwork(architecture, mnist, batch, warmup, epochs, json, out, err);
        }
        err.println("matrix products: " + Kernels.best().name() + (Kernels.zeroSkipping() ? ", skipping the zeros of mostly-zero"
                + " operands" : ", every multiply-add (-Ddigitlab.kernels.sparse=off)") + "; threads: " + threads);

        // training: median epoch speed after the warm-up epochs (the JIT compiler is busy in the first few,
        // and with two threads it competes with them for the two cores), without evaluation in between
        TrainingConfig config = TrainingConfig.defaults().withEpochs(epochs + warmup).withBatch(batch).withThreads(threads)
                .withAugment(false).withSchedule(Schedule.CONSTANT).withLearningRate(0.01f);
        Trainer trainer = new Trainer(config, Parameters.initial(TrainingConfig.MNIST_LAYERS, 1), mnist.train(), null);
        List<Double> speeds = new ArrayList<>();
        trainer.addListener(new TrainingListener() {
            @Override
            public void epochDone(EpochReport r) {
                err.printf(Locale.ROOT, "  epoch %d: %.3f s, %,.0f samples/s%s%n", r.epoch(), r.seconds(),
                        r.samplesPerSecond(), r.epoch() <= warmup ? " (warm-up)" : "");
                if (r.epoch() > warmup) {
                    speeds.add(r.samplesPerSecond());
                }
            }
        });
        trainer.run();
        double trainSpeed = median(speeds);

        Classifier classifier = new Classifier(ModelFile.loadBundled().parameters());
        Dataset test = mnist.test();
        // one image, forward only
        float[][] images = new float[256][];
        for (int i = 0; i < images.length; i++) {
            images[i] = new float[784];
            for (int p = 0; p < 784; p++) {
                images[i][p] = test.pixel(i, p) / 255f;
            }
        }
        float[] probabilities = new float[10];
        for (int i = 0; i < 50_000; i++) {
            classifier.probabilities(images[i & 255], probabilities);
        }
        long[] latencies = new long[20_000];
        for (int i = 0; i < latencies.length; i++) {
            long t0 = System.nanoTime();
            classifier.probabilities(images[i & 255], probabilities);
            latencies[i] = System.nanoTime() - t0;
        }
        Arrays.sort(latencies);
        double predictMedian = latencies[latencies.length / 2] / 1e3, predictP99 = latencies[latencies.length * 99 / 100] / 1e3;

        // the whole test set
        double[] evals = new double[15];
        for (int warm = 0; warm < 10; warm++) {
            classifier.evaluate(test, threads);
        }
        for (int i = 0; i < evals.length; i++) {
            long t0 = System.nanoTime();
            classifier.evaluate(test, threads);
            evals[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(evals);
        double evalSeconds = evals[evals.length / 2];

        // a 280×280 canvas with a drawn digit, to probabilities
        InkImage canvas = canvasWithDigit(test, 0, 280);
        for (int i = 0; i < 2_000; i++) {
            classifier.probabilities(MnistPreparation.prepare(canvas).orElseThrow().pixels(), probabilities);
        }
        long[] canvasTimes = new long[2_000];
        for (int i = 0; i < canvasTimes.length; i++) {
            long t0 = System.nanoTime();
            classifier.probabilities(MnistPreparation.prepare(canvas).orElseThrow().pixels(), probabilities);
            canvasTimes[i] = System.nanoTime() - t0;
        }
        Arrays.sort(canvasTimes);
        double canvasMedian = canvasTimes[canvasTimes.length / 2] / 1e3;

        double peakHeap = peakHeapMb(), peakRss = peakRssMb();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode o = mapper.createObjectNode();
            o.put("train_samples_per_second", Math.round(trainSpeed));
            o.put("predict_latency_us_median", round(predictMedian, 2));
            o.put("predict_latency_us_p99", round(predictP99, 2));
            o.put("eval_seconds", round(evalSeconds, 5));
            o.put("canvas_to_probabilities_us_median", round(canvasMedian, 1));
            o.put("peak_heap_mb", round(peakHeap, 1));
            o.put("peak_rss_mb", round(peakRss, 1));
            o.put("threads", threads);
            o.put("batch", batch);
            o.put("arch", architecture.spec());
            o.put("kernels", Kernels.best().name());
            o.put("zero_skipping", Kernels.zeroSkipping());
            // the flags the kernels were chosen on (UseAVX, UseFMA, MaxVectorSize, TieredStopAtLevel…)
            ObjectNode flags = o.putObject("jvm_flags");
            Kernels.vmFlags().forEach(flags::put);
            out.println(mapper.writeValueAsString(o));
        } else {
            out.printf(Locale.ROOT, "training        %,.0f samples/s (median of %d epochs, batch %d, %d thread%s)%n", trainSpeed,
                    speeds.size(), batch, threads, threads == 1 ? "" : "s");
            out.printf(Locale.ROOT, "predict 1 image %.2f µs median, %.2f µs p99%n", predictMedian, predictP99);
            out.printf(Locale.ROOT, "evaluate 10,000 %.2f ms%n", evalSeconds * 1e3);
            out.printf(Locale.ROOT, "canvas → probabilities %.1f µs median (280×280 drawing)%n", canvasMedian);
            out.printf(Locale.ROOT, "peak heap %.0f MB, peak resident %.0f MB%n", peakHeap, peakRss);
        }
        return ExitCode.OK.code();
    }

    /** bench --arch for a network other than the seed's MLP: {@link NetworkBench} on one thread. */
    private static int benchNetwork(Architecture architecture, Mnist mnist, int batch, int warmup, int epochs, boolean json,
            PrintStream out, PrintStream err) throws IOException {
        err.println("network: " + architecture.spec() + " (" + String.format(Locale.ROOT, "%,d", architecture.parameterCount())
                + " numbers), one thread");
        NetworkBench.Result r = NetworkBench.run(architecture, mnist.train(), mnist.test(), batch, warmup, epochs,
                line -> err.println("  " + line));
        double peakHeap = peakHeapMb(), peakRss = peakRssMb();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode o = mapper.createObjectNode();
            o.put("train_samples_per_second", Math.round(r.trainSamplesPerSecond()));
            o.put("predict_latency_us_median", round(r.predictMedianMicros(), 2));
            o.put("predict_latency_us_p99", round(r.predictP99Micros(), 2));
            o.put("eval_seconds", round(r.evalSeconds(), 5));
            o.put("test_accuracy_after_bench", round(r.testAccuracy(), 4));
            o.put("peak_heap_mb", round(peakHeap, 1));
            o.put("peak_rss_mb", round(peakRss, 1));
            o.put("threads", 1);
            o.put("batch", batch);
            o.put("arch", architecture.spec());
            o.put("parameters", architecture.parameterCount());
            o.put("kernels", Kernels.best().name());
            o.put("zero_skipping", Kernels.zeroSkipping());
            ObjectNode flags = o.putObject("jvm_flags");
            Kernels.vmFlags().forEach(flags::put);
            out.println(mapper.writeValueAsString(o));
        } else {
            out.printf(Locale.ROOT, "network         %s (%,d numbers)%n", architecture.spec(), architecture.parameterCount());
            out.printf(Locale.ROOT, "training        %,.0f samples/s (median of %d epochs, batch %d, 1 thread)%n",
                    r.trainSamplesPerSecond(), epochs, batch);
            out.printf(Locale.ROOT, "predict 1 image %.2f µs median, %.2f µs p99%n", r.predictMedianMicros(), r.predictP99Micros());
            out.printf(Locale.ROOT, "evaluate 10,000 %.2f ms (test accuracy after the bench's training %.2f%%)%n",
                    r.evalSeconds() * 1e3, 100 * r.testAccuracy());
            out.printf(Locale.ROOT, "peak heap %.0f MB, peak resident %.0f MB%n", peakHeap, peakRss);
        }
        return ExitCode.OK.code();
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** Test image {@code i} drawn large on a square canvas, as a person might draw it. */
    static InkImage canvasWithDigit(Dataset d, int i, int side) {
        float[] ink = new float[side * side];
        int scale = side / 28 - 2, offset = side / 14;
        for (int y = 0; y < 28 * scale; y++) {
            for (int x = 0; x < 28 * scale; x++) {
                ink[(y + offset) * side + x + offset] = d.pixel(i, (y / scale) * 28 + x / scale) / 255f;
            }
        }
        return new InkImage(ink, side, side);
    }

    /** The most the heap held at once, summed over its pools. */
    private static double peakHeapMb() {
        long bytes = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                bytes += pool.getPeakUsage().getUsed();
            }
        }
        return bytes / 1048576.0;
    }

    /** The process's peak resident set (VmHWM) on Linux; NaN elsewhere. */
    private static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return Double.NaN;
    }
}
