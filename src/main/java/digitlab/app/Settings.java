package digitlab.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import digitlab.files.AtomicFile;

/**
 * What the app remembers between runs: the window's size and place, whether it was maximized, and the
 * model last used for drawing. The size and place are the window's outer ones, the frame the window manager
 * draws included, as JavaFX's {@code Stage} gives and takes them; when the window was maximized they are its
 * size and place before that. {@link WindowPlacement} decides what the window does with them. Kept in {@code settings.properties} in the user's config folder ({@code $XDG_CONFIG_HOME/digitlab},
 * else {@code ~/.config/digitlab}; the system property {@code digitlab.config} names another folder).
 * The file is written to a temporary file and renamed, so a crash leaves the old settings or the new ones.
 * <p>
 * Reading never fails: the file is the user's to edit, and a bad setting must not keep the window from
 * opening on every launch. Each setting that cannot be used is left out with one line on stderr naming the
 * file, the key and why, and its default is used; the good ones are still used. A file that cannot be a
 * settings file at all (a folder, unreadable, binary: NUL bytes and not UTF-8, over 64 KiB) gives the
 * defaults, with one line.
 *
 * @param width     the window's width, or NaN when none is remembered (the first start)
 * @param height    the window's height, or NaN
 * @param x         the window's left edge on the screens, or NaN when no place is remembered
 * @param y         its top edge, NaN exactly when {@code x} is
 * @param maximized whether the window was maximized when it closed
 * @param lastModel a model file's path, or null for the shipped model
 */
public record Settings(double width, double height, double x, double y, boolean maximized, String lastModel) {
    /** Window sizes outside this range are not a window anyone had: none is remembered instead. */
    static final double MIN_SIZE = 200, MAX_SIZE = 20_000;
    /** A window placed further than this from the origin is on no screen. */
    static final double MAX_PLACE = 100_000;
    /** Far larger than any settings file this app writes (about 200 bytes). */
    static final int MAX_BYTES = 64 * 1024;
    /** At most this many lines of warnings for one file, then one line saying how many more. */
    static final int MAX_WARNINGS = 10;
    static final String FILE = "settings.properties";
    static final String WIDTH = "window.width", HEIGHT = "window.height", X = "window.x", Y = "window.y",
            MAXIMIZED = "window.maximized", MODEL = "model.last";

    /** Nothing remembered: the first start. */
    public static Settings defaults() {
        return new Settings(Double.NaN, Double.NaN, Double.NaN, Double.NaN, false, null);
    }

    /** These settings with the window's (normal, not maximized) outer rectangle and whether it is maximized. */
    public Settings withWindow(double w, double h, double left, double top, boolean isMaximized) {
        return new Settings(w, h, left, top, isMaximized, lastModel);
    }

    public Settings withLastModel(String path) {
        return new Settings(width, height, x, y, maximized, path);
    }

    /** The last model's file, or null when none is remembered or the text cannot name a file on this system. */
    public Path lastModelFile() {
        return lastModel == null || pathProblem(lastModel) != null ? null : Path.of(lastModel);
    }

    /** The folder settings live in, from the system property, XDG_CONFIG_HOME or the home folder. */
    public static Path folder(Map<String, String> env) {
        String property = System.getProperty("digitlab.config");
        if (property != null && !property.isBlank()) {
            String problem = pathProblem(property);
            if (problem == null) {
                return Path.of(property);
            }
            System.err.println("DigitLab: the system property digitlab.config ignored: " + problem);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            String problem = pathProblem(xdg);
            if (problem == null) {
                return Path.of(xdg).resolve("digitlab");
            }
            System.err.println("DigitLab: XDG_CONFIG_HOME ignored: " + problem);
        }
        return Path.of(System.getProperty("user.home"), ".config", "digitlab");
    }

    /** The settings in {@code folder}; what cannot be used is told on stderr, one line each, and left out. */
    public static Settings load(Path folder) {
        return load(folder, System.err::println);
    }

