package digitlab.app.draw;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import digitlab.app.draw.Drawing.Point;
import digitlab.app.draw.Drawing.Stroke;
import digitlab.image.MnistPreparation;
import digitlab.image.Prepared;

/**
 * A test set of digits drawn the way people draw them in the Draw view: pen strokes through a few
 * hand-written shapes per digit (a 1 with or without its flag and foot, a 7 with or without its bar, an
 * open or closed 4, …), each drawing written at its own size, slant, tilt and place on the canvas (often
 * off-centre), with a pen from the thinnest to the thickest the view offers and a wobbling hand. Each
 * drawing then goes the Draw view's own way to the network: {@link Drawing#rasterizeForNetwork} at the
 * canvas's 280 pixels, then {@link MnistPreparation#prepare}. The same seed gives the same drawings.
 */
final class DrawnDigits {

    /** One drawing: its label and the 784 pixels the network sees. */
    record Drawn(int label, float[] pixels) {
    }

    /** Shapes per digit: each a list of strokes, each stroke the corners of a polyline in the unit square (y down). */
    private static final double[][][][] SHAPES = {
        null, // 0: an oval, see ellipse()
        { // 1
            {{0.5, 0.05, 0.5, 0.95}},
            {{0.3, 0.22, 0.52, 0.05, 0.52, 0.95}},
            {{0.3, 0.22, 0.52, 0.05, 0.52, 0.95}, {0.3, 0.95, 0.74, 0.95}}},
        { // 2
            {{0.2, 0.3, 0.35, 0.08, 0.65, 0.08, 0.8, 0.3, 0.6, 0.6, 0.15, 0.95, 0.85, 0.95}},
            {{0.2, 0.25, 0.5, 0.05, 0.8, 0.25, 0.7, 0.5, 0.2, 0.95, 0.3, 0.8, 0.5, 0.85, 0.85, 0.92}}},
        { // 3
            {{0.2, 0.15, 0.5, 0.05, 0.8, 0.2, 0.7, 0.4, 0.45, 0.5, 0.75, 0.6, 0.8, 0.8, 0.5, 0.95, 0.2, 0.85}},
            {{0.2, 0.08, 0.8, 0.08, 0.45, 0.45, 0.75, 0.55, 0.8, 0.8, 0.5, 0.95, 0.2, 0.85}}},
        { // 4
            {{0.6, 0.05, 0.15, 0.65, 0.85, 0.65}, {0.65, 0.3, 0.65, 0.95}},
            {{0.25, 0.05, 0.2, 0.55, 0.8, 0.55}, {0.7, 0.05, 0.7, 0.95}}},
        { // 5
            {{0.75, 0.05, 0.28, 0.05, 0.25, 0.45, 0.55, 0.38, 0.8, 0.6, 0.75, 0.85, 0.45, 0.95, 0.2, 0.85}},
            {{0.28, 0.05, 0.25, 0.45, 0.55, 0.38, 0.8, 0.6, 0.75, 0.85, 0.45, 0.95, 0.2, 0.85}, {0.28, 0.05, 0.78, 0.05}}},
        { // 6
            {{0.7, 0.05, 0.4, 0.2, 0.2, 0.55, 0.25, 0.85, 0.5, 0.95, 0.75, 0.8, 0.7, 0.55, 0.45, 0.5, 0.25, 0.65}},
            {{0.6, 0.05, 0.3, 0.45, 0.25, 0.8, 0.5, 0.95, 0.72, 0.78, 0.6, 0.55, 0.3, 0.62}}},
        { // 7
            {{0.15, 0.08, 0.85, 0.08, 0.4, 0.95}},
            {{0.15, 0.08, 0.85, 0.08, 0.45, 0.95}, {0.35, 0.52, 0.75, 0.52}},
            {{0.12, 0.2, 0.2, 0.08, 0.85, 0.08, 0.6, 0.5, 0.5, 0.95}}},
        { // 8
            {{0.7, 0.15, 0.5, 0.05, 0.3, 0.15, 0.35, 0.35, 0.65, 0.6, 0.7, 0.85, 0.5, 0.95, 0.3, 0.85, 0.35, 0.6,
                0.65, 0.35, 0.7, 0.15}},
            {{0.5, 0.48, 0.3, 0.35, 0.3, 0.12, 0.5, 0.05, 0.7, 0.12, 0.7, 0.35, 0.5, 0.48, 0.25, 0.65, 0.3, 0.9,
                0.5, 0.96, 0.72, 0.9, 0.75, 0.65, 0.5, 0.48}}},
        { // 9
            {{0.75, 0.35, 0.55, 0.5, 0.3, 0.4, 0.3, 0.15, 0.55, 0.05, 0.75, 0.2, 0.75, 0.95}},
            {{0.75, 0.3, 0.55, 0.48, 0.28, 0.38, 0.3, 0.12, 0.55, 0.05, 0.75, 0.2, 0.72, 0.6, 0.6, 0.9, 0.4, 0.95}}},
    };

    private DrawnDigits() {
    }

