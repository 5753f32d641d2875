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
}
