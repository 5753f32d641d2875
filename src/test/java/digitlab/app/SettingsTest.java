package digitlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings file: written whole or not at all, read back, and never trusted blindly. */
class SettingsTest {
    @TempDir
    Path dir;

    @Test
    void settingsSavedAreReadBackAndNoTemporaryFileIsLeft() throws Exception {
        Settings s = Settings.defaults().withWindow(900, 650, 40, 30).withLastModel("/tmp/m.json");
        s.save(dir.resolve("digitlab"));
        assertEquals(s, Settings.load(dir.resolve("digitlab")));
        try (var list = Files.list(dir.resolve("digitlab"))) {
            assertEquals(1, list.count());
        }
    }

    @Test
    void aMissingOrGarbledFileGivesTheDefaults() throws Exception {
        assertEquals(Settings.defaults(), Settings.load(dir));
        Files.write(dir.resolve(Settings.FILE), new byte[] {'\\', 'u', 'z', 'z', 'z', 'z'});
        assertEquals(Settings.defaults(), Settings.load(dir));
    }

    @Test
    void sizesOutOfReasonAreReplacedByTheDefaults() throws Exception {
        Files.writeString(dir.resolve(Settings.FILE), "window.width=5\nwindow.height=NaN\nwindow.x=1e300\nmodel.last=\n");
        Settings s = Settings.load(dir);
        assertEquals(Settings.DEFAULT_WIDTH, s.width());
        assertEquals(Settings.DEFAULT_HEIGHT, s.height());
        assertTrue(Double.isNaN(s.x()));
        assertNull(s.lastModel());
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
        } finally {
            if (before == null) {
                System.clearProperty("digitlab.config");
            } else {
                System.setProperty("digitlab.config", before);
            }
        }
    }
}
