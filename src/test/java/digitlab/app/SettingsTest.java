package digitlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings file: written whole or not at all, read back, and never trusted blindly. */
@Tag("slow")
class SettingsTest {
    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private Settings load(String text) throws Exception {
        return load(text.getBytes(StandardCharsets.UTF_8));
    }

    private Settings load(byte[] bytes) throws Exception {
        Files.write(dir.resolve(Settings.FILE), bytes);
        return Settings.load(dir, warnings::add);
    }

    /** One warning line for each (key, reason) pair, and no other line; each names the file. */
    private void assertWarnings(String... keysAndReasons) {
        assertEquals(keysAndReasons.length / 2, warnings.size(), String.join("\n", warnings));
        for (int i = 0; i < keysAndReasons.length; i += 2) {
            String key = keysAndReasons[i], reason = keysAndReasons[i + 1];
            assertEquals(1, warnings.stream().filter(w -> w.contains(key) && w.contains(reason)).count(),
                    "one line naming " + key + " and saying '" + reason + "':\n" + String.join("\n", warnings));
        }
        for (String w : warnings) {
            assertTrue(w.startsWith("DigitLab: " + dir.resolve(Settings.FILE) + ": "), "names the file: " + w);
            assertTrue(w.lines().count() == 1 && w.chars().noneMatch(c -> c < 0x20), "one printable line: " + w);
        }
    }

    @Test
    void settingsSavedAreReadBackAndNoTemporaryFileIsLeft() throws Exception {
        Settings s = Settings.defaults().withWindow(900, 650, 40, 30, true).withLastModel("/tmp/m.json");
        s.save(dir.resolve("digitlab"));
        assertEquals(s, Settings.load(dir.resolve("digitlab"), warnings::add));
        assertEquals(List.of(), warnings);
        try (var list = Files.list(dir.resolve("digitlab"))) {
            assertEquals(1, list.count());
        }
    }

    @Test
    void aWindowThatWasNeverSizedIsSavedWithoutASizeAndReadBackWithout() throws Exception {
        Settings s = Settings.defaults().withLastModel("/tmp/m.json");
        s.save(dir);
        String text = Files.readString(dir.resolve(Settings.FILE));
        assertTrue(!text.contains("window.width") && !text.contains("window.x"), text);
        assertEquals(s, Settings.load(dir, warnings::add));
        assertEquals(List.of(), warnings);
    }

    @Test
    void theMaximizedFlagIsTrueOrFalseAndAnythingElseIsFalseWithOneLine() throws Exception {
        assertTrue(load("window.maximized=true\n").maximized());
        assertTrue(!load("window.maximized=false\n").maximized());
        assertEquals(List.of(), warnings);
        Settings s = load("window.maximized=yes\nwindow.width=900\n");
        assertTrue(!s.maximized());
        assertEquals(900, s.width());
        assertWarnings("window.maximized", "\"yes\" is neither true nor false");
    }

    @Test
    void aMissingFileGivesTheDefaultsWithoutAWord() {
        assertEquals(Settings.defaults(), Settings.load(dir, warnings::add));
        assertEquals(List.of(), warnings);
    }

    @Test
    void sizesOutOfReasonAreReplacedByTheDefaultsEachWithOneLine() throws Exception {
        Settings s = load("window.width=5\nwindow.height=NaN\nwindow.x=1e300\nwindow.y=10\nmodel.last=\n");
        assertTrue(Double.isNaN(s.width()) && Double.isNaN(s.height()), "no size remembered: the window takes its default");
        assertTrue(Double.isNaN(s.x()) && Double.isNaN(s.y()), "a place needs both numbers");
        assertNull(s.lastModel());
        assertWarnings("window.width", "not a window size", "window.height", "not a finite number",
                "window.x", "on no screen", "window.y", "a place needs both");
    }

