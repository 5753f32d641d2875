package digitlab.engine.kernels;

/** {@link Runs} in plain Java. */
final class PlainRuns implements Runs {
    static final PlainRuns INSTANCE = new PlainRuns();

    private PlainRuns() {
    }

    @Override
    public void gather(int e0, int e1, int[] at, int shift, float[] value, float[] b, int n, float[] c, int co) {
        for (int e = e0; e < e1; e++) {
            float v = value[e];
            for (int i = 0, from = at[e] + shift; i < n; i++) {
                c[co + i] += v * b[from + i];
            }
        }
    }

    @Override
    public void scatter(int e0, int e1, int[] at, int shift, float[] value, float[] a, int ao, int n, float[] c) {
        for (int e = e0; e < e1; e++) {
            float v = value[e];
            for (int i = 0, to = at[e] + shift; i < n; i++) {
                c[to + i] += v * a[ao + i];
            }
        }
    }

    @Override
    public void copyRuns(float[] src, int s, int ss, int n, int count, float[] dst, int d) {
        for (int r = 0; r < count; r++) {
            System.arraycopy(src, s + r * ss, dst, d + r * n, n);
        }
    }

    @Override
    public int tileWidth() {
        return 8;
    }

    @Override
    public void tiles(float[] a, int filters, int P, int[] off, float[] bias, float[] b, int[] at, int tiles, float[] c,
            int co, int cs) {
        int w = tileWidth();
        for (int f = 0; f < filters; f++) {
            for (int t = 0; t < tiles; t++) {
                for (int i = 0, to = co + f * cs + t * w; i < w; i++) {
                    float s = bias[f];
                    for (int p = 0; p < P; p++) {
                        s += a[f * P + p] * b[at[t] + off[p] + i];
                    }
                    c[to + i] = s;
                }
            }
        }
    }
}
