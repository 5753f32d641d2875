package digitlab.image;

import java.util.Optional;

/**
 * The smallest rectangle of pixels holding all the ink of a picture: columns {@code x .. x+width-1},
 * rows {@code y .. y+height-1}, in the picture's pixel coordinates.
 */
public record InkBox(int x, int y, int width, int height) {

    public InkBox {
        if (x < 0 || y < 0 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("not a box: " + width + "×" + height + " at " + x + "," + y);
        }
    }

    public int longerSide() {
        return Math.max(width, height);
    }

    /**
     * The box around the pixels whose ink is above {@code threshold}, or empty when there are none
     * (a blank picture).
     */
    public static Optional<InkBox> find(InkImage image, float threshold) {
        float[] ink = image.ink();
        int w = image.width(), h = image.height();
        int minX = w, maxX = -1, minY = -1, maxY = -1;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            int first = -1;
            for (int x = 0; x < w; x++) {
                if (ink[row + x] > threshold) {
                    first = x;
                    break;
                }
            }
            if (first < 0) {
                continue;
            }
            // the row's last ink pixel, searched from the right: it is at or after the first
            int last = w - 1;
            while (ink[row + last] <= threshold) {
                last--;
            }
            if (minY < 0) {
                minY = y;
            }
            maxY = y;
            minX = Math.min(minX, first);
            maxX = Math.max(maxX, last);
        }
        if (maxY < 0) {
            return Optional.empty();
        }
        return Optional.of(new InkBox(minX, minY, maxX - minX + 1, maxY - minY + 1));
    }
}
