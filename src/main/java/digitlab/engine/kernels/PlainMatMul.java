package digitlab.engine.kernels;

import org.ejml.data.FMatrixRMaj;

/**
 * The matrix products in plain Java, for when the Vector API is not there.
 *
 * <p>All three products are one loop nest on strided views, c[i, j] (+)= Σ_p a(i, p)·b(p, j) with
 * a(i, p) = a[i·ars + p·acs] and b(p, j) = b[p·brs + j·bcs]: mult reads a by rows and b by rows,
 * multTransA reads a by columns, multTransB reads b by rows of the stored matrix. A tile of 4 × 4
 * outputs is kept in 16 local variables (registers) for the whole k loop, so each step loads 8
 * numbers for 16 multiply-adds, and c is read and written once. That does not depend on HotSpot's
 * auto-vectorizer, which in JDK 17 gives up on loops that read rows of one array at several offsets.
 * Edges use the same loop on 1 × 4, 4 × 1 and 1 × 1 tiles. Nothing is allocated.
 */
final class PlainMatMul implements MatMul {
    static final PlainMatMul INSTANCE = new PlainMatMul();

    private PlainMatMul() {
    }

    @Override
    public String name() {
        return "plain Java";
    }

    @Override
    public void mult(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add) {
        Shapes.mult(a, b, c);
        if (ZeroSkipping.mult(a, b, c, add, PlainRows.INSTANCE)) {
            return;
        }
        int n = c.numCols, k = a.numCols;
        // a m×k: a(i, p) = a[i*k + p]; b k×n: b(p, j) = b[p*n + j]
        product(a.data, k, 1, b.data, n, 1, c.data, c.numRows, n, k, add);
    }

    @Override
    public void multTransA(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add) {
        Shapes.multTransA(a, b, c);
        if (ZeroSkipping.multTransA(a, b, c, add, PlainRows.INSTANCE)) {
            return;
        }
        int m = c.numRows, n = c.numCols;
        // a k×m: a(i, p) = a[p*m + i]; b k×n: b(p, j) = b[p*n + j]
        product(a.data, 1, m, b.data, n, 1, c.data, m, n, a.numRows, add);
    }

    @Override
    public void multTransB(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c, boolean add) {
        Shapes.multTransB(a, b, c);
        if (ZeroSkipping.multTransB(a, b, c, add, PlainRows.INSTANCE)) {
            return;
        }
        int k = a.numCols;
        // a m×k: a(i, p) = a[i*k + p]; b n×k: b(p, j) = b[j*k + p]
        product(a.data, k, 1, b.data, 1, k, c.data, c.numRows, c.numCols, k, add);
    }

    /** c (m×n) (+)= Σ_p a(i, p)·b(p, j), in tiles of 4 × 4, then the edges. */
    private static void product(float[] a, int ars, int acs, float[] b, int brs, int bcs, float[] c, int m,
            int n, int k, boolean add) {
        int m4 = m - m % 4, n4 = n - n % 4;
        for (int j = 0; j < n4; j += 4) {
            for (int i = 0; i < m4; i += 4) {
                tile4x4(a, ars, acs, b, brs, bcs, c, n, k, i, j, add);
            }
            for (int i = m4; i < m; i++) {
                tile1x4(a, ars, acs, b, brs, bcs, c, n, k, i, j, add);
            }
        }
        for (int j = n4; j < n; j++) {
            for (int i = 0; i < m4; i += 4) {
                tile4x1(a, ars, acs, b, brs, bcs, c, n, k, i, j, add);
            }
            for (int i = m4; i < m; i++) {
                float s = 0;
                for (int p = 0, ap = i * ars, bp = j * bcs; p < k; p++, ap += acs, bp += brs) {
                    s += a[ap] * b[bp];
                }
                int ci = i * n + j;
                c[ci] = add ? c[ci] + s : s;
            }
        }
    }

    private static void tile4x4(float[] a, int ars, int acs, float[] b, int brs, int bcs, float[] c, int n, int k,
            int i, int j, boolean add) {
        float s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        float s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
        int a0 = i * ars, a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
        int b0 = j * bcs, b1 = b0 + bcs, b2 = b1 + bcs, b3 = b2 + bcs;
        for (int p = 0, ap = 0, bp = 0; p < k; p++, ap += acs, bp += brs) {
            float x0 = a[a0 + ap], x1 = a[a1 + ap], x2 = a[a2 + ap], x3 = a[a3 + ap];
            float y0 = b[b0 + bp], y1 = b[b1 + bp], y2 = b[b2 + bp], y3 = b[b3 + bp];
            s00 += x0 * y0;
            s01 += x0 * y1;
            s02 += x0 * y2;
            s03 += x0 * y3;
            s10 += x1 * y0;
            s11 += x1 * y1;
            s12 += x1 * y2;
            s13 += x1 * y3;
            s20 += x2 * y0;
            s21 += x2 * y1;
            s22 += x2 * y2;
            s23 += x2 * y3;
            s30 += x3 * y0;
            s31 += x3 * y1;
            s32 += x3 * y2;
            s33 += x3 * y3;
        }
        int c0 = i * n + j;
        store4(c, c0, s00, s01, s02, s03, add);
        store4(c, c0 + n, s10, s11, s12, s13, add);
        store4(c, c0 + 2 * n, s20, s21, s22, s23, add);
        store4(c, c0 + 3 * n, s30, s31, s32, s33, add);
    }

    private static void tile1x4(float[] a, int ars, int acs, float[] b, int brs, int bcs, float[] c, int n, int k,
            int i, int j, boolean add) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int b0 = j * bcs, b1 = b0 + bcs, b2 = b1 + bcs, b3 = b2 + bcs;
        for (int p = 0, ap = i * ars, bp = 0; p < k; p++, ap += acs, bp += brs) {
            float x = a[ap];
            s0 += x * b[b0 + bp];
            s1 += x * b[b1 + bp];
            s2 += x * b[b2 + bp];
            s3 += x * b[b3 + bp];
        }
        store4(c, i * n + j, s0, s1, s2, s3, add);
    }

    private static void tile4x1(float[] a, int ars, int acs, float[] b, int brs, int bcs, float[] c, int n, int k,
            int i, int j, boolean add) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int a0 = i * ars, a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars;
        for (int p = 0, ap = 0, bp = j * bcs; p < k; p++, ap += acs, bp += brs) {
            float y = b[bp];
            s0 += a[a0 + ap] * y;
            s1 += a[a1 + ap] * y;
            s2 += a[a2 + ap] * y;
            s3 += a[a3 + ap] * y;
        }
        int ci = i * n + j;
        c[ci] = add ? c[ci] + s0 : s0;
        c[ci + n] = add ? c[ci + n] + s1 : s1;
        c[ci + 2 * n] = add ? c[ci + 2 * n] + s2 : s2;
        c[ci + 3 * n] = add ? c[ci + 3 * n] + s3 : s3;
    }

    private static void store4(float[] c, int ci, float s0, float s1, float s2, float s3, boolean add) {
        if (add) {
            c[ci] += s0;
            c[ci + 1] += s1;
            c[ci + 2] += s2;
            c[ci + 3] += s3;
        } else {
            c[ci] = s0;
            c[ci + 1] = s1;
            c[ci + 2] = s2;
            c[ci + 3] = s3;
        }
    }
}
