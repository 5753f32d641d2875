package digitlab.app;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import digitlab.files.AtomicFile;

/**
 * What the app remembers between runs: the window's size and place, and the model last used for
 * drawing. Kept in {@code settings.properties} in the user's config folder ({@code $XDG_CONFIG_HOME/digitlab},
 * else {@code ~/.config/digitlab}; the system property {@code digitlab.config} names another folder).
 * A missing or unreadable file gives the defaults; the file is written to a temporary file and renamed,
 * so a crash leaves the old settings or the new ones.
 *
 * @param lastModel a model file's path, or null for the shipped model
 */
public record Settings(double width, double height, double x, double y, String lastModel) {
    public static final double DEFAULT_WIDTH = 1120, DEFAULT_HEIGHT = 720;
    static final String FILE = "settings.properties";

    public static Settings defaults() {
        return new Settings(DEFAULT_WIDTH, DEFAULT_HEIGHT, Double.NaN, Double.NaN, null);
    }

    public Settings withWindow(double w, double h, double left, double top) {
        return new Settings(w, h, left, top, lastModel);
    }

    public Settings withLastModel(String path) {
        return new Settings(width, height, x, y, path);
    }

    /** The folder settings live in, from the system property, XDG_CONFIG_HOME or the home folder. */
    public static Path folder(Map<String, String> env) {
        String property = System.getProperty("digitlab.config");
        if (property != null && !property.isBlank()) {
            return Path.of(property);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("digitlab");
    }

    /** The settings in {@code folder}, or the defaults where the file is missing, unreadable or odd. */
    public static Settings load(Path folder) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(folder.resolve(FILE), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return defaults();
        }
        Settings d = defaults();
        String model = p.getProperty("model.last");
        return new Settings(size(p, "window.width", d.width()), size(p, "window.height", d.height()),
                number(p, "window.x"), number(p, "window.y"), model == null || model.isBlank() ? null : model);
    }

    private static double number(Properties p, String key) {
        try {
            double v = Double.parseDouble(p.getProperty(key, "NaN"));
            return Double.isFinite(v) && Math.abs(v) < 100_000 ? v : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double size(Properties p, String key, double fallback) {
        double v = number(p, key);
        return v >= 200 && v <= 20_000 ? v : fallback;
    }

    /** Writes these settings to {@code folder} atomically (creating the folder). */
    public void save(Path folder) throws IOException {
        Files.createDirectories(folder);
        Properties p = new Properties();
        p.setProperty("window.width", Double.toString(width));
        p.setProperty("window.height", Double.toString(height));
        if (Double.isFinite(x) && Double.isFinite(y)) {
            p.setProperty("window.x", Double.toString(x));
            p.setProperty("window.y", Double.toString(y));
        }
        if (lastModel != null) {
            p.setProperty("model.last", lastModel);
        }
        StringWriter text = new StringWriter();
        p.store(text, "DigitLab settings");
        AtomicFile.write(folder.resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
