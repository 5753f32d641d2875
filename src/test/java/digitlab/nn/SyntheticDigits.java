package digitlab.nn;

import java.util.Random;

import digitlab.dataset.Dataset;

/**
 * Small made-up image sets that a network can learn: each class is a bar at its own place in an 8×8
 * image, drawn with noise.
 */
final class SyntheticDigits {
    static final int SIDE = 8, CLASSES = 4;

    private SyntheticDigits() {
    }

    static Dataset make(int count, long seed) {
        Random r = new Random(seed);
        byte[] pixels = new byte[count * SIDE * SIDE], labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = r.nextInt(CLASSES);
            labels[i] = (byte) label;
            for (int p = 0; p < SIDE * SIDE; p++) {
                int row = p / SIDE, col = p % SIDE;
                boolean ink = label < 2 ? row == 2 + 3 * label : col == 2 + 3 * (label - 2);
                int value = (ink ? 200 : 0) + r.nextInt(50);
                pixels[i * SIDE * SIDE + p] = (byte) value;
            }
        }
        return new Dataset("synthetic", count, SIDE, SIDE, pixels, labels);
    }

    static int[] layers() {
        return new int[] {SIDE * SIDE, 16, CLASSES};
    }
}
