package digitlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.ejml.data.FMatrixRMaj;

import digitlab.dataset.Dataset;
import digitlab.engine.Tensor;

/**
 * The first layer split by its inputs, the rest by rows of the batch. Thread t owns a band of pixels
 * ([c₀, c₁) of every image, row-major) and the columns of W₁ that read them, kept transposed in a leaf of
 * its own, V_t = W₁[:, c₀:c₁]ᵀ (pixels × units):
 *
 * <pre>
 *   thread t:  x[:, c₀:c₁] (its band of every image) → P_t = x[:, c₀:c₁]·V_t
 *              ── rendezvous: every P_t done ──
 *              Z = Σ_s P_s (its rows r₀ … r₁) → Z + b₁ → ReLU → layers 2 … L → loss → dZ[r₀:r₁, :]
 *              ── rendezvous: every row of dZ done ──
 *              dZ (whole batch) → gradient of V_t = x[:, c₀:c₁]ᵀ·dZ
 * </pre>
 *
 * <p>Why by inputs: the first layer holds nearly all of the network's numbers (100,352 of 109,386 for
 * MNIST's) and work. Split by rows, every thread computes a gradient of the whole W₁, the update adds them
 * across the cores and sends each core the other's half of the new W₁: 800 KB crossing between the cores
 * each step, more than the arithmetic saved at batch 64. Split by inputs, each thread converts, indexes (for
 * the zeros, see the kernels' ZeroSkipping) and multiplies only its own pixels, and its columns of W₁, their
 * gradient and their optimizer state never leave its core. What crosses is the partial sums P and the
 * gradient dZ (batch × units each, 32 KB at batch 64) and the small layers' gradients.
 *
 * <p>Why transposed: both products then go by the images' zeros without transposing anything. x·V_t adds,
 * for each inked pixel, its value times a row of V_t; xᵀ·dZ adds, for each image inked at a pixel, its
 * value times a row of dZ. With W₁'s own layout the forward product transposes W₁ every step and the
 * weight gradient is built in panels (AVX2 stand-in, 64 images × 400 pixels: 57 + 57 µs against 41 + 48).
 * One thread uses this split too, with one band.
 *
 * <p>The threads' columns are copied into the shared W₁ when someone reads it ({@link #publish()}:
 * snapshots, evaluation), not after every step.
 */
final class InputSplit implements BatchSplit {

    /**
     * Bands start at multiples of this many pixels: whole vectors of every width the kernels use (4, 8
     * or 16 floats), whose products would otherwise finish each row of a band with a slower remainder
     * (AVX-512, the weight gradient of 392 pixels: 69 µs, of 448: 46 µs).
     */
    static final int ALIGN = 16;

    /** Whether this split suits the images and threads: at least two aligned pieces for each thread. */
    static boolean suits(Dataset images, int threads) {
        return images.pixelsPerImage() >= 2 * ALIGN * threads;
    }

    /** One thread's graphs: its band of the first layer, and its rows through the rest. */
    private final class Part {
        final int pixelFrom;
        final int pixels;
        final int rowFrom;
        final int rows;
        final Tensor x;
        final FMatrixRMaj batchLabels;
        /** This thread's columns of W1, transposed: its pixels × the units. */
        final Tensor w1t;
        final Tensor partial;
        final Tensor z;
        final Tensor labels;
        final Tensor loss;
        final List<Tensor> restParameters = new ArrayList<>();
        final FMatrixRMaj seed = new FMatrixRMaj(1, 1);
        float lossValue;

        Part(int t, int threads, int[] bands) {
            pixelFrom = bands[t];
            pixels = bands[t + 1] - bands[t];
            rowFrom = Workers.split(batch, threads, t);
            rows = Workers.split(batch, threads, t + 1) - rowFrom;
            x = Tensor.input("x", batch, pixels);
            batchLabels = new FMatrixRMaj(batch, 1);
            w1t = Tensor.parameter(Parameters.weightName(0) + "ᵀ", new FMatrixRMaj(pixels, width));
            load(this);
            partial = x.matmul(w1t);

            z = Tensor.input("z1", rows, width).requireGrad(true);
            int layers = values.length / 2;
            Tensor h = z;
            for (int i = 0; i < layers; i++) {
                if (i > 0) {
                    Tensor w = Tensor.parameterOver(Parameters.weightName(i), values[2 * i]);
                    restParameters.add(w);
                    h = h.matmulTransposed(w);
                }
                Tensor b = Tensor.parameterOver(Parameters.biasName(i), values[2 * i + 1]);
                restParameters.add(b);
                h = h.addRowVector(b);
                if (i + 1 < layers) {
                    h = h.relu();
                }
            }
            labels = Tensor.input("labels", rows, 1);
            loss = h.logSoftmax().crossEntropy(labels);
            seed.data[0] = (float) rows / batch; // so the parts' gradients add up to the batch mean's
        }
    }

