package digitlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javafx.application.Application;

/**
 * The files of src/main/jpackage/ that `mvn -Pinstaller package` hands jpackage for the .deb: the menu entry
 * and the maintainer scripts that put the command on the PATH and take it away again. Each is filled in as
 * jpackage does (its upper-case words) and checked as the system would use it: the entry's keys, and the
 * scripts run by sh in a folder that stands for the root (DPKG_ROOT, which dpkg sets for such installs).
 */
class InstallerFilesTest {
    private static final Path SOURCES = Path.of("src/main/jpackage");
    private static final String LAUNCHER = "/opt/digitlab/bin/digitlab";
    private static final String COMPLETION = "/opt/digitlab/lib/runtime/share/bash-completion/completions/digitlab";

    @TempDir
    Path root;

    record Run(int exit, String err) {
    }

    /** The words jpackage fills in, with the values it gives them for the digitlab package. */
    private static final Map<String, String> JPACKAGE_WORDS = Map.of(
            "APPLICATION_LAUNCHER", LAUNCHER,
            "APPLICATION_PACKAGE", "digitlab",
            "APPLICATION_DESCRIPTION", "Draw a digit, train the network",
            "APPLICATION_ICON", "/opt/digitlab/lib/digitlab.png",
            // jpackage's xdg-desktop-menu commands; here they note that they ran
            "DESKTOP_COMMANDS_INSTALL", "echo menu-installed >> \"$DPKG_ROOT/menu.log\"",
            "DESKTOP_COMMANDS_UNINSTALL", "echo menu-removed >> \"$DPKG_ROOT/menu.log\"");

    private static String filledIn(String file) throws IOException {
        String text = Files.readString(SOURCES.resolve(file));
        for (var word : JPACKAGE_WORDS.entrySet()) {
            text = text.replace(word.getKey(), word.getValue());
        }
        Matcher left = Pattern.compile("\\b[A-Z]+(?:_[A-Z]+)+\\b").matcher(text);
        while (left.find()) {
            assertEquals("DPKG_ROOT", left.group(), file + " has a word jpackage does not fill in");
        }
        return text;
    }

