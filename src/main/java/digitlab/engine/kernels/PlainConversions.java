package digitlab.engine.kernels;

/** {@link Conversions} in plain Java: a table of the 256 values. */
final class PlainConversions implements Conversions {
    static final PlainConversions INSTANCE = new PlainConversions();
    private static final float[] UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            UNIT[v] = v / 255f;
        }
    }

    private PlainConversions() {
    }

    @Override
    public void bytesToUnit(byte[] src, int from, float[] dst, int to, int n) {
        for (int i = 0; i < n; i++) {
            dst[to + i] = UNIT[src[from + i] & 0xFF];
        }
    }
}
