package digitlab.engine.kernels;

/**
 * {@link ZeroSkipping}'s inner loop in plain Java: each listed entry adds a multiple of a row of b to
 * the row of c (a loop HotSpot vectorizes by itself: one array read at one offset, one written).
 */
final class PlainRows implements ZeroSkipping.RowKernel {
    static final PlainRows INSTANCE = new PlainRows();

    private PlainRows() {
    }

    @Override
    public void rows(int lines, int[] start, int[] at, float[] value, float[] b, int n, float[] c, boolean add) {
        for (int r = 0; r < lines; r++) {
            int cr = r * n;
            if (!add) {
                java.util.Arrays.fill(c, cr, cr + n, 0f);
            }
            for (int e = start[r], end = start[r + 1]; e < end; e++) {
                float x = value[e];
                for (int j = 0, o = at[e]; j < n; j++) {
                    c[cr + j] += x * b[o + j];
                }
            }
        }
    }
}
