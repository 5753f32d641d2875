package digitlab.image;

/**
 * The intensity-weighted centre of a picture's ink, in pixel-centre coordinates (pixel {@code i} has
 * its centre at {@code i}): {@code x = Σ ink·col / Σ ink}, {@code y = Σ ink·row / Σ ink}.
 */
record CentreOfMass(double x, double y, double mass) {

    /** The centre of the ink inside {@code box}; pixels outside it do not count. */
    static CentreOfMass of(InkImage image, InkBox box) {
        float[] ink = image.ink();
        int w = image.width();
        double mass = 0, sumX = 0, sumY = 0;
        for (int y = box.y(); y < box.y() + box.height(); y++) {
            double rowMass = 0, rowSumX = 0;
            for (int x = box.x(), i = y * w + x; x < box.x() + box.width(); x++, i++) {
                rowMass += ink[i];
                rowSumX += ink[i] * x;
            }
            mass += rowMass;
            sumX += rowSumX;
            sumY += rowMass * y;
        }
        return new CentreOfMass(sumX / mass, sumY / mass, mass);
    }

    /** The centre of all the ink of {@code image}. */
    static CentreOfMass of(InkImage image) {
        return of(image, new InkBox(0, 0, image.width(), image.height()));
    }
}
