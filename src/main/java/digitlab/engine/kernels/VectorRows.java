package digitlab.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.ejml.data.FMatrixRMaj;

/**
 * {@link ZeroSkipping}'s inner loop with the Vector API: each listed entry multiplies a row of b into
 * the row of c, which stays in registers, 8 vectors at a time (8 accumulators, one broadcast: this fits
 * the 16 registers of AVX2 as well as AVX-512's 32), then 2, then 1, then single columns. Loaded only
 * through {@link VectorMatMul}, like it.
 */
final class VectorRows implements ZeroSkipping.RowKernel {
    static final VectorRows INSTANCE = new VectorRows();
    private static final VectorSpecies<Float> F = VectorMatMul.F;
    private static final int L = F.length();

    /** The largest share of (row, panel) pairs of b with a non-zero entry at which {@link #panelsTransA} runs. */
    private static final double MAX_PANEL_DENSITY = 0.6;

    private VectorRows() {
    }

    @Override
    public boolean transAByPanels(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add, ZeroSkipping.Index ix) {
        int k = a.numRows, m = a.numCols, n = b.numCols, panels = n / L;
        if (panels == 0) {
            return false;
        }
        ix.ensurePanels(panels, k);
        if (panelRows(b.data, n, k, ix.panelCount, ix.panelRows, (int) (MAX_PANEL_DENSITY * panels * k)) < 0) {
            return false;
        }
        panelsTransA(a.data, m, b.data, n, k, ix.panelCount, ix.panelRows, c.data, add, ix.scratch(k * L));
        if (panels * L < n) {
            columnsTransA(a.data, m, b.data, n, k, panels * L, c.data, add, ix.scratch(Math.max(k * L, m)));
        }
        return true;
    }

    /**
     * Columns [from, n) of c (+)= aᵀ·b, those past the last whole panel, one at a time: column j of c is
     * Σ over the non-zero b(l, j) of b(l, j)·a[l, :], summed in {@code column} (m floats) with whole
     * vectors along the rows of a, then written down the column.
     */
    private static void columnsTransA(float[] a, int m, float[] b, int n, int k, int from, float[] c, boolean add,
            float[] column) {
        int mv = m - m % L;
        for (int j = from; j < n; j++) {
            for (int i = 0; i < m; i++) {
                column[i] = add ? c[i * n + j] : 0f;
            }
            for (int l = 0; l < k; l++) {
                float v = b[l * n + j];
                if (v == 0f) {
                    continue;
                }
                FloatVector bv = FloatVector.broadcast(F, v);
                int i = 0, al = l * m;
                for (; i < mv; i += L) {
                    bv.fma(FloatVector.fromArray(F, a, al + i), FloatVector.fromArray(F, column, i)).intoArray(column, i);
                }
                for (; i < m; i++) {
                    column[i] = Math.fma(v, a[al + i], column[i]);
                }
            }
            for (int i = 0; i < m; i++) {
                c[i * n + j] = column[i];
            }
        }
    }

    @Override
    public void rows(int lines, int[] start, int[] at, float[] value, float[] b, int n, float[] c, boolean add) {
        for (int r = 0; r < lines; r++) {
            int e0 = start[r], e1 = start[r + 1], cr = r * n, j = 0;
            for (; j + 8 * L <= n; j += 8 * L) {
                rows8(e0, e1, at, value, b, j, c, cr + j, add);
            }
            for (; j + 2 * L <= n; j += 2 * L) {
                rows2(e0, e1, at, value, b, j, c, cr + j, add);
            }
            for (; j + L <= n; j += L) {
                FloatVector c0 = add ? FloatVector.fromArray(F, c, cr + j) : FloatVector.zero(F);
                for (int e = e0; e < e1; e++) {
                    c0 = FloatVector.broadcast(F, value[e]).fma(FloatVector.fromArray(F, b, at[e] + j), c0);
                }
                c0.intoArray(c, cr + j);
            }
            for (; j < n; j++) {
                float s = add ? c[cr + j] : 0f;
                for (int e = e0; e < e1; e++) {
                    s += value[e] * b[at[e] + j];
                }
                c[cr + j] = s;
            }
        }
    }

