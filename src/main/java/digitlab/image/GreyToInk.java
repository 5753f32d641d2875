package digitlab.image;

import java.util.Arrays;

/**
 * Turns grey levels (0 = black, 1 = white) of an arbitrary picture into ink (0 = paper, 1 = full ink),
 * whichever way round the picture is: dark ink on light paper or light ink on dark.
 *
 * <ul>
 * <li><b>Paper</b> is the median grey level of the picture's outermost frame of pixels: a digit that
 * runs into the border covers only a few of the frame's pixels, and the median ignores them as long
 * as they are fewer than half.</li>
 * <li><b>Polarity</b>: ink is on the side of the paper level that holds more of the picture, measured
 * as the summed departure {@code |grey - paper|} of the pixels departing by at least
 * {@link #MIN_CONTRAST}, darker pixels against lighter ones. A dark or light paper level alone would
 * misjudge mid-grey paper, and this also works for a light digit on grey.</li>
 * <li><b>Full ink</b> is the 95th percentile of those departures on the ink side: the core of the
 * strokes, not the one darkest speck of dust.</li>
 * <li><b>Ink</b> = departure from paper towards the ink side / full-ink departure, clamped to 1;
 * departures below {@link #MIN_CONTRAST} (paper texture, JPEG ringing, sensor noise) are 0, as is
 * anything on the other side of the paper (glare, a lighter smudge).</li>
 * </ul>
 * The percentile is found in steps of 1/255, then taken as the largest departure within its step.
 */
public final class GreyToInk {
    /** Departures from the paper level smaller than this (about 25/255) are noise, not ink. */
    public static final float MIN_CONTRAST = 0.1f;
    /** The share of ink pixels at or below the full-ink level. */
    static final double FULL_INK_PERCENTILE = 0.95;

    private GreyToInk() {
    }

    /**
     * The grey levels of a picture's paper and of its full ink. Ink is darker than paper for dark ink on
     * light paper, lighter for light ink on dark; equal when the picture holds no ink at all.
     */
    public record Levels(float paper, float fullInk) {

        public boolean darkInk() {
            return fullInk < paper;
        }

        /** The ink, 0..1, of a pixel of grey level {@code grey}. */
        public float inkOf(float grey) {
            float contrast = Math.abs(paper - fullInk);
            float departure = darkInk() ? paper - grey : grey - paper;
            if (contrast == 0 || departure < MIN_CONTRAST) {
                return 0;
            }
            return Math.min(1f, departure / contrast);
        }
    }

    /** The ink of a picture given as grey levels ({@code width×height}, row-major, 0 = black). */
    public static InkImage toInk(float[] grey, int width, int height) {
        Levels levels = levels(grey, width, height);
        float[] ink = new float[grey.length];
        for (int i = 0; i < ink.length; i++) {
            ink[i] = levels.inkOf(grey[i]);
        }
        return new InkImage(ink, width, height);
    }

    /** The paper and full-ink levels of a picture, by the rules above. */
    public static Levels levels(float[] grey, int width, int height) {
        if (grey.length != (long) width * height) {
            throw new IllegalArgumentException("grey levels of " + width + "×" + height + " need "
                    + (long) width * height + " values, not " + grey.length);
        }
        float paper = borderMedian(grey, width, height);
        // histograms of departures in 1/255 steps, one for darker pixels and one for lighter
        int[] darker = new int[256], lighter = new int[256];
        double darkerSum = 0, lighterSum = 0;
        for (float g : grey) {
            float departure = g - paper;
            if (departure <= -MIN_CONTRAST) {
                darker[level(-departure)]++;
                darkerSum -= departure;
            } else if (departure >= MIN_CONTRAST) {
                lighter[level(departure)]++;
                lighterSum += departure;
            }
        }
        if (darkerSum == 0 && lighterSum == 0) {
            return new Levels(paper, paper);
        }
        boolean darkInk = darkerSum >= lighterSum;
        int fullLevel = percentile(darkInk ? darker : lighter, FULL_INK_PERCENTILE);
        float full = largestDepartureAt(grey, paper, darkInk, fullLevel);
        return new Levels(paper, darkInk ? paper - full : paper + full);
    }

    /**
     * The largest departure towards the ink side that falls in the histogram step {@code level}: the
     * exact grey level of a real pixel, so that the stroke core reads as exactly 1 whatever the levels.
     */
    private static float largestDepartureAt(float[] grey, float paper, boolean darkInk, int level) {
        float largest = 0;
        for (float g : grey) {
            float departure = darkInk ? paper - g : g - paper;
            if (departure >= MIN_CONTRAST && level(departure) == level) {
                largest = Math.max(largest, departure);
            }
        }
        return largest;
    }

    /** The median grey level of the outermost row and column on each side. */
    static float borderMedian(float[] grey, int width, int height) {
        int n = width == 1 || height == 1 ? width * height : 2 * (width + height) - 4;
        float[] border = new float[n];
        int k = 0;
        if (width == 1 || height == 1) {
            System.arraycopy(grey, 0, border, 0, n);
        } else {
            for (int x = 0; x < width; x++) {
                border[k++] = grey[x];
                border[k++] = grey[(height - 1) * width + x];
            }
            for (int y = 1; y < height - 1; y++) {
                border[k++] = grey[y * width];
                border[k++] = grey[y * width + width - 1];
            }
        }
        Arrays.sort(border);
        return n % 2 == 1 ? border[n / 2] : (border[n / 2 - 1] + border[n / 2]) / 2;
    }

    private static int level(float departure) {
        return Math.min(255, Math.round(departure * 255));
    }

    /** The smallest level at or below which lies the share {@code p} of the histogram's counts. */
    private static int percentile(int[] histogram, double p) {
        long total = 0;
        for (int c : histogram) {
            total += c;
        }
        long wanted = (long) Math.ceil(p * total), seen = 0;
        for (int level = 0; level < histogram.length; level++) {
            seen += histogram[level];
            if (seen >= wanted) {
                return level;
            }
        }
        return histogram.length - 1;
    }
}
