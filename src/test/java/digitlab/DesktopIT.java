package digitlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The packaged app on a desktop as a person has one: an X server of 1440×900 (Xvfb) with a window manager
 * (openbox), which is where the window once opened at its minimum size with the Draw view's toolbar off-screen.
 * The window's size and place are read from the X server ({@code xwininfo}), the controls' places from the
 * layout report the app writes when asked ({@code -Ddigitlab.layoutReport}), and the two are held together:
 * every control of every view lies inside the window the X server shows, at the default size and at the
 * minimum size, and nothing is out of reach or cut short. Then the window is closed with Ctrl+Q and comes
 * back where it was. Needs Xvfb, openbox, xdotool, xwininfo and xprop; {@code .ci/run} installs them.
 */
class DesktopIT {
    private static final int SCREEN_WIDTH = 1440, SCREEN_HEIGHT = 900;
    /** Pixels of give in a measured size or place: the window manager rounds, JavaFX rounds. */
    private static final double TOLERANCE = 3;
    private static final String[][] VIEWS = {{"DRAW", "ctrl+1"}, {"TRAIN", "ctrl+2"}, {"GRAPH", "ctrl+3"},
            {"DESCENT", "ctrl+4"}};
    /** The commands needed and the Debian package each comes in. */
    private static final String[][] TOOLS = {{"Xvfb", "xvfb"}, {"openbox", "openbox"}, {"xdotool", "xdotool"},
            {"xwininfo", "x11-utils"}, {"xprop", "x11-utils"}};

    @TempDir
    static Path dir;
    private static Process xvfb, openbox;
    private static String display;

    /** A rectangle on the screen as xwininfo or the layout report gives it. */
    record Box(double x, double y, double width, double height) {
        boolean contains(Box b) {
            return b.x >= x - 0.5 && b.y >= y - 0.5 && b.x + b.width <= x + width + 0.5 && b.y + b.height <= y + height + 0.5;
        }

        boolean near(Box b, double tolerance) {
            return Math.abs(x - b.x) <= tolerance && Math.abs(y - b.y) <= tolerance && Math.abs(width - b.width) <= tolerance
                    && Math.abs(height - b.height) <= tolerance;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f×%.0f at (%.0f, %.0f)", width, height, x, y);
        }
    }

    @BeforeAll
    static void startTheDesktop() throws Exception {
        for (String[] tool : TOOLS) {
            if (run(10, "sh", "-c", "command -v " + tool[0]).exit() != 0) {
                fail("DesktopIT needs " + tool[0] + ", from the package " + tool[1] + " (apt-get install " + tool[1]
                        + "; .ci/run installs it)");
            }
        }
        Path number = dir.resolve("display");
        // -displayfd: Xvfb picks a free display itself and writes its number once it accepts connections
        xvfb = new ProcessBuilder("bash", "-c", "exec Xvfb -displayfd 3 -screen 0 " + SCREEN_WIDTH + "x" + SCREEN_HEIGHT
                + "x24 -nolisten tcp 3>\"$0\"", number.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("xvfb.log").toFile()).start();
        String n = waitFor(20, "Xvfb to start", () -> {
            String text = Files.exists(number) ? Files.readString(number).trim() : "";
            return text.matches("\\d+") ? text : null;
        }, () -> Files.readString(dir.resolve("xvfb.log")));
        display = ":" + n;
        Files.createDirectories(dir.resolve("openbox-config"));
        ProcessBuilder wm = new ProcessBuilder("openbox").redirectErrorStream(true).redirectOutput(dir.resolve("openbox.log").toFile());
        wm.environment().put("DISPLAY", display);
        wm.environment().put("XDG_CONFIG_HOME", dir.resolve("openbox-config").toString());
        openbox = wm.start();
        waitFor(20, "openbox to manage the screen",
                () -> x("xprop", "-root", "_NET_SUPPORTING_WM_CHECK").out().contains("window id") ? "" : null,
                () -> Files.readString(dir.resolve("openbox.log")));
    }

