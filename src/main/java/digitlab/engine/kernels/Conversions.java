package digitlab.engine.kernels;

/** Turning stored pixels into the floats a network reads. Allocates nothing. */
public interface Conversions {
    /**
     * dst[to + i] = (src[from + i] &amp; 0xFF) / 255f for i in [0, n): unsigned bytes to fractions of full
     * ink, each exactly the float that {@code v / 255f} gives. Only dst is modified.
     */
    void bytesToUnit(byte[] src, int from, float[] dst, int to, int n);
}