    @Test
    void eachBadWindowSettingIsIgnoredWithOneLineNamingItsKeyAndTheGoodOnesAreStillUsed() throws Exception {
        Settings s = load("window.width=wide\nwindow.height=-640\nwindow.x=-300\nwindow.y=-20.5\nmodel.last=/m/a.json\n");
        assertTrue(Double.isNaN(s.width()) && Double.isNaN(s.height()), "no size remembered: the window takes its default");
        assertEquals(-300, s.x(), "a screen left of the main one has negative places");
        assertEquals(-20.5, s.y());
        assertEquals("/m/a.json", s.lastModel());
        assertWarnings("window.width", "\"wide\" is not a number", "window.height", "\"-640\" is not a window size");

        warnings.clear();
        s = load("window.width=1e9\nwindow.height=Infinity\nwindow.x=12\n");
        assertEquals(Settings.defaults(), s);
        assertWarnings("window.width", "not a window size", "window.height", "not a finite number",
                "window.x", "a place needs both");
    }

    @Test
    void aLastModelPathWithANulIsLeftOutWithOneLineAndTheWindowSettingsAreStillUsed() throws Exception {
        // as an escape, the way Properties writes it, and as a raw byte in an otherwise good text file
        for (String nul : new String[] {"\\u0000", "\0"}) {
            warnings.clear();
            Settings s = load("window.width=900\nwindow.height=650\nmodel.last=/home/me/a" + nul + "b.json\n");
            assertNull(s.lastModel());
            assertNull(s.lastModelFile(), "the app is given no path, so it opens with the shipped model");
            assertEquals(900, s.width());
            assertEquals(650, s.height());
            assertWarnings("model.last", "contains a NUL character");
        }
    }

    @Test
    void aLastModelPathWhoseBytesAreNotUtf8IsLeftOutAndTheRestIsStillUsed() throws Exception {
        byte[] latin1 = "window.width=900\nmodel.last=/home/me/caf\u00e9.json\n".getBytes(StandardCharsets.ISO_8859_1);
        Settings s = load(latin1);
        assertNull(s.lastModel());
        assertEquals(900, s.width());
        assertWarnings("model.last", "not UTF-8 text");
    }

    /** Run in a JVM whose file names are ASCII (LC_ALL=C): what the app does with the settings, in plain Java. */
    public static final class InAsciiLocale {
        public static void main(String[] args) {
            Settings s = Settings.load(Path.of(args[0]));
            Path model = s.lastModelFile(); // DigitLabApp hands this to the Draw view
            System.out.println("jnu=" + System.getProperty("sun.jnu.encoding") + " lastModel=" + s.lastModel()
                    + " file=" + model + " width=" + s.width());
        }
    }