    private Run script(String file, String argument) throws Exception {
        Path filled = Files.writeString(root.resolve(file + ".sh"), filledIn(file));
        ProcessBuilder pb = new ProcessBuilder("sh", filled.toString(), argument);
        pb.environment().put("DPKG_ROOT", root.toString());
        Path err = root.resolve(file + ".err");
        Process p = pb.redirectErrorStream(false).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), file + " did not finish");
        return new Run(p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    }

    private Path in(String path) {
        return root.resolve(path.substring(1));
    }

    private void systemWithBashCompletion() throws IOException {
        Files.createDirectories(in("/usr/bin"));
        Files.createDirectories(in("/usr/share/bash-completion/completions"));
    }

    @Test
    void theMenuEntryStartsTheLauncherWithoutArgumentsUnderEducationAndScienceWithItsIcon() throws Exception {
        Map<String, String> entry = new LinkedHashMap<>();
        List<String> lines = filledIn("launcher.desktop").lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertEquals("[Desktop Entry]", lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            int eq = line.indexOf('=');
            assertTrue(eq > 0, "a key=value line: " + line);
            assertEquals(null, entry.put(line.substring(0, eq), line.substring(eq + 1)), "one " + line);
        }
        assertEquals("Application", entry.get("Type"));
        assertEquals("DigitLab", entry.get("Name"));
        assertEquals(LAUNCHER, entry.get("Exec"), "no arguments: the window opens");
        assertEquals("/opt/digitlab/lib/digitlab.png", entry.get("Icon"));
        assertEquals("false", entry.get("Terminal"));
        List<String> categories = List.of(entry.get("Categories").split(";"));
        assertTrue(categories.containsAll(List.of("Education", "Science")), entry.get("Categories"));
        assertTrue(entry.get("Categories").endsWith(";"), "a list ends with ';'");
        // the dock matches the window to this entry by the class JavaFX names the window after
        assertTrue(Application.class.isAssignableFrom(Class.forName(entry.get("StartupWMClass"))),
                entry.get("StartupWMClass") + " is the app's class");
    }

    @Test
    void postinstPutsTheCommandOnThePathAndItsCompletionAsLinksIntoTheInstalledProgram() throws Exception {
        systemWithBashCompletion();
        Run configure = script("postinst", "configure");
        assertEquals(0, configure.exit(), configure.err());
        assertEquals(Path.of(LAUNCHER), Files.readSymbolicLink(in("/usr/bin/digitlab")));
        assertEquals(Path.of(COMPLETION), Files.readSymbolicLink(in("/usr/share/bash-completion/completions/digitlab")));
        assertEquals("menu-installed\n", Files.readString(root.resolve("menu.log")));
        assertTrue(Files.isDirectory(in("/usr/share/desktop-directories")), "xdg-desktop-menu needs it");
        // configured again (an upgrade): the same links, no complaint
        Run again = script("postinst", "configure");
        assertEquals(0, again.exit(), again.err());
        assertEquals("", again.err());
        assertEquals(Path.of(LAUNCHER), Files.readSymbolicLink(in("/usr/bin/digitlab")));
    }

    @Test
    void postinstLeavesAnotherProgramsCommandOfTheSameNameAsItIsAndSaysSo() throws Exception {
        systemWithBashCompletion();
        Path other = Files.writeString(in("/usr/bin/digitlab"), "#!/bin/sh\necho another program\n");
        Run configure = script("postinst", "configure");
        assertEquals(0, configure.exit(), "the package still installs: " + configure.err());
        assertFalse(Files.isSymbolicLink(other));
        assertEquals("#!/bin/sh\necho another program\n", Files.readString(other));
        assertTrue(configure.err().contains(other + " is another program's file and is left as it is"), configure.err());
    }

    @Test
    void postinstAddsNoCompletionWhereBashCompletionIsNotInstalled() throws Exception {
        Files.createDirectories(in("/usr/bin"));
        Run configure = script("postinst", "configure");
        assertEquals(0, configure.exit(), configure.err());
        assertTrue(Files.isSymbolicLink(in("/usr/bin/digitlab")));
        assertFalse(Files.exists(in("/usr/share/bash-completion")), "no folder made for it");
    }

    @Test
    void prermTakesAwayItsOwnLinksAndTheMenuEntryButNotAnotherProgramsFile() throws Exception {
        systemWithBashCompletion();
        assertEquals(0, script("postinst", "configure").exit());
        Run remove = script("prerm", "remove");
        assertEquals(0, remove.exit(), remove.err());
        assertFalse(Files.exists(in("/usr/bin/digitlab")) || Files.isSymbolicLink(in("/usr/bin/digitlab")));
        assertFalse(Files.isSymbolicLink(in("/usr/share/bash-completion/completions/digitlab")));
        assertEquals("menu-installed\nmenu-removed\n", Files.readString(root.resolve("menu.log")));

        Path other = Files.writeString(in("/usr/bin/digitlab"), "another program\n");
        Path otherLink = Files.createSymbolicLink(in("/usr/share/bash-completion/completions/digitlab"),
                Path.of("/usr/lib/other/completion"));
        assertEquals(0, script("prerm", "remove").exit());
        assertEquals("another program\n", Files.readString(other));
        assertEquals(Path.of("/usr/lib/other/completion"), Files.readSymbolicLink(otherLink));
    }

    @Test
    void theScriptsRefuseAnArgumentDpkgNeverGives() throws Exception {
        Run postinst = script("postinst", "explode");
        assertEquals(1, postinst.exit());
        assertTrue(postinst.err().contains("postinst called with unknown argument `explode'"), postinst.err());
        assertEquals(1, script("prerm", "explode").exit());
        assertFalse(Files.exists(root.resolve("menu.log")), "nothing done");
    }
}