    @AfterAll
    static void endTheDesktop() throws InterruptedException {
        for (Process p : new Process[] {openbox, xvfb}) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    @Test
    void theWindowOpensAt85PercentOfTheScreenAndEveryViewFitsInItThereAndAtTheMinimumSize() throws Exception {
        List<String> findings = new ArrayList<>();
        try (App app = new App(dir.resolve("first"))) {
            Box area = workArea();
            double w = Math.min(1440, Math.round(area.width() * 0.85)), h = Math.min(900, Math.round(area.height() * 0.85));
            Box expected = new Box(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h);
            Box frame = app.settledFrame();
            assertTrue(frame.near(expected, TOLERANCE), "the window opened at " + frame + ", not at 85% of the screen's "
                    + area + ", centred: " + expected + " (its client area is " + app.client() + ")");
            assertTrue(new Box(0, 0, SCREEN_WIDTH, SCREEN_HEIGHT).contains(frame),
                    "the window at " + frame + " is not inside the " + SCREEN_WIDTH + "×" + SCREEN_HEIGHT + " screen");
            everyViewFits("at the default size", "default", app, findings);

            app.x("xdotool", "windowsize", app.id, "600", "400");
            Box small = app.settledFrame();
            assertTrue(small.near(new Box(small.x(), small.y(), 800, 600), TOLERANCE),
                    "asked for 600×400, the window is " + small + ": not held at its minimum of 800×600");
            everyViewFits("at the minimum size", "minimum", app, findings);
        }
        assertTrue(findings.isEmpty(), "what a person on this desktop would meet:\n" + String.join("\n", findings));
    }

    @Test
    void aWindowClosedWithCtrlQComesBackAtItsSizeAndPlace() throws Exception {
        Path home = dir.resolve("again");
        Box frame, client;
        try (App app = new App(home)) {
            app.report(r -> true, "the first layout report, the app being up");
            app.x("xdotool", "windowsize", app.id, "900", "650");
            app.x("xdotool", "windowmove", app.id, "200", "100");
            frame = app.settledFrame();
            client = app.client();
            assertTrue(frame.near(new Box(200, 100, frame.width(), frame.height()), TOLERANCE) && client.width() == 900,
                    "the window was moved and resized: " + frame + ", client " + client);
            app.quit();
        }
        try (App app = new App(home)) {
            assertTrue(app.frame().near(frame, 1), "closed at " + frame + ", it came back at " + app.frame()
                    + "; the settings:\n" + app.settings());
            assertTrue(app.client().near(client, 1), "the client area was " + client + ", it came back as " + app.client());
        }
    }

    @Test
    void aMaximizedWindowComesBackMaximizedAndUnmaximizesToItsFormerSizeAndPlace() throws Exception {
        Path home = dir.resolve("maximized");
        Box normal;
        try (App app = new App(home)) {
            app.report(r -> true, "the first layout report, the app being up");
            app.x("xdotool", "windowsize", app.id, "900", "650");
            app.x("xdotool", "windowmove", app.id, "200", "100");
            normal = app.settledFrame();
            app.toggleMaximized();
            Box full = app.settledFrame();
            assertTrue(full.width() > 1400, "maximized: " + full);
            app.quit();
            assertTrue(app.settings().contains("window.maximized=true"), app.settings());
        }
        try (App app = new App(home)) {
            Box full = app.settledFrame();
            assertTrue(full.width() > 1400, "the window came back maximized: " + full + "; the settings:\n" + app.settings());
            app.toggleMaximized();
            Box back = app.settledFrame();
            assertTrue(back.near(normal, 1), "un-maximized, the window is at " + back + ", not where it was before: " + normal);
        }
    }

    @Test
    void aSizeAndPlaceInTheSettingsAreWhereTheWindowOpens() throws Exception {
        Path home = dir.resolve("remembered");
        Path settings = home.resolve("config").resolve("digitlab").resolve("settings.properties");
        Files.createDirectories(settings.getParent());
        Files.writeString(settings, "window.width=1000\nwindow.height=700\nwindow.x=50\nwindow.y=60\n");
        try (App app = new App(home)) {
            Box frame = app.settledFrame();
            assertTrue(frame.near(new Box(50, 60, 1000, 700), 1), "the settings say 1000×700 at (50, 60); the window is " + frame);
        }
    }

    /**
     * Each view in turn: every control inside the window as the X server has it, and no problem LayoutAudit finds;
     * a screenshot of each as target/desktop-it/SIZE-VIEW.png.
     */
    private static void everyViewFits(String when, String size, App app, List<String> findings) throws Exception {
        for (String[] view : VIEWS) {
            app.key(view[1]);
            Box client = app.client();
            JsonNode report = app.report(r -> r.path("view").asText().equals(view[0]) && box(r.path("scene")).near(client, 1),
                    "the " + view[0] + " view's report with the scene at " + client);
            app.screenshot(size + "-" + view[0].toLowerCase(Locale.ROOT));
            int count = 0;
            for (JsonNode c : report.path("controls")) {
                count++;
                Box b = box(c);
                // a control scrolled out of view is not on the screen; it is reachable when its scroll pane is
                if (c.path("inScene").asBoolean() && !client.contains(b)) {
                    findings.add(view[0] + " " + when + ": " + c.path("name").asText() + " at " + b
                            + " lies outside the window the X server shows, " + client);
                }
            }
            if (count < 3) {
                findings.add(view[0] + " " + when + ": only " + count + " controls found, the report is not of the view:\n" + report);
            }
            for (JsonNode p : report.path("problems")) {
                findings.add(view[0] + " " + when + " (" + Math.round(client.width()) + "×" + Math.round(client.height())
                        + "): " + p.asText());
            }
        }
    }

    private static Box box(JsonNode r) {
        return new Box(r.path("x").asDouble(), r.path("y").asDouble(), r.path("width").asDouble(), r.path("height").asDouble());
    }

    /** The screen less what panels take, as the window manager says (_NET_WORKAREA), else the whole screen. */
    private static Box workArea() throws Exception {
        Matcher m = Pattern.compile("= (\\d+), (\\d+), (\\d+), (\\d+)").matcher(x("xprop", "-root", "_NET_WORKAREA").out());
        return m.find() ? new Box(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                Double.parseDouble(m.group(4))) : new Box(0, 0, SCREEN_WIDTH, SCREEN_HEIGHT);
    }

    /** The packaged app, started as a person starts it, on the test's desktop with settings of its own. */
    private static final class App implements AutoCloseable {
        private final Path home, log, report;
        private final Process process;
        final String id;

        App(Path home) throws Exception {
            this.home = home;
            Files.createDirectories(home);
            log = Files.createTempFile(home, "app", ".log");
            report = home.resolve("layout.json");
            Files.deleteIfExists(report);
            Path jar = Path.of(System.getProperty("digitlab.jar", "target/digitlab.jar")).toAbsolutePath();
            assertTrue(Files.isRegularFile(jar), jar + " was built");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--add-modules", "jdk.incubator.vector", "-Ddigitlab.layoutReport=" + report, "-jar", jar.toString());
            env(pb.environment());
            pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
            pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
            process = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                id = window();
                settledFrame(); // the app sizes its window once it is shown
            } catch (Exception | AssertionError e) {
                close();
                throw e;
            }
        }

        private String window() throws Exception {
            try {
                return DesktopIT.x(90, "xdotool", "search", "--sync", "--onlyvisible", "--name", "^DigitLab$").out().lines()
                        .findFirst().orElseThrow();
            } catch (AssertionError e) {
                throw new AssertionError("no DigitLab window appeared:\n" + Files.readString(log), e);
            }
        }

        Run x(String... command) throws Exception {
            return DesktopIT.x(command);
        }

        void key(String keys) throws Exception {
            x("xdotool", "windowactivate", "--sync", id);
            x("xdotool", "key", "--clearmodifiers", keys);
        }

        /** The client area (what JavaFX draws in), from the X server. */
        Box client() throws Exception {
            return geometry(id);
        }

        /** The outer window, frame included: the client's ancestor just below the root. */
        Box frame() throws Exception {
            String window = id;
            for (int depth = 0; depth < 10; depth++) {
                Matcher parent = Pattern.compile("Parent window id: (0x[0-9a-f]+)( \\(the root window\\))?")
                        .matcher(x("xwininfo", "-tree", "-id", window).out());
                if (!parent.find() || parent.group(2) != null) {
                    return geometry(window);
                }
                window = parent.group(1);
            }
            throw new AssertionError("no frame window above " + id);
        }

        /** The frame once it has stopped changing (a resize or move asked of the window manager is done). */
        Box settledFrame() throws Exception {
            Thread.sleep(500);
            Box last = frame();
            for (int i = 0; i < 40; i++) {
                Thread.sleep(250);
                Box now = frame();
                if (now.equals(last)) {
                    return now;
                }
                last = now;
            }
            throw new AssertionError("the window kept changing: " + last);
        }

        /** The layout report once it passes {@code wanted} (it is written 300 ms after each change). */
        JsonNode report(Predicate<JsonNode> wanted, String what) throws Exception {
            JsonNode[] last = {null};
            return waitFor(30, what, () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("the app ended:\n" + Files.readString(log));
                }
                if (!Files.exists(report)) {
                    return null;
                }
                last[0] = new ObjectMapper().readTree(Files.readAllBytes(report));
                return wanted.test(last[0]) ? last[0] : null;
            }, () -> "the X server has the window at " + frame() + ", client " + client() + "; the last report:\n" + last[0]
                    + "\nthe app's output:\n" + Files.readString(log));
        }

        /** A double click on the title bar, which maximizes the window in openbox, or un-maximizes it. */
        void toggleMaximized() throws Exception {
            Box frame = frame();
            x("xdotool", "mousemove", Long.toString(Math.round(frame.x() + frame.width() / 2)), Long.toString(Math.round(frame.y() + 8)),
                    "click", "--repeat", "2", "--delay", "80", "1");
        }

        /** Ctrl+Q, and the app ends by itself. */
        void quit() throws Exception {
            key("ctrl+q");
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("Ctrl+Q did not end the app:\n" + Files.readString(log));
            }
            assertEquals(0, process.exitValue(), Files.readString(log));
        }

        String settings() throws IOException {
            Path file = home.resolve("config").resolve("digitlab").resolve("settings.properties");
            return Files.exists(file) ? Files.readString(file) : "(none written)";
        }

        /** The whole screen as target/desktop-it/NAME.png, for a person to look at when a check fails. */
        void screenshot(String name) throws Exception {
            Path folder = Path.of("target", "desktop-it");
            Files.createDirectories(folder);
            if (run(10, "sh", "-c", "command -v import").exit() == 0) {
                x("import", "-window", "root", folder.resolve(name + ".png").toString());
            }
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static Box geometry(String window) throws Exception {
        String info = x("xwininfo", "-id", window).out();
        return new Box(number(info, "Absolute upper-left X"), number(info, "Absolute upper-left Y"), number(info, "Width"),
                number(info, "Height"));
    }

    private static double number(String xwininfo, String field) {
        Matcher m = Pattern.compile(Pattern.quote(field) + ":\\s+(-?\\d+)").matcher(xwininfo);
        if (!m.find()) {
            throw new AssertionError("xwininfo gave no " + field + ":\n" + xwininfo);
        }
        return Double.parseDouble(m.group(1));
    }

    record Run(int exit, String out) {
    }

    /** An X client command on the test's display; it must succeed within 20 s. */
    private static Run x(String... command) throws Exception {
        return x(20, command);
    }

    private static Run x(long seconds, String... command) throws Exception {
        Run r = run(seconds, command);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (" + r.exit() + "):\n" + r.out());
        }
        return r;
    }

    private static void env(Map<String, String> env) {
        env.put("DISPLAY", display == null ? "" : display);
        env.remove("WAYLAND_DISPLAY");
    }

    private static Run run(long seconds, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        env(pb.environment());
        Path out = Files.createTempFile(dir, "run", ".txt");
        Process p = pb.redirectOutput(out.toFile()).start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s:\n" + Files.readString(out));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    interface Probe<T> {
        /** The value waited for, or null while it is not there yet. */
        T get() throws Exception;
    }

    interface Details {
        String get() throws Exception;
    }

    private static <T> T waitFor(long seconds, String what, Probe<T> probe, Details details) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("waited " + seconds + " s for " + what + "; " + details.get());
    }
}