    @Test
    void aLastModelPathTheFileNameEncodingCannotHoldIsLeftOutInsteadOfStoppingTheApp() throws Exception {
        Files.writeString(dir.resolve(Settings.FILE), "window.width=900\nmodel.last=/home/me/caf\u00e9.json\n",
                StandardCharsets.UTF_8);
        String classpath = Path.of(Settings.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + File.pathSeparator
                + Path.of(SettingsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, InAsciiLocale.class.getName(), dir.toString());
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("LANG", "C");
        Path out = dir.resolve("out.txt"), err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the probe JVM finished");
        String stdout = Files.readString(out), stderr = Files.readString(err);
        assertEquals(0, p.exitValue(), stdout + stderr);
        assertTrue(stdout.startsWith("jnu=ANSI_X3.4-1968 "), "file names are ASCII in the C locale: " + stdout);
        assertTrue(stdout.contains("lastModel=null file=null width=900.0"), stdout);
        assertEquals(1, stderr.lines().count(), stderr);
        assertTrue(stderr.contains("model.last ignored") && stderr.contains("cannot name a file here")
                && stderr.contains("ANSI_X3.4-1968"), stderr);
    }

    @Test
    void unknownKeysAreIgnoredOneLineEachAndAfterTenOneLineSaysHowManyMore() throws Exception {
        Settings s = load("# a comment\ncolour = red\n\nwindow.width=900\n");
        assertEquals(900, s.width());
        assertWarnings("\"colour\" (line 2)", "not a DigitLab setting");

        warnings.clear();
        StringBuilder many = new StringBuilder("window.height=650\n");
        for (int i = 0; i < 25; i++) {
            many.append("key").append(i).append("=x\n");
        }
        assertEquals(650, load(many.toString()).height());
        assertEquals(11, warnings.size(), String.join("\n", warnings));
        assertTrue(warnings.get(10).endsWith(": 15 more lines ignored"), warnings.get(10));
    }

    @Test
    void aMalformedEscapeCostsOnlyItsOwnLine() throws Exception {
        Settings s = load("window.width=900\nwindow.x=\\uzzzz\nwindow.height=650\n");
        assertEquals(900, s.width());
        assertEquals(650, s.height());
        assertWarnings("line 2 ignored", "Malformed");
        warnings.clear();
        assertEquals(Settings.defaults(), load(new byte[] {'\\', 'u', 'z', 'z', 'z', 'z'}));
        assertWarnings("line 1 ignored", "Malformed");
    }

    @Test
    void aValueContinuedOnTheNextLineIsReadWhole() throws Exception {
        Settings s = load("model.last=/home/me/\\\n    mine.json\nwindow.width=900\n");
        assertEquals("/home/me/mine.json", s.lastModel());
        assertEquals(900, s.width());
        assertEquals(List.of(), warnings);
    }

    @Test
    void aSettingsFileThatIsAFolderBinaryOrTooLargeGivesTheDefaultsWithOneLine() throws Exception {
        Files.createDirectories(dir.resolve(Settings.FILE));
        assertEquals(Settings.defaults(), Settings.load(dir, warnings::add));
        assertEquals(1, warnings.size(), String.join("\n", warnings));
        assertTrue(warnings.get(0).contains(Settings.FILE + " ignored") && warnings.get(0).contains("a folder"),
                warnings.get(0));
        Files.delete(dir.resolve(Settings.FILE));

        warnings.clear();
        byte[] garbage = new byte[4096];
        new Random(13).nextBytes(garbage);
        garbage[100] = 0;
        assertEquals(Settings.defaults(), load(garbage));
        assertEquals(1, warnings.size(), String.join("\n", warnings));
        assertTrue(warnings.get(0).contains("binary data"), warnings.get(0));

        warnings.clear();
        assertEquals(Settings.defaults(), load("# padding\n".repeat(10_000) + "window.width=900\n"));
        assertEquals(1, warnings.size(), String.join("\n", warnings));
        assertTrue(warnings.get(0).contains("too large"), warnings.get(0));
    }

    @Test
    void aSettingsFileThatIsAPipeIsNotReadAndGivesTheDefaultsWithOneLine() throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve(Settings.FILE).toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        // reading a pipe nobody writes to would wait forever, and the window would never open
        Settings s = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Settings.load(dir, warnings::add));
        assertEquals(Settings.defaults(), s);
        assertEquals(1, warnings.size(), String.join("\n", warnings));
        assertTrue(warnings.get(0).contains("not a regular file"), warnings.get(0));
    }

    @Test
    void theFolderFollowsXdgConfigHomeUnlessTheSystemPropertyNamesOne() {
        String before = System.getProperty("digitlab.config");
        try {
            System.clearProperty("digitlab.config");
            assertEquals(Path.of("/x/conf/digitlab"), Settings.folder(Map.of("XDG_CONFIG_HOME", "/x/conf")));
            assertEquals(Path.of(System.getProperty("user.home"), ".config", "digitlab"), Settings.folder(Map.of()));
            System.setProperty("digitlab.config", "/y");
            assertEquals(Path.of("/y"), Settings.folder(Map.of("XDG_CONFIG_HOME", "/x/conf")));
            System.setProperty("digitlab.config", "/y\0z");
            assertEquals(Path.of("/x/conf/digitlab"), Settings.folder(Map.of("XDG_CONFIG_HOME", "/x/conf")),
                    "a property that cannot be a path is passed over");
        } finally {
            if (before == null) {
                System.clearProperty("digitlab.config");
            } else {
                System.setProperty("digitlab.config", before);
            }
        }
    }
}