    /**
     * The settings in {@code folder}, each setting that cannot be used replaced by its default with one line
     * to {@code warn}. A missing file is the first run: the defaults, and nothing to say.
     */
    public static Settings load(Path folder, Consumer<String> warn) {
        Path file = folder.resolve(FILE);
        String text;
        try {
            text = read(file);
        } catch (NoSuchFileException e) {
            return defaults();
        } catch (IOException e) {
            warn.accept("DigitLab: " + file + " ignored, the default settings are used: " + e.getMessage());
            return defaults();
        }
        Warnings w = new Warnings(file, warn);
        Map<String, String> found = new LinkedHashMap<>();
        for (Line line : logicalLines(text)) {
            Properties one = new Properties();
            try {
                one.load(new StringReader(line.text()));
            } catch (IOException | IllegalArgumentException e) {
                w.add("line " + line.number() + " ignored: " + e.getMessage());
                continue;
            }
            for (String key : one.stringPropertyNames()) {
                if (List.of(WIDTH, HEIGHT, X, Y, MAXIMIZED, MODEL).contains(key)) {
                    found.put(key, one.getProperty(key));
                } else {
                    w.add(shown(key) + " (line " + line.number() + ") ignored: not a DigitLab setting");
                }
            }
        }
        Settings d = defaults();
        double width = size(found, WIDTH, d.width(), w), height = size(found, HEIGHT, d.height(), w);
        double left = place(found, X, w), top = place(found, Y, w);
        if (Double.isFinite(left) != Double.isFinite(top)) {
            String kept = Double.isFinite(left) ? X : Y, other = Double.isFinite(left) ? Y : X;
            w.add(kept + " ignored: " + other + " is missing or unusable, and a place needs both");
            left = top = Double.NaN;
        }
        boolean maximized = flag(found, MAXIMIZED, w);
        w.done();
        return new Settings(width, height, left, top, maximized, model(found, w));
    }

    /** The file's text; NoSuchFileException when there is none, else an IOException whose message is the cause. */
    private static String read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        if (Files.isDirectory(file)) {
            throw new IOException("it is a folder, not a file");
        }
        if (!Files.isRegularFile(file)) {
            // a pipe or a device: reading it could wait forever
            throw new IOException("it is not a regular file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (AccessDeniedException e) {
            throw new IOException("permission denied", e);
        } catch (IOException e) {
            throw new IOException("cannot be read: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IOException("over " + MAX_BYTES + " bytes, too large to be a settings file");
        }
        boolean nul = false;
        for (byte b : bytes) {
            nul |= b == 0;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            if (nul) {
                throw new IOException("binary data (NUL bytes and no UTF-8 text), not a settings file");
            }
        }
        // a text file with some bytes that are not UTF-8 (edited as Latin-1, say): they become U+FFFD, and
        // only the settings they are in are lost
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
    }

    /** One key=value entry of a properties file, with its continuation lines, and the line it starts on. */
    record Line(int number, String text) {
    }

    /**
     * The file cut into the logical lines of {@link Properties#load(java.io.Reader)}, so that each is parsed
     * alone and one malformed line (a bad {@code \\u} escape) costs only that line. Comments and blank lines
     * are left out.
     */
    static List<Line> logicalLines(String text) {
        List<Line> lines = new ArrayList<>();
        String[] natural = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < natural.length; i++) {
            String first = natural[i].stripLeading();
            if (first.isEmpty() || first.startsWith("#") || first.startsWith("!")) {
                continue;
            }
            int start = i;
            StringBuilder line = new StringBuilder(natural[i]);
            while (endsInOddBackslashes(natural[i]) && i + 1 < natural.length) {
                i++;
                line.append('\n').append(natural[i]);
            }
            lines.add(new Line(start + 1, line.toString()));
        }
        return lines;
    }

    private static boolean endsInOddBackslashes(String s) {
        int n = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    /** A number, or NaN with the reason told when the text is there but not a usable number. */
    private static double number(Map<String, String> found, String key, Warnings w) {
        String text = found.get(key);
        if (text == null) {
            return Double.NaN;
        }
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            w.add(key + " ignored: " + shown(text) + " is not a number");
            return Double.NaN;
        }
        if (!Double.isFinite(v)) {
            w.add(key + " ignored: " + shown(text) + " is not a finite number");
            return Double.NaN;
        }
        return v;
    }

