package digitlab.engine.kernels;

import org.ejml.data.FMatrixRMaj;

/**
 * Products with an operand that is mostly zeros, computed from its non-zero entries only.
 *
 * <p>A handwritten digit leaves most of its 28 × 28 pixels blank (81 % of MNIST's are exactly 0), so a
 * first layer's forward product and its weight gradient, nine tenths of a training step's arithmetic,
 * spend most of their multiply-adds on zeros. When one operand's non-zero entries are at most
 * {@link #MAX_DENSITY} of it, the product is taken entry by entry: row i of c (+)= Σ over the non-zero
 * a(i, p) of a(i, p)·b[p, :], each term a multiply-add of a whole row of b (vectorized by the
 * {@link RowKernel}). Otherwise, and for products too small to repay the index, nothing is done here
 * and the dense kernels run.
 *
 * <p>Where the zeros are: {@link Index} lists them in one pass over the operand, and gives up (the dense
 * kernels take over) as soon as there are too many. The four cases:
 * <ul>
 *   <li>mult, a mostly zero: rows of a × rows of b;</li>
 *   <li>multTransB, a mostly zero (a layer's forward product x·Wᵀ): b is transposed first, so that its
 *       columns are rows;</li>
 *   <li>multTransA, b mostly zero (the weight gradient dYᵀ·x): cᵀ = bᵀ·a is built row by row from the
 *       columns of b, then added into c transposed;</li>
 *   <li>multTransA, a mostly zero: rows of c from the columns of a × rows of b.</li>
 * </ul>
 *
 * <p>The sums are those of the dense product but for two things: their terms are added in another
 * order (float rounding), and a zero entry contributes nothing, even against an infinity or NaN in the
 * other operand, where IEEE arithmetic would give NaN. {@code -Ddigitlab.kernels.sparse=off} turns this
 * off, for comparison.
 */
final class ZeroSkipping {
    /** The largest share of non-zero entries at which an operand is taken entry by entry. */
    static final double MAX_DENSITY = 0.3;
    /** Whether zero skipping is on (the default) or was turned off with {@code -Ddigitlab.kernels.sparse=off}. */
    static final boolean ON = !"off".equals(System.getProperty("digitlab.kernels.sparse"));
    /** Below this many multiply-adds of the dense product, the index costs more than it saves. */
    private static final long MIN_WORK = 16_384;
    /** multTransB transposes b first: for fewer rows of a than this, that costs more than the zeros save. */
    private static final int TRANSPOSE_ROWS = 8;

    private static final ThreadLocal<Index> INDEX = ThreadLocal.withInitial(Index::new);

    private ZeroSkipping() {
    }

    /** The inner loop: rows of c from listed rows of a dense matrix; vector and plain implementations. */
    interface RowKernel {
        /**
         * For each r &lt; lines: c[r·n .. r·n + n) = (add ? c's row : 0) + Σ_{e = start[r]}^{start[r+1]−1}
         * value[e]·b[at[e] .. at[e] + n).
         *
         * @param b the dense rows, read from offsets {@code at[e]}; not modified
         * @param c the rows written, {@code lines × n}; modified
         */
        void rows(int lines, int[] start, int[] at, float[] value, float[] b, int n, float[] c, boolean add);

        /**
         * c (+)= aᵀ·b with a k×m dense and b k×n mostly zero, if this kernel has a way that needs no
         * transpose; false (nothing done) otherwise.
         */
        default boolean transAByPanels(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add, Index ix) {
            return false;
        }
    }

