package digitlab.engine;

import java.util.Arrays;

import org.ejml.data.FMatrixRMaj;

import digitlab.engine.kernels.MatMul;
import digitlab.engine.kernels.Runs;

/**
 * The arithmetic of one {@link Tensor#conv2d} node, forward and backward, with its scratch matrices.
 *
 * <p>Forward goes straight from the image, without X̂ (see {@link #direct}): y[n, f, i, j] = b[f] +
 * Σ K[f, c, u, v]·x[n, c, i + u − p, j + v − p], one vector of neighbouring output pixels at a time. It
 * replaced im2col and K·X̂, whose im2col alone took an eighth of a training step (bench --arch cnn,
 * AVX-512, alternating runs: 6,003 and 6,266 samples/s against 5,678 and 5,009; evaluating 10,000 images
 * 605 against 822-970 ms).
 *
 * <p>Backward by products: the images go through in chunks of B, whose columns matrix X̂ (C·k·k) × (B·H'·W')
 * holds image b's columns from column b·H'·W' on, so that small images still make one wide product. A chunk
 * aims at {@value #TARGET_COLUMNS} columns and its width is rounded up to a multiple of {@value #ALIGN} with
 * zero columns, so that the products end on whole vectors (a scalar tail of 4 columns halved their speed).
 * For the CNN's second layer that is one image, 400 × 208: its X̂ (330 KB) is written and read in L2, where
 * chunks of 16 images (5 MB) went through the last-level cache and their im2col cost as much as a third
 * of the product (bench --arch cnn, AVX-512, alternating runs: 5,556-5,767 samples/s against 4,740-5,113
 * with 16 images, 5,002-5,574 with 2, 5,105-5,530 with 4). With G = ∂L/∂y gathered into the chunk's layout:
 * ∂L/∂K += G·X̂ᵀ, ∂L/∂b[f] += Σ G[f, :], and ∂L/∂x gets Kᵀ·G added back into the pixels each column came
 * from (col2im).
 *
 * <p>Backward rebuilds each chunk's X̂ rather than keeping the batch's: kept, the CNN's second layer's is
 * 20 MB, read back from memory, and its ∂L/∂K product ran twice as slow as on a chunk just built, still in
 * the cache. Every matrix is made once per node, so warm steps allocate nothing.
 *
 * <p>Backward by entries. Behind a ReLU and a 2×2 max pooling, G is at most a quarter non-zero (one pixel
 * of each window gets a gradient), so the products above spend three quarters of their work on zeros. When
 * at most {@value #MAX_DENSITY} of G is non-zero and a kernel row holds at least {@value #MIN_RUN} numbers
 * (k·C: 80 for the CNN's second layer, 5 for its first), backward goes entry by entry instead, with the
 * image and the kernels channels last (pixel (y, x) of channel c at (y·W + x)·C + c, kernel entry (u, v, c)
 * at (u·k + v)·C + c), where the patch of output pixel (i, j) is k runs of k·C neighbouring numbers, one per
 * kernel row u. For each non-zero g = G[f, (i, j)] and each u: ∂L/∂K[f, u, :, :] += g·(run u of the patch),
 * and run u of the patch in ∂L/∂x += g·K[f, u, :, :]. No X̂, no col2im, and only the non-zeros' work: for
 * the CNN's second layer on a batch of 64 (G's entries non-zero at random), 2.9 ms against 10.7 ms by the
 * products at a tenth non-zero, 5.5 against 10.3 at a quarter, the same at a half. The sums are those of the
 * products in another order, and a zero entry of G contributes nothing even against an infinite pixel
 * (where the products would give NaN).
 */
final class Convolution {
    /** Columns per chunk aimed at: one image of 14 × 14 (class comment). */
    static final int TARGET_COLUMNS = 196;
    /** A chunk's width is a multiple of this: whole vectors of up to 16 floats. */
    static final int ALIGN = 16;
    /** The largest share of non-zero entries of G at which backward goes by entries (class comment). */
    static final double MAX_DENSITY = 0.5;
    /** The shortest kernel row (k·C numbers) worth a run: shorter ones leave the vectors empty. */
    static final int MIN_RUN = 16;
    /** Images whose G {@link #goesByEntries} counts. */
    static final int SAMPLED = 4;

