package digitlab.image;

/**
 * A picture as ink: {@code width×height} values, row-major, 0 = paper, 1 = full ink. This is what the
 * drawing canvas produces and what {@link ImageFiles#read} returns; {@link MnistPreparation} takes it.
 *
 * <p>The array is shared, not copied (a canvas hands over its buffer without a copy), so the record
 * compares by array identity like any record holding an array.
 */
public record InkImage(float[] ink, int width, int height) {

    public InkImage {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("an ink image needs a positive size, not " + width + "×" + height);
        }
        if (ink.length != (long) width * height) {
            throw new IllegalArgumentException("an ink image of " + width + "×" + height + " needs "
                    + (long) width * height + " values, not " + ink.length);
        }
    }

    /** The ink at column {@code x}, row {@code y}. */
    public float at(int x, int y) {
        return ink[y * width + x];
    }

    @Override
    public String toString() {
        return "InkImage[" + width + "×" + height + "]";
    }
}