    private final Dataset train;
    private final FMatrixRMaj[] values;
    private final int batch;
    private final int inputs;
    /** Units of the first layer. */
    private final int width;
    private final Part[] parts;
    /** Per thread, the parts' gradients of the parameter being updated (filled each time: no allocation). */
    private final float[][][] scratch;
    /** The gradient dZ for the whole batch, each thread writing its rows. */
    private final FMatrixRMaj sharedDZ;
    private final Rendezvous rendezvous;
    private FMatrixRMaj wholeInput;
    /** Whether the threads' columns of W1 changed since they were last copied into the shared numbers. */
    private boolean unpublished;

    /** @param values the network's numbers W1, b1, W2, …, read and updated in place */
    InputSplit(Dataset train, FMatrixRMaj[] values, int batch, int threads) {
        this.train = train;
        this.values = values;
        this.batch = batch;
        this.inputs = values[0].numCols;
        this.width = values[0].numRows;
        this.sharedDZ = new FMatrixRMaj(batch, width);
        this.rendezvous = new Rendezvous(threads);
        this.parts = new Part[threads];
        this.scratch = new float[threads][threads][];
        int[] bands = bands(train, threads);
        for (int t = 0; t < threads; t++) {
            parts[t] = new Part(t, threads, bands);
        }
    }

    /**
     * The first pixel of each thread's band (and the number of pixels last): bands of about equal work,
     * counted as each pixel's ink (how often it is non-zero, over up to 2,000 images: the multiply-adds
     * done) plus a fifth (what is converted, indexed and transposed whatever the ink), starting at
     * multiples of {@link #ALIGN}. Digits are centred, but their lower halves hold more ink than their
     * upper ones. Each band has at least {@link #ALIGN} pixels when {@link #suits} holds.
     */
    static int[] bands(Dataset images, int threads) {
        int n = images.pixelsPerImage(), sample = Math.min(images.count(), 2000);
        double[] work = new double[n];
        byte[] pixels = images.pixels();
        for (int i = 0; i < sample; i++) {
            int image = (int) ((long) i * images.count() / sample);
            for (int p = 0; p < n; p++) {
                if (pixels[image * n + p] != 0) {
                    work[p]++;
                }
            }
        }
        double total = 0;
        for (int p = 0; p < n; p++) {
            work[p] = work[p] / Math.max(1, sample) + 0.2;
            total += work[p];
        }
        int[] bands = new int[threads + 1];
        bands[threads] = n;
        double sum = 0;
        for (int p = 0, t = 1; p < n && t < threads; p++) {
            sum += work[p];
            while (t < threads && sum >= total * t / threads) {
                bands[t] = Math.round((p + 1) / (float) ALIGN) * ALIGN;
                t++;
            }
        }
        int least = Math.min(ALIGN, n / threads);
        for (int t = 1; t < threads; t++) { // every band at least `least` pixels, in order
            bands[t] = Math.max(bands[t], bands[t - 1] + least);
        }
        for (int t = threads - 1; t > 0; t--) {
            bands[t] = Math.min(bands[t], bands[t + 1] - least);
        }
        return bands;
    }

    @Override
    public void forwardBackward(int part, int[] order, int batchStart, int[] dx, int[] dy) {
        try {
            run(parts[part], order, batchStart, dx, dy);
        } catch (Throwable t) {
            rendezvous.fail(t); // the other threads must not wait for this one for ever
            throw t;
        }
    }

    private void run(Part p, int[] order, int batchStart, int[] dx, int[] dy) {
        Batches.fillBand(train, order, batchStart, batch, p.pixelFrom, p.pixelFrom + p.pixels, p.x.value().data,
                p.batchLabels.data, dx, dy, 0);
        p.x.changed();
        p.partial.value();
        rendezvous.await();

        // Z for this thread's rows: the sum of every thread's partial products (read, never written, here)
        float[] z = p.z.value().data;
        int from = p.rowFrom * width, count = p.rows * width;
        System.arraycopy(parts[0].partial.value().data, from, z, 0, count);
        for (int s = 1; s < parts.length; s++) {
            float[] ps = parts[s].partial.value().data;
            for (int i = 0; i < count; i++) {
                z[i] += ps[from + i];
            }
        }
        p.z.changed();
        System.arraycopy(p.batchLabels.data, p.rowFrom, p.labels.value().data, 0, p.rows);
        p.labels.changed();
        p.loss.backward(p.seed);
        p.lossValue = p.loss.item();
        System.arraycopy(p.z.grad().data, 0, sharedDZ.data, from, count);
        rendezvous.await();

        p.partial.backward(sharedDZ);
    }

