package digitlab.app.draw;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

import digitlab.files.AtomicFile;
import digitlab.model.Model;
import digitlab.model.ModelFile;
import digitlab.nn.Classifier;

/**
 * How well models read drawings: each model's share of {@link DrawnDigits} read right, in all and per
 * digit. Run from the repo root after {@code mvn -o test-compile}:
 * <pre>
 * java -cp "target/classes:target/test-classes:target/lib/*" digitlab.app.draw.DrawnSet [--per-digit N] [--seed S]
 *      [--sheet FILE.png] [--record] MODEL.json … (or "bundled" for the shipped models)
 * </pre>
 * {@code --sheet} writes the first 20 drawings of each digit as the network sees them, to look at;
 * {@code --record} writes each model file's share into its provenance ({@code drawn_accuracy}), which the
 * Draw view reads to start with the shipped model that reads drawings best.
 */
public final class DrawnSet {
    /** The drawn set the README's figures come from: 100 drawings of each digit, seed 2026. */
    static final int PER_DIGIT = 100;
    static final long SEED = 2026;

    private DrawnSet() {
    }

    /** The share of {@code drawn} that {@code model} reads right, and per digit. */
    record Score(double all, double[] perDigit) {
    }

    static Score score(Model model, List<DrawnDigits.Drawn> drawn) {
        Classifier classifier = new Classifier(model.parameters());
        int[] right = new int[10], seen = new int[10];
        float[] p = new float[10];
        for (DrawnDigits.Drawn d : drawn) {
            seen[d.label()]++;
            if (Classifier.best(classifier.probabilities(d.pixels(), p)) == d.label()) {
                right[d.label()]++;
            }
        }
        double[] perDigit = new double[10];
        int total = 0;
        for (int k = 0; k < 10; k++) {
            perDigit[k] = seen[k] == 0 ? Double.NaN : right[k] / (double) seen[k];
            total += right[k];
        }
        return new Score(total / (double) drawn.size(), perDigit);
    }

    public static void main(String[] args) throws Exception {
        int perDigit = PER_DIGIT;
        long seed = SEED;
        Path sheet = null;
        boolean record = false;
        List<Model> models = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--per-digit" -> perDigit = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--sheet" -> sheet = Path.of(args[++i]);
                case "--record" -> record = true;
                case "bundled" -> {
                    for (String name : ModelFile.bundledNames()) {
                        models.add(ModelFile.loadBundled(name));
                        files.add(null);
                    }
                }
                default -> {
                    models.add(ModelFile.load(Path.of(args[i])));
                    files.add(Path.of(args[i]));
                }
            }
        }
        List<DrawnDigits.Drawn> drawn = DrawnDigits.make(perDigit, seed);
        if (sheet != null) {
            writeSheet(drawn, sheet);
        }
        System.out.printf(Locale.ROOT, "drawn set: %d drawings (%d of each digit, seed %d)%n", drawn.size(), perDigit, seed);
        for (int m = 0; m < models.size(); m++) {
            Model model = models.get(m);
            Score s = score(model, drawn);
            StringBuilder digits = new StringBuilder();
            for (int k = 0; k < 10; k++) {
                digits.append(String.format(Locale.ROOT, " %d:%.0f", k, 100 * s.perDigit()[k]));
            }
            System.out.printf(Locale.ROOT, "%-24s %6.2f %%  per digit%s%n", model.name(), 100 * s.all(), digits);
            if (record && files.get(m) != null) {
                ModelFile.save(new Model(model.name(), model.parameters(), model.provenance().withDrawnAccuracy(s.all())),
                        files.get(m));
                System.out.println("  recorded in " + files.get(m));
            }
        }
    }

    /** Twenty drawings of each digit, a row per digit, 28 × 28 each, white ink on black as the network sees it. */
    private static void writeSheet(List<DrawnDigits.Drawn> drawn, Path file) throws IOException {
        int columns = 20, side = 28;
        BufferedImage image = new BufferedImage(columns * side, 10 * side, BufferedImage.TYPE_BYTE_GRAY);
        int[] placed = new int[10];
        for (DrawnDigits.Drawn d : drawn) {
            int column = placed[d.label()]++;
            if (column >= columns) {
                continue;
            }
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int v = Math.round(255 * d.pixels()[y * side + x]);
                    image.getRaster().setSample(column * side + x, d.label() * side + y, 0, v);
                }
            }
        }
        AtomicFile.write(file, AtomicFile.Replace.IF_WRITABLE, out -> ImageIO.write(image, "png", out));
    }
}
