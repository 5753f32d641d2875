package digitlab.image;

import java.util.Optional;

/**
 * Lays out a picture of a digit the way MNIST's digits were laid out, so the network sees what it
 * was trained on:
 * <ol>
 * <li>the ink is the pixels above {@link #INK_THRESHOLD}; the picture is cropped to their bounding
 * box (fainter pixels inside the box are kept: they are the soft edge of a stroke); too little ink to
 * be a digit (see {@link #isTooLittleInk}) counts as a blank picture;</li>
 * <li>the crop is scaled by {@code s = 20 / longer side}, so the longer side becomes exactly
 * {@value #DIGIT_SIZE} pixels and the aspect ratio is kept, by {@link AreaAverage area averaging};</li>
 * <li>it is placed in a 28×28 image so that its intensity-weighted centre of mass lands on pixel
 * (14, 14) (pixel-centre coordinates), by a sub-pixel shift;</li>
 * <li>values are clamped to [0, 1].</li>
 * </ol>
 *
 * <p>The shift is sub-pixel, not MNIST's integer-rounded one: the centre lands exactly on (14, 14)
 * rather than anywhere within ±½ px of it (which is the middle of what MNIST's digits show), and a
 * drawing moved by a fraction of a pixel gives a 28×28 image changed by a fraction, not one that jumps
 * a whole pixel as a rounding flips, so a live prediction does not flicker while the user draws.
 * The scaling and the shift are one affine map, resampled once. Should the shift push the 20 px box
 * over the frame's edge (a digit with its mass far to one side), it is held back so that the box stays
 * whole inside the frame: keeping all the ink is worth more than the last pixel of centring.
 *
 * <p>Cost: one pass over the picture to find the box, two over the box (centre of mass, resampling
 * along rows), one over 28×28×(box rows per output row). Once warm, a 280×280 canvas with a digit
 * filling it takes about 0.13 ms, a small drawing 0.04 ms ({@code PreparationBenchmark} in the tests);
 * the only allocations are a few arrays per call, none per pixel. Thread-safe: nothing is shared.
 */
public final class MnistPreparation {
    /** Side of the network's input image. */
    public static final int SIDE = 28;
    /** Longer side of the digit inside it. */
    public static final int DIGIT_SIZE = 20;
    /** Where the centre of mass goes, in pixel-centre coordinates, on both axes. */
    public static final double CENTRE = 14;
    /** Ink at or below this counts as paper when finding the digit: faint noise, not a stroke. */
    public static final float INK_THRESHOLD = 0.1f;
    /**
     * Ink whose box's longer side is under this share of the picture's shorter side is a speck, not a
     * digit. MNIST's test digits span at least 0.68 of their picture; in the Draw view the thinnest pen's
     * shortest "1" worth the name (5 % of the canvas long) spans 0.064 and a tap of any pen 0.014–0.021.
     */
    public static final double MIN_EXTENT_SHARE = 0.04;
    /** Ink spanning fewer pixels than this is a speck whatever the picture's size: no digit fits in it. */
    public static final int MIN_EXTENT_PIXELS = 5;
    /**
     * Ink whose mass (the sum of its values in the box) is under this many times the box's longer side
     * is dust scattered over the picture, not a stroke: a stroke spans the digit's extent at least once,
     * at least a pixel wide. MNIST's thinnest "1" has 1.1 at 28×28 (11 at 280×280), drawn strokes 3.5
     * or more; four stray pixels in the corners of a 280×280 picture have 0.014.
     */
    public static final double MIN_INK_PER_EXTENT = 0.25;

    private MnistPreparation() {
    }

    /**
     * The picture as a 28×28 MNIST-style digit, or empty when it is blank (no pixel above
     * {@link #INK_THRESHOLD}) or holds {@linkplain #isTooLittleInk too little ink to be a digit}, so
     * that a blank picture or a speck of dust is never turned into a guess. Does not modify
     * {@code image}.
     */
    public static Optional<Prepared> prepare(InkImage image) {
        Optional<InkBox> found = InkBox.find(image, INK_THRESHOLD);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        InkBox box = found.get();
        CentreOfMass centre = CentreOfMass.of(image, box);
        if (isTooLittleInk(image, box, centre.mass())) {
            return Optional.empty();
        }
        double scale = (double) DIGIT_SIZE / box.longerSide();
        double offsetX = offset(box.x(), box.width(), centre.x(), scale);
        double offsetY = offset(box.y(), box.height(), centre.y(), scale);

        float[] pixels = AreaAverage.resample(image.ink(), image.width(),
                AreaAverage.axisWeights(box.x(), box.x() + box.width(), scale, offsetX, SIDE),
                AreaAverage.axisWeights(box.y(), box.y() + box.height(), scale, offsetY, SIDE));
        for (int i = 0; i < pixels.length; i++) {
            // area means of values in [0, 1] stay there up to float rounding; clamp for callers' ink
            pixels[i] = Math.min(1f, Math.max(0f, pixels[i]));
        }
        return Optional.of(new Prepared(pixels, box));
    }

    /**
     * Whether ink of {@code mass} (the sum of the ink inside {@code box}) in {@code box} is too little to
     * be a digit: a box whose longer side is under {@link #MIN_EXTENT_PIXELS} or under
     * {@link #MIN_EXTENT_SHARE} of the picture's shorter side (a speck), or a mass under
     * {@link #MIN_INK_PER_EXTENT} times that side (a few stray pixels far apart).
     */
    static boolean isTooLittleInk(InkImage image, InkBox box, double mass) {
        int extent = box.longerSide();
        return extent < MIN_EXTENT_PIXELS
                || extent < MIN_EXTENT_SHARE * Math.min(image.width(), image.height())
                || mass < MIN_INK_PER_EXTENT * extent;
    }

    /**
     * The offset of the map {@code u = scale·x + offset} along one axis that sends the centre of mass
     * {@code centre} to {@link #CENTRE}, held back if needed so that the ink's extent
     * {@code [start-½, start+length-½]} stays within the frame {@code [-½, SIDE-½]}.
     */
    static double offset(int start, int length, double centre, double scale) {
        double offset = CENTRE - scale * centre;
        double low = scale * (start - 0.5) + offset;
        double high = scale * (start + length - 0.5) + offset;
        if (low < -0.5) {
            offset += -0.5 - low;
        } else if (high > SIDE - 0.5) {
            offset -= high - (SIDE - 0.5);
        }
        return offset;
    }
}