    @Override
    public float loss() {
        float sum = 0;
        for (Part p : parts) {
            sum += p.lossValue * p.seed.data[0];
        }
        return sum;
    }

    /** Each thread's columns of W1, then b1, W2, b2, … shared. */
    @Override
    public int[] optimizerSizes() {
        int[] sizes = new int[parts.length + values.length - 1];
        for (int t = 0; t < parts.length; t++) {
            sizes[t] = parts[t].w1t.value().getNumElements();
        }
        for (int p = 1; p < values.length; p++) {
            sizes[parts.length + p - 1] = values[p].getNumElements();
        }
        return sizes;
    }

    /**
     * Thread t's own columns of W1 (updated, then copied into the shared numbers), and its range of the
     * other parameters with the parts' gradients summed.
     */
    @Override
    public void update(int part, Optimizer optimizer, float rate) {
        Part own = parts[part];
        FMatrixRMaj w = own.w1t.value();
        optimizer.update(part, w.data, own.w1t.grad().data, null, 0, w.getNumElements(), rate);
        own.w1t.changed();

        float[][] grads = scratch[part];
        for (int p = 1; p < values.length; p++) {
            for (int t = 0; t < parts.length; t++) {
                grads[t] = parts[t].restParameters.get(p - 1).grad().data;
            }
            BatchSplit.updateRange(part, parts.length, optimizer, parts.length + p - 1, values[p], grads, rate);
        }
    }

    @Override
    public void updated() {
        unpublished = true;
        for (Part part : parts) {
            for (int q = 0; q < part.restParameters.size(); q++) { // indexed: no iterator per batch
                part.restParameters.get(q).changed();
            }
        }
    }

    @Override
    public void replaced() {
        for (Part part : parts) {
            load(part);
        }
        updated();
        unpublished = false;
    }

    /** The threads' columns of W1 copied into the shared numbers, if they changed since the last time. */
    @Override
    public void publish() {
        if (unpublished) {
            for (Part part : parts) {
                float[] w = values[0].data, wt = part.w1t.value().data;
                for (int p = 0; p < part.pixels; p++) {
                    for (int u = 0; u < width; u++) {
                        w[u * inputs + part.pixelFrom + p] = wt[p * width + u];
                    }
                }
            }
            unpublished = false;
        }
    }

    /** The whole images of the last batch, put together from the threads' bands. */
    @Override
    public FMatrixRMaj input() {
        if (wholeInput == null) {
            wholeInput = new FMatrixRMaj(batch, inputs);
        }
        for (Part part : parts) {
            copyColumns(part.x.value().data, part.pixels, 0, wholeInput.data, inputs, part.pixelFrom, batch,
                    part.pixels);
        }
        return wholeInput;
    }

    @Override
    public FMatrixRMaj labels() {
        return parts[0].batchLabels;
    }

    /** A thread's columns of the shared W1 into its own transposed copy, marked changed. */
    private void load(Part part) {
        float[] w = values[0].data, wt = part.w1t.value().data;
        for (int p = 0; p < part.pixels; p++) {
            for (int u = 0; u < width; u++) {
                wt[p * width + u] = w[u * inputs + part.pixelFrom + p];
            }
        }
        part.w1t.changed();
    }

    /** For each of {@code rows} rows: {@code count} floats from src (rows srcWidth wide, from srcFrom) to dst. */
    private static void copyColumns(float[] src, int srcWidth, int srcFrom, float[] dst, int dstWidth, int dstFrom,
            int rows, int count) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, r * srcWidth + srcFrom, dst, r * dstWidth + dstFrom, count);
        }
    }

    /**
     * Where the threads wait for each other within a step: spinning, as the wait is a few microseconds
     * (a step takes a few hundred). A thread that fails releases the others with its failure.
     */
    static final class Rendezvous {
        private static final int SPINS = 50_000;
        private final int parties;
        private final AtomicInteger arrived = new AtomicInteger();
        private volatile int generation;
        private volatile Throwable failure;

        Rendezvous(int parties) {
            this.parties = parties;
        }

        void await() {
            int g = generation;
            if (arrived.incrementAndGet() == parties) {
                arrived.set(0);
                generation = g + 1;
                return;
            }
            for (int spins = 0; generation == g; spins++) {
                Throwable f = failure;
                if (f instanceof RuntimeException e) {
                    throw e;
                }
                if (f instanceof Error e) {
                    throw e;
                }
                if (f != null) {
                    throw new IllegalStateException("another training thread failed", f);
                }
                if (spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // the other thread may have lost its core: let it run
                }
            }
        }

        void fail(Throwable t) {
            if (failure == null) {
                failure = t;
            }
        }
    }
}