    private final MatMul products;
    private final Runs runs;
    private final int channels, height, width, k, pad, outH, outW, filters, images;
    private final int q, patch, inCols, perChunk, chunks;
    /** The image with its zero border (same padding): (H + 2p) × (W + 2p). */
    private final int paddedH, paddedW;
    /** One chunk's yₙ before the bias (forward), then its G (backward): F × width of the chunk. */
    private final FMatrixRMaj plane;
    /** One image with its zero border (same padding), for im2col; and its gradient, for col2im. */
    private final float[] padded, paddedGrad;
    /** One chunk's X̂. */
    private final FMatrixRMaj cols;
    /** Kᵀ·G for one chunk, made by the first backward pass that needs ∂L/∂x. */
    private FMatrixRMaj colGrad;
    /** Backward by entries: made by the first pass that goes by entries (see {@link #byEntries}). */
    private Entries entries;
    /** Forward straight from the image: made by the first forward pass (see {@link #direct}). */
    private Tiles tiles;

    Convolution(MatMul products, Runs runs, int images, int channels, int height, int width, int k, int pad, int outH, int outW,
            int filters) {
        this.products = products;
        this.runs = runs;
        this.images = images;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.k = k;
        this.pad = pad;
        this.outH = outH;
        this.outW = outW;
        this.filters = filters;
        this.q = outH * outW;
        this.patch = channels * k * k;
        this.inCols = channels * height * width;
        int wanted = (int) Math.min(images, Math.max(1, ((long) images * q + TARGET_COLUMNS - 1) / TARGET_COLUMNS));
        this.perChunk = (images + wanted - 1) / wanted;
        this.chunks = (images + perChunk - 1) / perChunk;
        this.plane = new FMatrixRMaj(filters, chunkWidth(0));
        this.cols = new FMatrixRMaj(patch, chunkWidth(0));
        this.paddedH = height + 2 * pad;
        this.paddedW = width + 2 * pad;
        int paddedSize = pad > 0 ? channels * paddedH * paddedW : 0;
        this.padded = new float[paddedSize];
        this.paddedGrad = new float[paddedSize];
    }

    /** How many images chunk c holds. */
    private int count(int c) {
        return Math.min(perChunk, images - c * perChunk);
    }

    /** Columns of chunk c: its images' H'·W' each, rounded up to {@link #ALIGN}. */
    private int chunkWidth(int c) {
        int used = count(c) * q;
        return (used + ALIGN - 1) / ALIGN * ALIGN;
    }

    /**
     * y (N × F·H'·W') = K ⊛ x + b, straight from the image (see {@link #direct}). Modifies only y and the
     * scratch.
     */
    void forward(float[] x, FMatrixRMaj kernels, float[] bias, float[] y) {
        direct(x, kernels, bias, y);
    }

    /**
     * Adds ∂L/∂b into {@code gb}, ∂L/∂K into {@code gk} (overwriting it if {@code overwriteKernels}) and ∂L/∂x
     * into {@code gx}; a null array is not needed and not computed.
     */
    void backward(float[] x, FMatrixRMaj kernels, float[] gy, float[] gb, FMatrixRMaj gk, boolean overwriteKernels,
            float[] gx) {
        if (goesByEntries(gy)) {
            byEntries(x, kernels, gy, gb, gk, overwriteKernels, gx);
            return;
        }
        if (gx != null && colGrad == null) {
            colGrad = new FMatrixRMaj(patch, chunkWidth(0));
        }
        boolean addKernels = !overwriteKernels;
        for (int c = 0; c < chunks; c++) {
            int first = c * perChunk, count = count(c), w = chunkWidth(c), used = count * q;
            plane.reshape(filters, w);
            float[] p = plane.data;
            for (int f = 0; f < filters; f++) {
                for (int b = 0; b < count; b++) {
                    System.arraycopy(gy, ((first + b) * filters + f) * q, p, f * w + b * q, q);
                }
                Arrays.fill(p, f * w + used, (f + 1) * w, 0f); // the padding: no gradient, so nothing in ∂L/∂K
                if (gb != null) {
                    gb[f] += sum(p, f * w, f * w + used);
                }
            }
            if (gk != null) { // X̂ built per chunk: kept for the whole batch, it came from memory and ∂L/∂K ran 2× slower
                cols.reshape(patch, w);
                columns(x, first, count, cols.data, w);
                products.multTransB(plane, cols, gk, addKernels);
                addKernels = true;
            }
            if (gx != null) {
                colGrad.reshape(patch, w);
                products.multTransA(kernels, plane, colGrad, false);
                for (int b = 0; b < count; b++) {
                    col2im(colGrad.data, b * q, w, gx, (first + b) * inCols);
                }
            }
        }
    }