    private static double size(Map<String, String> found, String key, double fallback, Warnings w) {
        double v = number(found, key, w);
        if (Double.isNaN(v)) {
            return fallback;
        }
        if (v < MIN_SIZE || v > MAX_SIZE) {
            w.add(key + " ignored: " + shown(found.get(key)) + " is not a window size (" + (int) MIN_SIZE + " to "
                    + (int) MAX_SIZE + ")");
            return fallback;
        }
        return v;
    }

    /** true or false; anything else is false, told. */
    private static boolean flag(Map<String, String> found, String key, Warnings w) {
        String text = found.get(key);
        if (text == null || text.strip().equalsIgnoreCase("false")) {
            return false;
        }
        if (text.strip().equalsIgnoreCase("true")) {
            return true;
        }
        w.add(key + " ignored: " + shown(text) + " is neither true nor false");
        return false;
    }

    private static double place(Map<String, String> found, String key, Warnings w) {
        double v = number(found, key, w);
        if (Math.abs(v) > MAX_PLACE) {
            w.add(key + " ignored: " + shown(found.get(key)) + " is on no screen (beyond ±" + (int) MAX_PLACE + ")");
            return Double.NaN;
        }
        return v;
    }

    private static String model(Map<String, String> found, Warnings w) {
        String text = found.get(MODEL);
        if (text == null || text.isBlank()) {
            return null;
        }
        String problem = pathProblem(text);
        if (problem != null) {
            w.add(MODEL + " ignored, the shipped model is used: " + problem);
            return null;
        }
        return text;
    }

    /**
     * Why {@code text} cannot be a file's path on this system (a NUL, bytes that were not UTF-8 in the file,
     * characters the file-name encoding cannot hold), or null when it can.
     */
    static String pathProblem(String text) {
        if (text.indexOf('\0') >= 0) {
            return shown(text) + " contains a NUL character, which no file name can hold";
        }
        if (text.indexOf('\uFFFD') >= 0) {
            return shown(text) + " holds bytes that are not UTF-8 text";
        }
        try {
            Path.of(text);
            return null;
        } catch (InvalidPathException e) {
            return shown(text) + " cannot name a file here: " + e.getReason() + " (file names are encoded as "
                    + System.getProperty("sun.jnu.encoding", "the system's encoding") + ")";
        }
    }

    /** Text from the file as it can be printed on one line: quoted, control characters escaped, cut short. */
    static String shown(String text) {
        StringBuilder s = new StringBuilder("\"");
        int limit = 120;
        for (int i = 0; i < text.length() && i < limit; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                s.append(c == '"' || c == '\\' ? "\\" + c : String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append(text.length() > limit ? "…\"" : "\"").toString();
    }

    /** The lines told about one file, at most {@link #MAX_WARNINGS} and then how many more. */
    private static final class Warnings {
        private final Path file;
        private final Consumer<String> out;
        private int count;

        Warnings(Path file, Consumer<String> out) {
            this.file = file;
            this.out = out;
        }

        void add(String what) {
            if (++count <= MAX_WARNINGS) {
                out.accept("DigitLab: " + file + ": " + what);
            }
        }

        void done() {
            if (count > MAX_WARNINGS) {
                out.accept("DigitLab: " + file + ": " + (count - MAX_WARNINGS) + " more lines ignored");
            }
        }
    }

    /** Writes these settings to {@code folder} atomically (creating the folder). */
    public void save(Path folder) throws IOException {
        Files.createDirectories(folder);
        Properties p = new Properties();
        if (Double.isFinite(width)) {
            p.setProperty(WIDTH, Double.toString(width));
        }
        if (Double.isFinite(height)) {
            p.setProperty(HEIGHT, Double.toString(height));
        }
        p.setProperty(MAXIMIZED, Boolean.toString(maximized));
        if (Double.isFinite(x) && Double.isFinite(y)) {
            p.setProperty(X, Double.toString(x));
            p.setProperty(Y, Double.toString(y));
        }
        if (lastModel != null) {
            p.setProperty(MODEL, lastModel);
        }
        StringWriter text = new StringWriter();
        p.store(text, "DigitLab settings");
        AtomicFile.write(folder.resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
