package digitlab.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Runs} with the Vector API. gather keeps 4 vectors of c's run in registers while the listed runs of
 * b stream past (4 loads and 4 multiply-adds per entry); scatter keeps 4 vectors of a's run and adds them,
 * scaled, into each listed run of c. Then single vectors, then single floats. Loaded only through
 * {@link Kernels}, when the module is there.
 */
final class VectorRuns implements Runs {
    private static final VectorSpecies<Float> F = VectorMatMul.F;
    private static final int L = F.length();

    @Override
    public void gather(int e0, int e1, int[] at, int shift, float[] value, float[] b, int n, float[] c, int co) {
        int i = 0;
        for (; i + 4 * L <= n; i += 4 * L) {
            int ci = co + i;
            FloatVector c0 = FloatVector.fromArray(F, c, ci), c1 = FloatVector.fromArray(F, c, ci + L),
                    c2 = FloatVector.fromArray(F, c, ci + 2 * L), c3 = FloatVector.fromArray(F, c, ci + 3 * L);
            for (int e = e0; e < e1; e++) {
                FloatVector v = FloatVector.broadcast(F, value[e]);
                int o = at[e] + shift + i;
                c0 = v.fma(FloatVector.fromArray(F, b, o), c0);
                c1 = v.fma(FloatVector.fromArray(F, b, o + L), c1);
                c2 = v.fma(FloatVector.fromArray(F, b, o + 2 * L), c2);
                c3 = v.fma(FloatVector.fromArray(F, b, o + 3 * L), c3);
            }
            c0.intoArray(c, ci);
            c1.intoArray(c, ci + L);
            c2.intoArray(c, ci + 2 * L);
            c3.intoArray(c, ci + 3 * L);
        }
        for (; i + L <= n; i += L) {
            FloatVector c0 = FloatVector.fromArray(F, c, co + i);
            for (int e = e0; e < e1; e++) {
                c0 = FloatVector.broadcast(F, value[e]).fma(FloatVector.fromArray(F, b, at[e] + shift + i), c0);
            }
            c0.intoArray(c, co + i);
        }
        for (; i < n; i++) {
            float s = c[co + i];
            for (int e = e0; e < e1; e++) {
                s = Math.fma(value[e], b[at[e] + shift + i], s);
            }
            c[co + i] = s;
        }
    }

    @Override
    public void scatter(int e0, int e1, int[] at, int shift, float[] value, float[] a, int ao, int n, float[] c) {
        int i = 0;
        for (; i + 4 * L <= n; i += 4 * L) {
            int ai = ao + i;
            FloatVector a0 = FloatVector.fromArray(F, a, ai), a1 = FloatVector.fromArray(F, a, ai + L),
                    a2 = FloatVector.fromArray(F, a, ai + 2 * L), a3 = FloatVector.fromArray(F, a, ai + 3 * L);
            for (int e = e0; e < e1; e++) {
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
            for (int e = e0; e < e1; e++) {
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
}
