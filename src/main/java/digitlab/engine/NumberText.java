package digitlab.engine;

/** How DigitLab writes a number for people. */
public final class NumberText {
    private NumberText() {
    }

    /** 33 rather than 33.0; otherwise the shortest text that reads back as the same float (0.1, 1.0e-4, NaN). */
    public static String number(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7f) {
            return Long.toString((long) v);
        }
        return Float.toString(v).replace("E", "e");
    }
}