    /**
     * {@code perDigit} drawings of each digit 0..9, in turn (0, 1, …, 9, 0, 1, …); drawings the Draw view
     * would not read (nothing left after preparation) are drawn again.
     */
    static List<Drawn> make(int perDigit, long seed) {
        Random random = new Random(seed);
        List<Drawn> drawn = new ArrayList<>();
        for (int i = 0; i < perDigit; i++) {
            for (int digit = 0; digit <= 9; digit++) {
                Prepared prepared;
                do {
                    prepared = MnistPreparation.prepare(Drawing.rasterizeForNetwork(draw(digit, random), Reader.SIDE))
                            .orElse(null);
                } while (prepared == null);
                drawn.add(new Drawn(digit, prepared.pixels()));
            }
        }
        return drawn;
    }

    /** One drawing of {@code digit} as the canvas would hold it. */
    static Drawing.Snapshot draw(int digit, Random random) {
        return draw(random, r -> digit == 0 ? List.of(ellipse(r)) : corners(SHAPES[digit][r.nextInt(SHAPES[digit].length)], r));
    }

    /** One drawing of {@code shape} (strokes as in SHAPES) by the same hand as {@link #draw(int, Random)}. */
    static Drawing.Snapshot drawShape(double[][] shape, Random random) {
        return draw(random, r -> corners(shape, r));
    }

    private static Drawing.Snapshot draw(Random random, Function<Random, List<List<double[]>>> shape) {
        // the hand: size, proportions, slant, tilt and place on the canvas
        double height = 0.35 + 0.5 * random.nextDouble();
        double width = height * (0.55 + 0.4 * random.nextDouble());
        double shear = (random.nextDouble() - 0.5) * 0.5;
        double tilt = StrictMath.toRadians((random.nextDouble() - 0.5) * 24);
        double left = 0.05 + random.nextDouble() * Math.max(0, 0.9 - width - Math.abs(shear) * height);
        double top = 0.05 + random.nextDouble() * Math.max(0, 0.9 - height);
        double pen = 0.03 + 0.12 * random.nextDouble();
        double wobble = 0.012 * random.nextDouble();
        List<Stroke> strokes = new ArrayList<>();
        List<List<double[]>> lines = shape.apply(random);
        for (List<double[]> line : lines) {
            List<Point> points = new ArrayList<>();
            for (double[] p : smooth(line)) {
                double x = (p[0] - 0.5) + shear * (0.5 - p[1]), y = p[1] - 0.5;
                double rx = x * StrictMath.cos(tilt) - y * StrictMath.sin(tilt);
                double ry = x * StrictMath.sin(tilt) + y * StrictMath.cos(tilt);
                points.add(new Point(clamp(left + width * (rx + 0.5) + wobble * random.nextGaussian()),
                        clamp(top + height * (ry + 0.5) + wobble * random.nextGaussian())));
            }
            strokes.add(new Stroke(points, pen, false));
        }
        return new Drawing.Snapshot(null, strokes, 1);
    }

    /** The strokes' corners, each moved a little, as a hand never hits the same place twice. */
    private static List<List<double[]>> corners(double[][] shape, Random random) {
        List<List<double[]>> lines = new ArrayList<>();
        for (double[] stroke : shape) {
            List<double[]> line = new ArrayList<>();
            for (int k = 0; k < stroke.length; k += 2) {
                line.add(new double[] {stroke[k] + 0.05 * random.nextGaussian(), stroke[k + 1] + 0.04 * random.nextGaussian()});
            }
            lines.add(line);
        }
        return lines;
    }

    /** A 0: an oval from the top, round once and a little past, sometimes not quite closed. */
    private static List<double[]> ellipse(Random random) {
        double rx = 0.25 + 0.1 * random.nextDouble(), ry = 0.45;
        double end = 2 * Math.PI * (0.92 + 0.16 * random.nextDouble());
        List<double[]> line = new ArrayList<>();
        for (int k = 0; k <= 40; k++) {
            double a = end * k / 40;
            line.add(new double[] {0.5 - rx * StrictMath.sin(a), 0.5 - ry * StrictMath.cos(a)});
        }
        return line;
    }

    /** Rounds the corners (two passes of Chaikin's cutting), keeping the ends, and puts a point every ~1 %. */
    private static List<double[]> smooth(List<double[]> line) {
        List<double[]> p = line;
        for (int pass = 0; pass < 2 && p.size() > 2; pass++) {
            List<double[]> q = new ArrayList<>();
            q.add(p.get(0));
            for (int i = 0; i + 1 < p.size(); i++) {
                double[] a = p.get(i), b = p.get(i + 1);
                q.add(new double[] {0.75 * a[0] + 0.25 * b[0], 0.75 * a[1] + 0.25 * b[1]});
                q.add(new double[] {0.25 * a[0] + 0.75 * b[0], 0.25 * a[1] + 0.75 * b[1]});
            }
            q.add(p.get(p.size() - 1));
            p = q;
        }
        List<double[]> dense = new ArrayList<>();
        dense.add(p.get(0));
        for (int i = 0; i + 1 < p.size(); i++) {
            double[] a = p.get(i), b = p.get(i + 1);
            int steps = Math.max(1, (int) Math.ceil(StrictMath.hypot(b[0] - a[0], b[1] - a[1]) / 0.01));
            for (int s = 1; s <= steps; s++) {
                dense.add(new double[] {a[0] + (b[0] - a[0]) * s / steps, a[1] + (b[1] - a[1]) * s / steps});
            }
        }
        return dense;
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