    /**
     * c (+)= a·b with a m×k mostly zero; false (nothing done) when a is not sparse enough or the product
     * is small.
     */
    static boolean mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add, RowKernel kernel) {
        int n = b.numCols;
        Index ix = rowIndex(a, n);
        if (ix == null) {
            return false;
        }
        kernel.rows(a.numRows, ix.start, ix.at, ix.value, b.data, n, c.data, add);
        return true;
    }

    /** c (+)= a·bᵀ with a m×k mostly zero and b n×k; false (nothing done) as for {@link #mult}. */
    static boolean multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add, RowKernel kernel) {
        int m = a.numRows, k = a.numCols, n = b.numRows;
        Index ix = m < TRANSPOSE_ROWS ? null : rowIndex(a, n);
        if (ix == null) {
            return false;
        }
        float[] bt = ix.scratch(k * n);
        transpose(b.data, n, k, bt, false);
        kernel.rows(m, ix.start, ix.at, ix.value, bt, n, c.data, add);
        return true;
    }

    /**
     * c (+)= aᵀ·b with a k×m and b k×n, one of them mostly zero (b is tried first: it is the input of a
     * weight gradient dYᵀ·x); false (nothing done) when neither is sparse enough or the product is small.
     */
    static boolean multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add, RowKernel kernel) {
        int k = a.numRows, m = a.numCols, n = b.numCols;
        if (!worthTrying(m, k, n)) {
            return false;
        }
        Index ix = INDEX.get();
        boolean bSparse = mostlyZero(b.data, k * n);
        if (bSparse && kernel.transAByPanels(a, b, c, add, ix)) {
            return true;
        }
        if (bSparse && ix.columns(b.data, k, n, m)) {
            // row j of cᵀ: Σ over non-zero b(l, j) of b(l, j)·a[l, :]
            float[] ct = ix.scratch(n * m);
            kernel.rows(n, ix.start, ix.at, ix.value, a.data, m, ct, false);
            transpose(ct, n, m, c.data, add);
            return true;
        }
        if (mostlyZero(a.data, k * m) && ix.columns(a.data, k, m, n)) {
            // row i of c: Σ over non-zero a(l, i) of a(l, i)·b[l, :]
            kernel.rows(m, ix.start, ix.at, ix.value, b.data, n, c.data, add);
            return true;
        }
        return false;
    }

    /**
     * This thread's index of the non-zero entries of a (m×k) row by row, their offsets those of rows n
     * wide; null when a product of a with n columns is too small, or a too dense, to go by its zeros.
     */
    private static Index rowIndex(FMatrixRMaj a, int n) {
        int m = a.numRows, k = a.numCols;
        if (!worthTrying(m, k, n) || !mostlyZero(a.data, m * k)) {
            return null;
        }
        Index ix = INDEX.get();
        return ix.rows(a.data, m, k, n) ? ix : null;
    }

    private static boolean worthTrying(int m, int k, int n) {
        return ON && n >= 8 && (long) m * k * n >= MIN_WORK;
    }

    /** Entries of an operand looked at by {@link #mostlyZero} before any index is built. */
    private static final int SAMPLE = 64;

    /**
     * Whether a sample of {@value #SAMPLE} entries of x[0 .. count) spread over it has few enough
     * non-zeros (at most 1.5 × {@link #MAX_DENSITY}) to be worth indexing: a dense operand, such as a
     * hidden layer's activations, is then turned away for the price of a few loads, not of a failed index.
     */
    static boolean mostlyZero(float[] x, int count) {
        if (count <= SAMPLE) {
            return true;
        }
        int step = count / SAMPLE, nonZero = 0;
        for (int i = 0; i < SAMPLE; i++) {
            // a varying offset within each stride, so that a pattern with the stride's period is not sampled alike
            nonZero += x[i * step + (int) ((i * 40_503L) % step)] != 0f ? 1 : 0;
        }
        return nonZero <= 1.5 * MAX_DENSITY * SAMPLE;
    }

    /**
     * t[p·n + j] (+)= b[j·k + p]: t (k×n) = bᵀ for the n×k matrix b, or t += bᵀ with {@code add}. Eight
     * rows of b are read side by side, so that each step writes 8 neighbours of t.
     */
    static void transpose(float[] b, int n, int k, float[] t, boolean add) {
        int n8 = n - n % 8;
        for (int j0 = 0; j0 < n8; j0 += 8) {
            int r0 = j0 * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k, r4 = r3 + k, r5 = r4 + k, r6 = r5 + k,
                    r7 = r6 + k;
            if (add) {
                for (int p = 0, tp = j0; p < k; p++, tp += n) {
                    t[tp] += b[r0 + p];
                    t[tp + 1] += b[r1 + p];
                    t[tp + 2] += b[r2 + p];
                    t[tp + 3] += b[r3 + p];
                    t[tp + 4] += b[r4 + p];
                    t[tp + 5] += b[r5 + p];
                    t[tp + 6] += b[r6 + p];
                    t[tp + 7] += b[r7 + p];
                }
            } else {
                for (int p = 0, tp = j0; p < k; p++, tp += n) {
                    t[tp] = b[r0 + p];
                    t[tp + 1] = b[r1 + p];
                    t[tp + 2] = b[r2 + p];
                    t[tp + 3] = b[r3 + p];
                    t[tp + 4] = b[r4 + p];
                    t[tp + 5] = b[r5 + p];
                    t[tp + 6] = b[r6 + p];
                    t[tp + 7] = b[r7 + p];
                }
            }
        }
        for (int j = n8; j < n; j++) {
            for (int p = 0, bp = j * k, tp = j; p < k; p++, bp++, tp += n) {
                t[tp] = add ? t[tp] + b[bp] : b[bp];
            }
        }
    }

    /**
     * The non-zero entries of a matrix line by line (rows, or columns), as the {@link RowKernel} reads
     * them: line r's entries are e = start[r] .. start[r+1] − 1, each a value and the offset {@code at}
     * of the dense row it multiplies (its position along the sum, times that row's length). Per thread,
     * reused; grows to the largest operand seen.
     */
    static final class Index {
        int[] start = new int[0];
        int[] at = new int[0];
        float[] value = new float[0];
        private int[] count = new int[0];
        private int[] byColumnAt = new int[0];
        private float[] scratch = new float[0];
        int[] panelCount = new int[0];
        int[] panelRows = new int[0];

        /** Room for the row lists of {@code panels} panels of a matrix with k rows. */
        void ensurePanels(int panels, int k) {
            if (panelCount.length < panels) {
                panelCount = new int[panels];
            }
            if (panelRows.length < panels * k) {
                panelRows = new int[panels * k];
            }
        }

        /**
         * Lists the non-zero entries of the m×k matrix a row by row, with at = column·stride. Returns false
         * as soon as there are more than {@link #MAX_DENSITY} of m·k (the index is then incomplete).
         */
        boolean rows(float[] a, int m, int k, int stride) {
            int limit = (int) (MAX_DENSITY * m * k);
            ensure(m + 1, limit + k); // a row started at the limit may add k more before the check
            int[] st = start, pos = at;
            float[] val = value;
            int e = 0;
            for (int i = 0, base = 0; i < m; i++, base += k) {
                st[i] = e;
                if (e > limit) {
                    return false;
                }
                int p = 0;
                for (; p + 8 <= k; p += 8) {
                    int q = base + p;
                    // most of an image is blank: skip 8 zeros (of either sign) at once
                    if (((Float.floatToRawIntBits(a[q]) | Float.floatToRawIntBits(a[q + 1])
                            | Float.floatToRawIntBits(a[q + 2]) | Float.floatToRawIntBits(a[q + 3])
                            | Float.floatToRawIntBits(a[q + 4]) | Float.floatToRawIntBits(a[q + 5])
                            | Float.floatToRawIntBits(a[q + 6]) | Float.floatToRawIntBits(a[q + 7])) << 1) == 0) {
                        continue;
                    }
                    // branch-free: every entry is written, and kept (e advances) only when it is not zero
                    for (int r = 0, o = p * stride; r < 8; r++, o += stride) {
                        float x = a[q + r];
                        pos[e] = o;
                        val[e] = x;
                        e += x != 0f ? 1 : 0;
                    }
                }
                for (int o = p * stride; p < k; p++, o += stride) {
                    float x = a[base + p];
                    pos[e] = o;
                    val[e] = x;
                    e += x != 0f ? 1 : 0;
                }
            }
            st[m] = e;
            return e <= limit;
        }

        /**
         * Lists the non-zero entries of the rows×cols matrix a column by column, with at = row·stride;
         * false when too many, as {@link #rows}. Built from the row lists by a counting sort.
         */
        boolean columns(float[] a, int rows, int cols, int stride) {
            if (!rows(a, rows, cols, 1)) {
                return false;
            }
            int nnz = start[rows];
            if (count.length < cols + 1) {
                count = new int[cols + 1];
            }
            if (byColumnAt.length < nnz) {
                byColumnAt = new int[Math.max(nnz, at.length)];
            }
            float[] byColumnValue = scratch(nnz);
            int[] cnt = count;
            java.util.Arrays.fill(cnt, 0, cols + 1, 0);
            for (int e = 0; e < nnz; e++) {
                cnt[at[e] + 1]++;
            }
            for (int j = 0; j < cols; j++) {
                cnt[j + 1] += cnt[j];
            }
            // cnt[j] is now where column j starts; fill, advancing it, then restore the starts
            for (int i = 0; i < rows; i++) {
                for (int e = start[i], end = start[i + 1]; e < end; e++) {
                    int slot = cnt[at[e]]++;
                    byColumnAt[slot] = i * stride;
                    byColumnValue[slot] = value[e];
                }
            }
            ensure(cols + 1, 0);
            start[0] = 0;
            System.arraycopy(cnt, 0, start, 1, cols);
            System.arraycopy(byColumnAt, 0, at, 0, nnz);
            System.arraycopy(byColumnValue, 0, value, 0, nnz);
            return true;
        }

        /** A float array of at least {@code size}, reused until a bigger one is needed. */
        float[] scratch(int size) {
            if (scratch.length < size) {
                scratch = new float[size];
            }
            return scratch;
        }

        private void ensure(int lines, int entries) {
            if (start.length < lines) {
                start = new int[lines];
            }
            if (at.length < entries) {
                at = new int[entries];
                value = new float[entries];
            }
        }
    }
}