    /** c[ci .. ci + 8L) (+)= Σ_e value[e]·b[at[e] + j ..]. */
    private static void rows8(int e0, int e1, int[] at, float[] value, float[] b, int j, float[] c, int ci,
            boolean add) {
        FloatVector c0, c1, c2, c3, c4, c5, c6, c7;
        if (add) {
            c0 = FloatVector.fromArray(F, c, ci);
            c1 = FloatVector.fromArray(F, c, ci + L);
            c2 = FloatVector.fromArray(F, c, ci + 2 * L);
            c3 = FloatVector.fromArray(F, c, ci + 3 * L);
            c4 = FloatVector.fromArray(F, c, ci + 4 * L);
            c5 = FloatVector.fromArray(F, c, ci + 5 * L);
            c6 = FloatVector.fromArray(F, c, ci + 6 * L);
            c7 = FloatVector.fromArray(F, c, ci + 7 * L);
        } else {
            FloatVector z = FloatVector.zero(F);
            c0 = z; c1 = z; c2 = z; c3 = z; c4 = z; c5 = z; c6 = z; c7 = z;
        }
        for (int e = e0; e < e1; e++) {
            FloatVector x = FloatVector.broadcast(F, value[e]);
            int o = at[e] + j;
            c0 = x.fma(FloatVector.fromArray(F, b, o), c0);
            c1 = x.fma(FloatVector.fromArray(F, b, o + L), c1);
            c2 = x.fma(FloatVector.fromArray(F, b, o + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(F, b, o + 3 * L), c3);
            c4 = x.fma(FloatVector.fromArray(F, b, o + 4 * L), c4);
            c5 = x.fma(FloatVector.fromArray(F, b, o + 5 * L), c5);
            c6 = x.fma(FloatVector.fromArray(F, b, o + 6 * L), c6);
            c7 = x.fma(FloatVector.fromArray(F, b, o + 7 * L), c7);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + L);
        c2.intoArray(c, ci + 2 * L);
        c3.intoArray(c, ci + 3 * L);
        c4.intoArray(c, ci + 4 * L);
        c5.intoArray(c, ci + 5 * L);
        c6.intoArray(c, ci + 6 * L);
        c7.intoArray(c, ci + 7 * L);
    }

    /** c[ci .. ci + 2L) (+)= Σ_e value[e]·b[at[e] + j ..]. */
    private static void rows2(int e0, int e1, int[] at, float[] value, float[] b, int j, float[] c, int ci,
            boolean add) {
        FloatVector c0 = add ? FloatVector.fromArray(F, c, ci) : FloatVector.zero(F);
        FloatVector c1 = add ? FloatVector.fromArray(F, c, ci + L) : FloatVector.zero(F);
        for (int e = e0; e < e1; e++) {
            FloatVector x = FloatVector.broadcast(F, value[e]);
            int o = at[e] + j;
            c0 = x.fma(FloatVector.fromArray(F, b, o), c0);
            c1 = x.fma(FloatVector.fromArray(F, b, o + L), c1);
        }
        c0.intoArray(c, ci);
        c1.intoArray(c, ci + L);
    }

    /**
     * c (m×n) (+)= aᵀ·b for a k×m and b k×n, from the lists of b's rows that are not zero in each panel of
     * L columns (one vector): rows[q·k ..] holds the count[q] rows l whose entries b[l, L·q .. L·q + L) are
     * not all zero. Each panel's listed vectors are first copied side by side into {@code packed}; then
     * tiles of 8 rows × 1 vector of c (8 accumulators), then single rows, each step reading one packed
     * vector and broadcasting 8 neighbours of a's row l. Narrow panels skip more zeros than wide ones
     * (a digit's strokes leave most 8-pixel runs blank), and 10 live vectors fit any register file:
     * a 6 × 2 tile (15 live vectors on AVX2's 16) ran the first layer's weight gradient in 87 µs in some
     * JVMs and 160 µs in others. Columns past the last whole panel are left to the caller.
     */
    static void panelsTransA(float[] a, int m, float[] b, int n, int k, int[] count, int[] rows, float[] c,
            boolean add, float[] packed) {
        for (int q = 0, j = 0; j + L <= n; q++, j += L) {
            int e0 = q * k, live = count[q], i = 0;
            for (int e = 0; e < live; e++) {
                FloatVector.fromArray(F, b, rows[e0 + e] * n + j).intoArray(packed, e * L);
            }
            for (; i + 8 <= m; i += 8) {
                panel8(a, m, packed, rows, e0, live, c, i * n + j, i, n, add);
            }
            for (; i < m; i++) {
                int ci = i * n + j;
                FloatVector c0 = add ? FloatVector.fromArray(F, c, ci) : FloatVector.zero(F);
                for (int e = 0; e < live; e++) {
                    FloatVector x = FloatVector.broadcast(F, a[rows[e0 + e] * m + i]);
                    c0 = x.fma(FloatVector.fromArray(F, packed, e * L), c0);
                }
                c0.intoArray(c, ci);
            }
        }
    }

    /** Rows i .. i+7 of c, one vector of columns: see {@link #panelsTransA}. */
    private static void panel8(float[] a, int m, float[] packed, int[] rows, int e0, int live, float[] c, int c0,
            int i, int n, boolean add) {
        int c1 = c0 + n, c2 = c1 + n, c3 = c2 + n, c4 = c3 + n, c5 = c4 + n, c6 = c5 + n, c7 = c6 + n;
        FloatVector s0, s1, s2, s3, s4, s5, s6, s7;
        if (add) {
            s0 = FloatVector.fromArray(F, c, c0);
            s1 = FloatVector.fromArray(F, c, c1);
            s2 = FloatVector.fromArray(F, c, c2);
            s3 = FloatVector.fromArray(F, c, c3);
            s4 = FloatVector.fromArray(F, c, c4);
            s5 = FloatVector.fromArray(F, c, c5);
            s6 = FloatVector.fromArray(F, c, c6);
            s7 = FloatVector.fromArray(F, c, c7);
        } else {
            FloatVector z = FloatVector.zero(F);
            s0 = z; s1 = z; s2 = z; s3 = z; s4 = z; s5 = z; s6 = z; s7 = z;
        }
        for (int e = 0; e < live; e++) {
            int ao = rows[e0 + e] * m + i;
            FloatVector v = FloatVector.fromArray(F, packed, e * L);
            s0 = FloatVector.broadcast(F, a[ao]).fma(v, s0);
            s1 = FloatVector.broadcast(F, a[ao + 1]).fma(v, s1);
            s2 = FloatVector.broadcast(F, a[ao + 2]).fma(v, s2);
            s3 = FloatVector.broadcast(F, a[ao + 3]).fma(v, s3);
            s4 = FloatVector.broadcast(F, a[ao + 4]).fma(v, s4);
            s5 = FloatVector.broadcast(F, a[ao + 5]).fma(v, s5);
            s6 = FloatVector.broadcast(F, a[ao + 6]).fma(v, s6);
            s7 = FloatVector.broadcast(F, a[ao + 7]).fma(v, s7);
        }
        s0.intoArray(c, c0);
        s1.intoArray(c, c1);
        s2.intoArray(c, c2);
        s3.intoArray(c, c3);
        s4.intoArray(c, c4);
        s5.intoArray(c, c5);
        s6.intoArray(c, c6);
        s7.intoArray(c, c7);
    }

    /**
     * Lists, for each panel of L columns of the k×n matrix b, the rows that are not zero there (see
     * {@link #panelsTransA}); returns the number of (row, panel) pairs listed, or −1 as soon as it passes
     * {@code limit}.
     */
    static int panelRows(float[] b, int n, int k, int[] count, int[] rows, int limit) {
        int panels = n / L, listed = 0;
        java.util.Arrays.fill(count, 0, panels, 0);
        for (int l = 0; l < k; l++) {
            for (int q = 0, bo = l * n; q < panels; q++, bo += L) {
                if (FloatVector.fromArray(F, b, bo).compare(VectorOperators.NE, 0f).anyTrue()) {
                    rows[q * k + count[q]++] = l;
                    if (++listed > limit) {
                        return -1;
                    }
                }
            }
        }
        return listed;
    }
}
