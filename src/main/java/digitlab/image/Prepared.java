package digitlab.image;

/**
 * A picture prepared as an MNIST digit: {@code pixels} is the 28×28 network input, row-major,
 * 0 = paper, 1 = full ink (the scale of MNIST's pixel/255); {@code inkBox} is where the ink was
 * found in the original picture, for a UI to outline. A blank picture gives no {@code Prepared} at
 * all (see {@link MnistPreparation#prepare}).
 */
public record Prepared(float[] pixels, InkBox inkBox) {

    public Prepared {
        if (pixels.length != MnistPreparation.SIDE * MnistPreparation.SIDE) {
            throw new IllegalArgumentException("a prepared digit has 784 pixels, not " + pixels.length);
        }
    }

    /** The prepared pixel at column {@code x}, row {@code y} (0..27). */
    public float pixel(int x, int y) {
        return pixels[y * MnistPreparation.SIDE + x];
    }

    /** The 28×28 result as an ink image, e.g. to show it enlarged. */
    public InkImage image() {
        return new InkImage(pixels, MnistPreparation.SIDE, MnistPreparation.SIDE);
    }
}
