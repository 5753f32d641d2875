package digitlab.engine;

import java.util.Arrays;

import org.ejml.data.FMatrixRMaj;

import digitlab.engine.kernels.MatMul;

/**
 * The arithmetic of one {@link Tensor#conv2d} node, forward and backward, with its scratch matrices.
 *
 * <p>The images go through in chunks of B: a chunk's columns matrix X̂ (C·k·k) × (B·H'·W') holds image b's
 * columns from column b·H'·W' on, so that each product is one wide product (K·X̂ is 32 × 400 by 400 × 3,136
 * for the second layer of the CNN, where one image's 400 × 196 left the kernels a scalar tail and short
 * rows). A chunk aims at {@value #TARGET_COLUMNS} columns (wide enough for the register tiles, small
 * enough that X̂ stays in the last-level cache), and its width is rounded up to a multiple of
 * {@value #ALIGN} with zero columns, so that the products run whole tiles only.
 *
 * <p>Forward: yₙ = K·X̂ₙ + b, scattered from the chunk's F × (B·H'·W') product into each image's row.
 * Backward, with G = ∂L/∂y gathered into the same layout: ∂L/∂K += G·X̂ᵀ, ∂L/∂b[f] += Σ G[f, :], and
 * ∂L/∂x gets Kᵀ·G added back into the pixels each column came from (col2im).
 *
 * <p>Backward rebuilds each chunk's X̂ rather than keeping the batch's: kept, the CNN's second layer's is
 * 20 MB, read back from memory, and its ∂L/∂K product ran twice as slow as on a chunk just built, still in
 * the cache. Every matrix is made once per node, so warm steps allocate nothing.
 */
final class Convolution {
    /** Columns per chunk aimed at: 16 images of 14 × 14 (products measured at 75 to 110 GFLOP/s with AVX-512). */
    static final int TARGET_COLUMNS = 3136;
    /** A chunk's width is a multiple of this: whole tiles of 4 vectors of up to 16 floats. */
    static final int ALIGN = 64;

    private final MatMul products;
    private final int channels, height, width, k, pad, outH, outW, filters, images;
    private final int q, patch, inCols, perChunk, chunks;
    /** One chunk's yₙ before the bias (forward), then its G (backward): F × width of the chunk. */
    private final FMatrixRMaj plane;
    /** One image with its zero border (same padding), for im2col; and its gradient, for col2im. */
    private final float[] padded, paddedGrad;
    /** One chunk's X̂. */
    private final FMatrixRMaj cols;
    /** The chunk whose X̂ {@link #cols} holds, −1 for none: backward starts with the one forward left there. */
    private int colsChunk = -1;
    /** Kᵀ·G for one chunk, made by the first backward pass that needs ∂L/∂x. */
    private FMatrixRMaj colGrad;

    Convolution(MatMul products, int images, int channels, int height, int width, int k, int pad, int outH, int outW,
            int filters) {
        this.products = products;
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
        int paddedSize = pad > 0 ? channels * (height + 2 * pad) * (width + 2 * pad) : 0;
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

    /** y (N × F·H'·W') = K·X̂ + b, chunk by chunk. Modifies only y and the scratch. */
    void forward(float[] x, FMatrixRMaj kernels, float[] bias, float[] y) {
        for (int c = 0; c < chunks; c++) {
            int first = c * perChunk, count = count(c), w = chunkWidth(c);
            cols.reshape(patch, w);
            plane.reshape(filters, w);
            columns(x, first, count, cols.data, w);
            colsChunk = c;
            products.mult(kernels, cols, plane, false);
            float[] p = plane.data;
            for (int b = 0; b < count; b++) {
                for (int f = 0, to = (first + b) * filters * q; f < filters; f++, to += q) {
                    float bf = bias[f];
                    for (int i = 0, from = f * w + b * q; i < q; i++) {
                        y[to + i] = p[from + i] + bf;
                    }
                }
            }
        }
    }

    /**
     * Adds ∂L/∂b into {@code gb}, ∂L/∂K into {@code gk} (overwriting it if {@code overwriteKernels}) and ∂L/∂x
     * into {@code gx}; a null array is not needed and not computed.
     */
    void backward(float[] x, FMatrixRMaj kernels, float[] gy, float[] gb, FMatrixRMaj gk, boolean overwriteKernels,
            float[] gx) {
        if (gx != null && colGrad == null) {
            colGrad = new FMatrixRMaj(patch, chunkWidth(0));
        }
        boolean addKernels = !overwriteKernels;
        for (int c = chunks - 1; c >= 0; c--) { // last first: forward left its X̂ in cols
            int first = c * perChunk, count = count(c), w = chunkWidth(c), used = count * q;
            plane.reshape(filters, w);
            float[] p = plane.data;
            for (int f = 0; f < filters; f++) {
                for (int b = 0; b < count; b++) {
                    System.arraycopy(gy, ((first + b) * filters + f) * q, p, f * w + b * q, q);
                }
                Arrays.fill(p, f * w + used, (f + 1) * w, 0f); // the padding: no gradient, so nothing in ∂L/∂K
                if (gb != null) {
                    float s = 0;
                    for (int i = f * w, end = i + used; i < end; i++) {
                        s += p[i];
                    }
                    gb[f] += s;
                }
            }
            if (gk != null) {
                if (colsChunk != c) { // rebuilt: kept for the whole batch, X̂ came from memory and ∂L/∂K ran 2× slower
                    cols.reshape(patch, w);
                    columns(x, first, count, cols.data, w);
                    colsChunk = c;
                }
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
        int base = offset, paddedW = width + 2 * pad, paddedH = height + 2 * pad;
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
                    for (int i = 0, s = base + (c * paddedH + u) * paddedW + v; i < outH; i++, s += paddedW) {
                        System.arraycopy(from, s, cols, row + i * outW, outW);
                    }
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
        int base = offset, paddedW = width + 2 * pad, paddedH = height + 2 * pad;
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
}
