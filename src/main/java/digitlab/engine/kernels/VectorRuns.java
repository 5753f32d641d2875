package digitlab.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Runs} with the Vector API. gather keeps 4 vectors of c's run in registers, in two sets of sums
 * that take every other entry, while the listed runs of b stream past (4 loads and 4 multiply-adds per
 * entry); scatter keeps 4 vectors of a's run and adds them, scaled, into each listed run of c, taking
 * the entries {@value #STRIDE} apart; then single vectors, then single floats. copyRuns copies whole
 * vectors. Loaded only through {@link Kernels}, when the module is there.
 */
final class VectorRuns implements Runs {
    private static final VectorSpecies<Float> F = VectorMatMul.F;
    private static final int L = F.length();
    /** Entries apart that scatter takes one after the other (see {@link #next}). */
    private static final int STRIDE = 8;
    /**
     * Whether tiles takes four tiles at a time (16 sums) or two (8): with 16 vector registers, as AVX2 has,
     * 16 sums and their operands did not fit.
     */
    private static final boolean WIDE = L >= 16;

    @Override
    public void gather(int e0, int e1, int[] at, int shift, float[] value, float[] b, int n, float[] c, int co) {
        int i = 0;
        // two entries at a time into two sets of sums: one set alone waited on each multiply-add's latency
        for (; i + 4 * L <= n; i += 4 * L) {
            int ci = co + i, e = e0;
            FloatVector c0 = FloatVector.fromArray(F, c, ci), c1 = FloatVector.fromArray(F, c, ci + L),
                    c2 = FloatVector.fromArray(F, c, ci + 2 * L), c3 = FloatVector.fromArray(F, c, ci + 3 * L);
            FloatVector d0 = FloatVector.zero(F), d1 = d0, d2 = d0, d3 = d0;
            for (; e + 1 < e1; e += 2) {
                FloatVector v = FloatVector.broadcast(F, value[e]), w = FloatVector.broadcast(F, value[e + 1]);
                int o = at[e] + shift + i, p = at[e + 1] + shift + i;
                c0 = v.fma(FloatVector.fromArray(F, b, o), c0);
                c1 = v.fma(FloatVector.fromArray(F, b, o + L), c1);
                c2 = v.fma(FloatVector.fromArray(F, b, o + 2 * L), c2);
                c3 = v.fma(FloatVector.fromArray(F, b, o + 3 * L), c3);
                d0 = w.fma(FloatVector.fromArray(F, b, p), d0);
                d1 = w.fma(FloatVector.fromArray(F, b, p + L), d1);
                d2 = w.fma(FloatVector.fromArray(F, b, p + 2 * L), d2);
                d3 = w.fma(FloatVector.fromArray(F, b, p + 3 * L), d3);
            }
            if (e < e1) {
                FloatVector v = FloatVector.broadcast(F, value[e]);
                int o = at[e] + shift + i;
                c0 = v.fma(FloatVector.fromArray(F, b, o), c0);
                c1 = v.fma(FloatVector.fromArray(F, b, o + L), c1);
                c2 = v.fma(FloatVector.fromArray(F, b, o + 2 * L), c2);
                c3 = v.fma(FloatVector.fromArray(F, b, o + 3 * L), c3);
            }
            c0.add(d0).intoArray(c, ci);
            c1.add(d1).intoArray(c, ci + L);
            c2.add(d2).intoArray(c, ci + 2 * L);
            c3.add(d3).intoArray(c, ci + 3 * L);
        }
        for (; i + L <= n; i += L) {
            int e = e0;
            FloatVector c0 = FloatVector.fromArray(F, c, co + i), c1 = FloatVector.zero(F), c2 = c1, c3 = c1;
            for (; e + 3 < e1; e += 4) {
                c0 = FloatVector.broadcast(F, value[e]).fma(FloatVector.fromArray(F, b, at[e] + shift + i), c0);
                c1 = FloatVector.broadcast(F, value[e + 1]).fma(FloatVector.fromArray(F, b, at[e + 1] + shift + i), c1);
                c2 = FloatVector.broadcast(F, value[e + 2]).fma(FloatVector.fromArray(F, b, at[e + 2] + shift + i), c2);
                c3 = FloatVector.broadcast(F, value[e + 3]).fma(FloatVector.fromArray(F, b, at[e + 3] + shift + i), c3);
            }
            for (; e < e1; e++) {
                c0 = FloatVector.broadcast(F, value[e]).fma(FloatVector.fromArray(F, b, at[e] + shift + i), c0);
            }
            c0.add(c1).add(c2.add(c3)).intoArray(c, co + i);
        }
        for (; i < n; i++) {
            float s = c[co + i];
            for (int e = e0; e < e1; e++) {
                s = Math.fma(value[e], b[at[e] + shift + i], s);
            }
            c[co + i] = s;
        }
    }

    /**
     * The entry after e in the order scatter takes them: every {@value #STRIDE}th from e0, then every
     * {@value #STRIDE}th from e0 + 1, and so on; e1 after the last. Neighbouring entries' runs overlap (the
     * patches of neighbouring pixels), and adding one while the last one's store is still on its way made
     * each wait for the other.
     */
    private static int next(int e, int e0, int e1) {
        int n = e + STRIDE;
        if (n < e1) {
            return n;
        }
        int first = (e - e0) % STRIDE + 1 + e0;
        return first < e0 + STRIDE && first < e1 ? first : e1;
    }

    @Override
    public void scatter(int e0, int e1, int[] at, int shift, float[] value, float[] a, int ao, int n, float[] c) {
        int i = 0;
        for (; i + 4 * L <= n; i += 4 * L) {
            int ai = ao + i;
            FloatVector a0 = FloatVector.fromArray(F, a, ai), a1 = FloatVector.fromArray(F, a, ai + L),
                    a2 = FloatVector.fromArray(F, a, ai + 2 * L), a3 = FloatVector.fromArray(F, a, ai + 3 * L);
            for (int e = e0; e < e1; e = next(e, e0, e1)) {
                FloatVector v = FloatVector.broadcast(F, value[e]);
                int o = at[e] + shift + i;
                a0.fma(v, FloatVector.fromArray(F, c, o)).intoArray(c, o);
                a1.fma(v, FloatVector.fromArray(F, c, o + L)).intoArray(c, o + L);
                a2.fma(v, FloatVector.fromArray(F, c, o + 2 * L)).intoArray(c, o + 2 * L);
                a3.fma(v, FloatVector.fromArray(F, c, o + 3 * L)).intoArray(c, o + 3 * L);
            }
        }
        for (; i + L <= n; i += L) {
            FloatVector a0 = FloatVector.fromArray(F, a, ao + i);
            for (int e = e0; e < e1; e = next(e, e0, e1)) {
                int o = at[e] + shift + i;
                a0.fma(FloatVector.broadcast(F, value[e]), FloatVector.fromArray(F, c, o)).intoArray(c, o);
            }
        }
        for (; i < n; i++) {
            float x = a[ao + i];
            for (int e = e0; e < e1; e++) {
                int o = at[e] + shift + i;
                c[o] = Math.fma(value[e], x, c[o]);
            }
        }
    }

    /**
     * Whole vectors per run, rounded up: the floats a run writes past its end land in the runs after it,
     * which are written later, so the block ends right; a run whose vectors would leave the block (the
     * last ones) or read past the end of src is copied as it is. A run of 14 (an image of 14 × 14) is one
     * vector of 16, where System.arraycopy cost a call per run.
     */
    @Override
    public void copyRuns(float[] src, int s, int ss, int n, int count, float[] dst, int d) {
        int vectors = (n + L - 1) / L, end = d + count * n;
        for (int r = 0; r < count; r++) {
            int from = s + r * ss, to = d + r * n;
            if (to + vectors * L <= end && from + vectors * L <= src.length) {
                for (int v = 0; v < vectors * L; v += L) {
                    FloatVector.fromArray(F, src, from + v).intoArray(dst, to + v);
                }
            } else {
                System.arraycopy(src, from, dst, to, n);
            }
        }
    }

    @Override
    public int tileWidth() {
        return L;
    }

    /**
     * Four filters by four tiles at a time, in 16 sums: per kernel entry 4 broadcasts of a, 4 loads of b and
     * 16 multiply-adds; by two tiles with vectors of 8 or fewer ({@link #WIDE}). Then the tiles left, one at a
     * time, and the filters left, one at a time. Each block is a method of its own: in one method, C2 now and
     * then compiled the loops with their vectors as objects (32 KB a step).
     */
    @Override
    public void tiles(float[] a, int filters, int P, int[] off, float[] bias, float[] b, int[] at, int tiles, float[] c,
            int co, int cs) {
        int f = 0;
        for (; f + 4 <= filters; f += 4) {
            int t = 0;
            for (; WIDE && t + 4 <= tiles; t += 4) {
                fourByFour(a, f, P, off, bias, b, at, t, c, co + f * cs + t * L, cs);
            }
            for (; t + 2 <= tiles; t += 2) {
                fourByTwo(a, f, P, off, bias, b, at, t, c, co + f * cs + t * L, cs);
            }
            for (; t < tiles; t++) {
                fourByOne(a, f, P, off, bias, b, at[t], c, co + f * cs + t * L, cs);
            }
        }
        for (; f < filters; f++) {
            for (int t = 0; t < tiles; t++) {
                oneByOne(a, f, P, off, bias, b, at[t], c, co + f * cs + t * L);
            }
        }
    }

    private static void fourByFour(float[] a, int f, int P, int[] off, float[] bias, float[] b, int[] at, int t,
            float[] c, int r0, int cs) {
        int a0 = f * P, a1 = a0 + P, a2 = a1 + P, a3 = a2 + P;
        int b0 = at[t], b1 = at[t + 1], b2 = at[t + 2], b3 = at[t + 3];
        FloatVector s00 = FloatVector.broadcast(F, bias[f]), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = FloatVector.broadcast(F, bias[f + 1]), s11 = s10, s12 = s10, s13 = s10;
        FloatVector s20 = FloatVector.broadcast(F, bias[f + 2]), s21 = s20, s22 = s20, s23 = s20;
        FloatVector s30 = FloatVector.broadcast(F, bias[f + 3]), s31 = s30, s32 = s30, s33 = s30;
        for (int p = 0; p < P; p++) {
            int o = off[p];
            FloatVector x0 = FloatVector.fromArray(F, b, b0 + o), x1 = FloatVector.fromArray(F, b, b1 + o),
                    x2 = FloatVector.fromArray(F, b, b2 + o), x3 = FloatVector.fromArray(F, b, b3 + o);
            FloatVector k = FloatVector.broadcast(F, a[a0 + p]);
            s00 = k.fma(x0, s00);
            s01 = k.fma(x1, s01);
            s02 = k.fma(x2, s02);
            s03 = k.fma(x3, s03);
            k = FloatVector.broadcast(F, a[a1 + p]);
            s10 = k.fma(x0, s10);
            s11 = k.fma(x1, s11);
            s12 = k.fma(x2, s12);
            s13 = k.fma(x3, s13);
            k = FloatVector.broadcast(F, a[a2 + p]);
            s20 = k.fma(x0, s20);
            s21 = k.fma(x1, s21);
            s22 = k.fma(x2, s22);
            s23 = k.fma(x3, s23);
            k = FloatVector.broadcast(F, a[a3 + p]);
            s30 = k.fma(x0, s30);
            s31 = k.fma(x1, s31);
            s32 = k.fma(x2, s32);
            s33 = k.fma(x3, s33);
        }
        int r1 = r0 + cs, r2 = r1 + cs, r3 = r2 + cs;
        s00.intoArray(c, r0);
        s01.intoArray(c, r0 + L);
        s02.intoArray(c, r0 + 2 * L);
        s03.intoArray(c, r0 + 3 * L);
        s10.intoArray(c, r1);
        s11.intoArray(c, r1 + L);
        s12.intoArray(c, r1 + 2 * L);
        s13.intoArray(c, r1 + 3 * L);
        s20.intoArray(c, r2);
        s21.intoArray(c, r2 + L);
        s22.intoArray(c, r2 + 2 * L);
        s23.intoArray(c, r2 + 3 * L);
        s30.intoArray(c, r3);
        s31.intoArray(c, r3 + L);
        s32.intoArray(c, r3 + 2 * L);
        s33.intoArray(c, r3 + 3 * L);
    }

    private static void fourByTwo(float[] a, int f, int P, int[] off, float[] bias, float[] b, int[] at, int t,
            float[] c, int r0, int cs) {
        int a0 = f * P, a1 = a0 + P, a2 = a1 + P, a3 = a2 + P;
        int b0 = at[t], b1 = at[t + 1];
        FloatVector s00 = FloatVector.broadcast(F, bias[f]), s01 = s00;
        FloatVector s10 = FloatVector.broadcast(F, bias[f + 1]), s11 = s10;
        FloatVector s20 = FloatVector.broadcast(F, bias[f + 2]), s21 = s20;
        FloatVector s30 = FloatVector.broadcast(F, bias[f + 3]), s31 = s30;
        for (int p = 0; p < P; p++) {
            int o = off[p];
            FloatVector x0 = FloatVector.fromArray(F, b, b0 + o), x1 = FloatVector.fromArray(F, b, b1 + o);
            FloatVector k = FloatVector.broadcast(F, a[a0 + p]);
            s00 = k.fma(x0, s00);
            s01 = k.fma(x1, s01);
            k = FloatVector.broadcast(F, a[a1 + p]);
            s10 = k.fma(x0, s10);
            s11 = k.fma(x1, s11);
            k = FloatVector.broadcast(F, a[a2 + p]);
            s20 = k.fma(x0, s20);
            s21 = k.fma(x1, s21);
            k = FloatVector.broadcast(F, a[a3 + p]);
            s30 = k.fma(x0, s30);
            s31 = k.fma(x1, s31);
        }
        int r1 = r0 + cs, r2 = r1 + cs, r3 = r2 + cs;
        s00.intoArray(c, r0);
        s01.intoArray(c, r0 + L);
        s10.intoArray(c, r1);
        s11.intoArray(c, r1 + L);
        s20.intoArray(c, r2);
        s21.intoArray(c, r2 + L);
        s30.intoArray(c, r3);
        s31.intoArray(c, r3 + L);
    }

    private static void fourByOne(float[] a, int f, int P, int[] off, float[] bias, float[] b, int b0, float[] c, int r0,
            int cs) {
        int a0 = f * P, a1 = a0 + P, a2 = a1 + P, a3 = a2 + P;
        FloatVector s0 = FloatVector.broadcast(F, bias[f]), s1 = FloatVector.broadcast(F, bias[f + 1]),
                s2 = FloatVector.broadcast(F, bias[f + 2]), s3 = FloatVector.broadcast(F, bias[f + 3]);
        for (int p = 0; p < P; p++) {
            FloatVector x = FloatVector.fromArray(F, b, b0 + off[p]);
            s0 = FloatVector.broadcast(F, a[a0 + p]).fma(x, s0);
            s1 = FloatVector.broadcast(F, a[a1 + p]).fma(x, s1);
            s2 = FloatVector.broadcast(F, a[a2 + p]).fma(x, s2);
            s3 = FloatVector.broadcast(F, a[a3 + p]).fma(x, s3);
        }
        s0.intoArray(c, r0);
        s1.intoArray(c, r0 + cs);
        s2.intoArray(c, r0 + 2 * cs);
        s3.intoArray(c, r0 + 3 * cs);
    }

    private static void oneByOne(float[] a, int f, int P, int[] off, float[] bias, float[] b, int b0, float[] c, int r0) {
        int af = f * P, p = 0;
        FloatVector s0 = FloatVector.broadcast(F, bias[f]), s1 = FloatVector.zero(F);
        for (; p + 1 < P; p += 2) { // two sums: one waited on each multiply-add
            s0 = FloatVector.broadcast(F, a[af + p]).fma(FloatVector.fromArray(F, b, b0 + off[p]), s0);
            s1 = FloatVector.broadcast(F, a[af + p + 1]).fma(FloatVector.fromArray(F, b, b0 + off[p + 1]), s1);
        }
        if (p < P) {
            s0 = FloatVector.broadcast(F, a[af + p]).fma(FloatVector.fromArray(F, b, b0 + off[p]), s0);
        }
        s0.add(s1).intoArray(c, r0);
    }
}
