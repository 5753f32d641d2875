package digitlab.app.widgets;

import java.util.Locale;

/** How the views write numbers for people. */
public final class Percent {
    private Percent() {
    }

    /** 0.98765 → "98.8%", with two decimals under 1 % so small chances do not all read 0.0 %. */
    public static String percent(double p) {
        if (Double.isNaN(p)) {
            return "–";
        }
        double pc = p * 100;
        return String.format(Locale.ROOT, pc < 1 && pc > 0 ? "%.2f%%" : "%.1f%%", pc);
    }
}