    /** Writes X̂ of images first .. first+count−1 into {@code to} (rows {@code w} wide), zeros in the padding columns. */
    private void columns(float[] x, int first, int count, float[] to, int w) {
        for (int b = 0; b < count; b++) {
            im2col(x, (first + b) * inCols, to, b * q, w);
        }
        for (int r = 0, used = count * q; r < patch && used < w; r++) {
            Arrays.fill(to, r * w + used, (r + 1) * w, 0f);
        }
    }

    /**
     * One image's columns (its pixels from {@code x[offset]} on) into {@code cols} from column {@code at}, rows
     * {@code w} wide: row (c·k+u)·k+v, column at + i·W'+j holds x[c, i+u−p, j+v−p], or 0 outside the image.
     * With padding the image is first copied into the middle of {@link #padded}, whose border stays 0, so
     * that every run of W' columns is one copy without bounds to work out.
     */
    private void im2col(float[] x, int offset, float[] cols, int at, int w) {
        float[] from = x;
        int base = offset;
        if (pad > 0) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    System.arraycopy(x, offset + (c * height + y) * width, padded, (c * paddedH + y + pad) * paddedW + pad,
                            width);
                }
            }
            from = padded;
            base = 0;
        }
        for (int c = 0, row = at; c < channels; c++) {
            for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++, row += w) {
                    runs.copyRuns(from, base + (c * paddedH + u) * paddedW + v, paddedW, outW, outH, cols, row);
                }
            }
        }
    }

    /**
     * The reverse of {@link #im2col}: adds each entry of {@code cols} into the pixel of {@code gx} it was copied
     * from (with padding, through {@link #paddedGrad}, whose border is then dropped).
     */
    private void col2im(float[] cols, int at, int w, float[] gx, int offset) {
        float[] to = gx;
        int base = offset;
        if (pad > 0) {
            Arrays.fill(paddedGrad, 0f);
            to = paddedGrad;
            base = 0;
        }
        for (int c = 0, row = at; c < channels; c++) {
            for (int u = 0; u < k; u++) {
                for (int v = 0; v < k; v++, row += w) {
                    for (int i = 0, t = base + (c * paddedH + u) * paddedW + v; i < outH; i++, t += paddedW) {
                        for (int j = 0, from = row + i * outW; j < outW; j++) {
                            to[t + j] += cols[from + j];
                        }
                    }
                }
            }
        }
        if (pad > 0) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    for (int j = 0, t = offset + (c * height + y) * width, f = (c * paddedH + y + pad) * paddedW + pad;
                            j < width; j++) {
                        gx[t + j] += paddedGrad[f + j];
                    }
                }
            }
        }
    }

    /**
     * a[from] + … + a[to − 1] in four interleaved sums: one sum waited on each addition's latency, which
     * made the bias gradient of the CNN's first layer (784 numbers per image and filter) cost as much as
     * its kernel gradient.
     */
    private static float sum(float[] a, int from, int to) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < to; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * Whether backward goes by the entries of G (class comment): kernel rows long enough, and at most
     * {@link #MAX_DENSITY} of G non-zero in up to {@value #SAMPLED} images spread over the batch (counting
     * all of a large batch's G took half as long as the backward step it chose).
     */
    boolean goesByEntries(float[] gy) {
        if (k * channels < MIN_RUN) {
            return false;
        }
        int sampled = Math.min(images, SAMPLED), perImage = filters * q, nonZero = 0;
        for (int s = 0; s < sampled; s++) {
            for (int i = s * images / sampled * perImage, end = i + perImage; i < end; i++) {
                nonZero += gy[i] != 0f ? 1 : 0;
            }
        }
        return nonZero <= MAX_DENSITY * sampled * perImage;
    }

    /** The scratch of backward by entries, channels last (class comment); made once. */
    private static final class Entries {
        /** One image with its zero border, and its gradient: (H + 2p) × (W + 2p) × C. */
        final float[] image, imageGrad;
        /** K and ∂L/∂K, F × (k·k·C), entry (u, v, c) of row f at f·k·k·C + (u·k + v)·C + c. */
        final float[] kernels, kernelGrad;
        /** Row f of one image's G: its non-zero entries are e in [start[f], start[f+1]), value[e] at patch offset at[e]. */
        final int[] start, at;
        final float[] value;

        Entries(int imageSize, int kernelSize, int filters, int q) {
            image = new float[imageSize];
            imageGrad = new float[imageSize];
            kernels = new float[kernelSize];
            kernelGrad = new float[kernelSize];
            start = new int[filters + 1];
            at = new int[filters * q];
            value = new float[filters * q];
        }
    }

    /** {@link #backward} by entries of G (class comment): same results up to the order of the sums. */
    private void byEntries(float[] x, FMatrixRMaj kernels, float[] gy, float[] gb, FMatrixRMaj gk,
            boolean overwriteKernels, float[] gx) {
        int run = k * channels, rowStride = paddedW * channels;
        if (entries == null) {
            entries = new Entries(paddedH * paddedW * channels, filters * patch, filters, q);
        }
        Entries s = entries;
        float[] kd = kernels.data;
        if (gx != null) {
            for (int f = 0; f < filters; f++) {
                for (int c = 0, from = f * patch; c < channels; c++) {
                    for (int uv = 0; uv < k * k; uv++, from++) {
                        s.kernels[f * patch + uv * channels + c] = kd[from];
                    }
                }
            }
        }
        if (gk != null) {
            Arrays.fill(s.kernelGrad, 0f);
        }
        for (int n = 0; n < images; n++) {
            int e = 0;
            for (int f = 0, o = n * filters * q; f < filters; f++) {
                s.start[f] = e;
                for (int i = 0; i < outH; i++) {
                    for (int j = 0, patchAt = i * rowStride; j < outW; j++, o++, patchAt += channels) {
                        // written every time, kept only if non-zero: a branch on it was mispredicted too often
                        float g = gy[o];
                        s.at[e] = patchAt;
                        s.value[e] = g;
                        e += g != 0f ? 1 : 0;
                    }
                }
                if (gb != null) {
                    gb[f] += sum(s.value, s.start[f], e);
                }
            }
            s.start[filters] = e;
            if (e == 0) {
                continue;
            }
            int offset = n * inCols;
            if (gk != null) { // the image channels last, in the middle of its zero border
                for (int c = 0, from = offset; c < channels; c++) {
                    for (int y = 0; y < height; y++) {
                        for (int i = 0, to = ((y + pad) * paddedW + pad) * channels + c; i < width; i++, from++, to += channels) {
                            s.image[to] = x[from];
                        }
                    }
                }
            }
            if (gx != null) {
                Arrays.fill(s.imageGrad, 0f);
            }
            for (int f = 0; f < filters; f++) {
                int e0 = s.start[f], e1 = s.start[f + 1];
                for (int u = 0; e0 < e1 && u < k; u++) {
                    int shift = u * rowStride, row = f * patch + u * run;
                    if (gk != null) {
                        runs.gather(e0, e1, s.at, shift, s.value, s.image, run, s.kernelGrad, row);
                    }
                    if (gx != null) {
                        runs.scatter(e0, e1, s.at, shift, s.value, s.kernels, row, run, s.imageGrad);
                    }
                }
            }
            if (gx != null) { // back to channels first, the border dropped
                for (int c = 0, to = offset; c < channels; c++) {
                    for (int y = 0; y < height; y++) {
                        for (int i = 0, from = ((y + pad) * paddedW + pad) * channels + c; i < width; i++, to++, from += channels) {
                            gx[to] += s.imageGrad[from];
                        }
                    }
                }
            }
        }
        if (gk != null) {
            float[] g = gk.data;
            for (int f = 0; f < filters; f++) {
                for (int c = 0, to = f * patch; c < channels; c++) {
                    for (int uv = 0; uv < k * k; uv++, to++) {
                        float v = s.kernelGrad[f * patch + uv * channels + c];
                        g[to] = overwriteKernels ? v : g[to] + v;
                    }
                }
            }
        }
    }

    /** The scratch of the forward step straight from the image (see {@link #direct}); made once. */
    private static final class Tiles {
        /** w: output pixels per tile; tiles per output row and per image; images per kernel call. */
        final int width, perRow, perImage, group;
        /** The group's images, each with its zero border, one after the other, and room to read past the last. */
        final float[] pixels;
        final int imageSize;
        /** Kernel entry p = (c, u, v) lies at off[p] from a tile's first pixel; tile t starts at at[t]. */
        final int[] off, at;
        /** The kernel call's output: filter f's tiles from f·{@link #rowSize} on. */
        final float[] out;
        final int rowSize;

        Tiles(int width, int channels, int paddedH, int paddedW, int k, int outH, int outW, int filters, int images) {
            this.width = width;
            perRow = (outW + width - 1) / width;
            perImage = outH * perRow;
            // tiles per call a multiple of 4 where a few images make one: the kernel takes tiles 4 at a time
            int wanted = 4 / gcd(perImage, 4);
            group = Math.max(1, Math.min(images, wanted));
            imageSize = channels * paddedH * paddedW;
            off = new int[channels * k * k];
            for (int c = 0, p = 0; c < channels; c++) {
                for (int u = 0; u < k; u++) {
                    for (int v = 0; v < k; v++, p++) {
                        off[p] = (c * paddedH + u) * paddedW + v;
                    }
                }
            }
            at = new int[group * perImage];
            for (int g = 0, t = 0; g < group; g++) {
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < perRow; j++, t++) {
                        at[t] = g * imageSize + i * paddedW + j * width;
                    }
                }
            }
            int lastRead = at[at.length - 1] + off[off.length - 1] + width;
            pixels = new float[Math.max(group * imageSize, lastRead)];
            rowSize = group * perImage * width;
            out = new float[filters * rowSize];
        }

        private static int gcd(int a, int b) {
            return b == 0 ? a : gcd(b, a % b);
        }
    }

    /**
     * Forward straight from the image, without X̂: a few images at a time are copied into the middle of
     * their zero borders, and {@link Runs#tiles} sums each tile of w neighbouring output pixels as
     * &sum; K[f, c, u, v]·image[c, i + u, j + v ..], one vector per tile; the tiles' pixels past an output row
     * are dropped as the sums are copied into y.
     */
    private void direct(float[] x, FMatrixRMaj kernels, float[] bias, float[] y) {
        if (tiles == null) {
            tiles = new Tiles(runs.tileWidth(), channels, paddedH, paddedW, k, outH, outW, filters, images);
        }
        Tiles s = tiles;
        int tileRow = s.perRow * s.width;
        for (int first = 0; first < images; first += s.group) {
            int count = Math.min(s.group, images - first);
            for (int g = 0; g < count; g++) {
                int from = (first + g) * inCols, to = g * s.imageSize;
                if (pad == 0) {
                    System.arraycopy(x, from, s.pixels, to, inCols);
                } else {
                    for (int c = 0; c < channels; c++) {
                        for (int r = 0; r < height; r++) {
                            System.arraycopy(x, from + (c * height + r) * width, s.pixels,
                                    to + (c * paddedH + r + pad) * paddedW + pad, width);
                        }
                    }
                }
            }
            runs.tiles(kernels.data, filters, patch, s.off, bias, s.pixels, s.at, count * s.perImage, s.out, 0, s.rowSize);
            for (int g = 0; g < count; g++) {
                for (int f = 0; f < filters; f++) {
                    runs.copyRuns(s.out, f * s.rowSize + g * s.perImage * s.width, tileRow, outW, outH, y,
                            ((first + g) * filters + f) * q);
                }
            }
        }
    }
}
