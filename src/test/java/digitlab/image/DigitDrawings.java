package digitlab.image;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/** Digit-like pictures drawn for the tests with Graphics2D: thick antialiased strokes. */
final class DigitDrawings {

    private DigitDrawings() {
    }

    /** Three digits, each a stroke path in the unit square. */
    enum Digit {
        SEVEN(polyline(0.1, 0.05, 0.9, 0.05, 0.4, 0.95)),
        ZERO(new Ellipse2D.Double(0.2, 0.05, 0.6, 0.9)),
        ONE(polyline(0.3, 0.25, 0.55, 0.05, 0.55, 0.95));

        final Shape path;

        Digit(Shape path) {
            this.path = path;
        }
    }

    private static Shape polyline(double... xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            p.lineTo(xy[i], xy[i + 1]);
        }
        return p;
    }

    /**
     * A {@code width×height} picture of {@code imageType} on {@code paper}, the digit's unit square
     * mapped to the square of side {@code size} at ({@code x}, {@code y}), stroked {@code size/9} wide.
     */
    static BufferedImage draw(Digit digit, int width, int height, double x, double y, double size,
            Color ink, Color paper, int imageType) {
        BufferedImage image = new BufferedImage(width, height, imageType);
        Graphics2D g = image.createGraphics();
        try {
            g.setComposite(java.awt.AlphaComposite.Src);
            g.setColor(paper);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(ink);
            g.setStroke(new BasicStroke((float) (size / 9), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            AffineTransform place = new AffineTransform(size, 0, 0, size, x, y);
            g.draw(place.createTransformedShape(digit.path));
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Black on white, as grey levels → ink, the way a file is read. */
    static InkImage blackOnWhite(Digit digit, int width, int height, double x, double y, double size) {
        return inkOf(draw(digit, width, height, x, y, size, Color.BLACK, Color.WHITE, BufferedImage.TYPE_BYTE_GRAY));
    }

    /** The ink of a picture, read as {@link ImageFiles#read} would. */
    static InkImage inkOf(BufferedImage image) {
        return GreyToInk.toInk(ImageFiles.greyLevels(image), image.getWidth(), image.getHeight());
    }

    static double meanAbsoluteDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum / a.length;
    }

    static double sum(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }
}
