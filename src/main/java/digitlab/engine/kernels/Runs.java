package digitlab.engine.kernels;

/**
 * Multiply-adds of runs of floats listed by their offsets: the inner loops of a convolution's backward step
 * taken entry by entry from the non-zero entries of its output gradient (see {@code Convolution}). A run is
 * {@code n} neighbouring floats; entry e of a list is a number {@code value[e]} and an offset {@code at[e]},
 * moved by {@code shift} for the whole call. Both methods modify only {@code c} and allocate nothing.
 */
public interface Runs {
    /**
     * <p>Sums runs of b into one run of c:<br><br>
     * c[co + i] += &sum;<sub>e=e0:e1−1</sub> value[e]·b[at[e] + shift + i], for i in [0, n)
     *
     * <p>For example row f of a kernel gradient, from the image patches that filter f's gradient touched.
     */
    void gather(int e0, int e1, int[] at, int shift, float[] value, float[] b, int n, float[] c, int co);

    /**
     * <p>Adds one run of a, scaled, into runs of c:<br><br>
     * c[at[e] + shift + i] += value[e]·a[ao + i], for e in [e0, e1) and i in [0, n)
     *
     * <p>For example filter f's kernel into the image gradient at each patch where filter f's gradient is
     * non-zero. Runs of c may overlap: each entry is added in turn.
     */
    void scatter(int e0, int e1, int[] at, int shift, float[] value, float[] a, int ao, int n, float[] c);

    /**
     * <p>Copies a block of equal runs, as im2col does:<br><br>
     * dst[d + r·n + i] = src[s + r·ss + i], for r in [0, count) and i in [0, n)
     *
     * <p>The runs land side by side in dst. Nothing outside dst[d .. d + count·n) is written, and nothing
     * outside src is read.
     */
    void copyRuns(float[] src, int s, int ss, int n, int count, float[] dst, int d);

    /** The width w of a tile of {@link #tiles}: the vector length, or 8 in plain Java. */
    int tileWidth();

    /**
     * <p>A convolution's forward step straight from the image, in tiles of w = {@link #tileWidth()}
     * neighbouring output pixels:<br><br>
     * c[co + f·cs + t·w + i] = bias[f] + &sum;<sub>p=0:P−1</sub> a[f·P + p]·b[at[t] + off[p] + i],
     * for f in [0, filters), t in [0, tiles), i in [0, w)
     *
     * <p>a is the kernels, F × P; off[p] is where kernel entry p's pixel lies from a tile's first pixel at[t] in
     * the (padded) image b. A tile's last pixels may lie past its output row: they are computed as any other,
     * and the caller drops them. b is read up to at[t] + off[p] + w − 1, which must lie inside b. Modifies
     * only c.
     */
    void tiles(float[] a, int filters, int P, int[] off, float[] bias, float[] b, int[] at, int tiles, float[] c, int co,
            int cs);
}
