package digitlab.app;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Properties;

import digitlab.files.AtomicFile;

/**
 * Remembers that this machine has no graphics pipeline JavaFX can use, so that the next start skips the probe.
 *
 * <p>JavaFX tries OpenGL (es2) first and falls back to software rendering. Where OpenGL is only Mesa's software
 * renderer (a virtual machine, a remote desktop, Xvfb), the attempt loads Mesa, fails JavaFX's hardware check
 * and costs about 0.3 s of the window's start and 60 MB resident (from the jlink image under Xvfb with openbox:
 * the window appeared after 1.63 s on the start that probed, 1.25–1.36 s on those that did not; 209 → 147–155 MB). So when a start ended in software rendering, the day is written to
 * {@value #FILE} in the settings folder, and starts within {@value #DAYS} days of it ask for software rendering
 * straight away; then JavaFX probes again, in case a driver was installed. A {@code prism.order} the user
 * gives is never overridden. A start with hardware rendering writes that instead.
 */
public final class GraphicsMemory {
    static final String FILE = "graphics.properties";
    static final String PIPELINE = "pipeline", CHECKED = "checked", SOFTWARE = "software", HARDWARE = "hardware";
    /** A remembered software pipeline is trusted this many days, then probed again. */
    static final int DAYS = 7;

    /** Whether this start asked for software rendering because of what was remembered. */
    private static boolean askedForSoftware;

    private GraphicsMemory() {
    }

    /**
     * Before JavaFX starts: sets {@code prism.order} to {@code sw} when no {@code prism.order} is given and
     * {@link #softwareRemembered} says so. Changes only that system property.
     */
    public static void beforeStart(Path folder, LocalDate today) {
        if (System.getProperty("prism.order") == null && softwareRemembered(folder, today)) {
            System.setProperty("prism.order", "sw");
            askedForSoftware = true;
        }
    }

    /** Whether {@code folder} remembers a start with software rendering on a day from {@code today − DAYS} to today. */
    static boolean softwareRemembered(Path folder, LocalDate today) {
        Properties p = read(folder);
        if (!SOFTWARE.equals(p.getProperty(PIPELINE))) {
            return false;
        }
        try {
            LocalDate checked = LocalDate.parse(p.getProperty(CHECKED, "").strip());
            return !checked.isAfter(today) && !checked.plusDays(DAYS).isBefore(today);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /**
     * Once the window is shown: remembers whether the pipeline is a hardware one. Writes the file only when
     * JavaFX probed (software rendering was not asked for) and the answer differs from what it holds, or
     * the software answer is from another day. A file that cannot be written is told on stderr, once.
     */
    public static void afterStart(Path folder, boolean hardware, LocalDate today) {
        if (askedForSoftware) {
            return;
        }
        Properties old = read(folder);
        String pipeline = hardware ? HARDWARE : SOFTWARE;
        if (pipeline.equals(old.getProperty(PIPELINE)) && (hardware || today.toString().equals(old.getProperty(CHECKED)))) {
            return;
        }
        Properties p = new Properties();
        p.setProperty(PIPELINE, pipeline);
        p.setProperty(CHECKED, today.toString());
        try {
            StringWriter text = new StringWriter();
            p.store(text, "DigitLab: the graphics pipeline JavaFX found on the last start that probed it");
            Files.createDirectories(folder);
            AtomicFile.write(folder.resolve(FILE), text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            System.err.println("DigitLab: " + folder.resolve(FILE) + " not written: " + e.getMessage());
        }
    }

    /** The file's properties; none when it is missing, too big to be ours, or unreadable. */
    private static Properties read(Path folder) {
        Properties p = new Properties();
        Path file = folder.resolve(FILE);
        try {
            if (Files.isRegularFile(file) && Files.size(file) <= 4096) {
                p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            }
        } catch (IOException | IllegalArgumentException e) {
            return new Properties();
        }
        return p;
    }
}
