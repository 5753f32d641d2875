package digitlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphicsMemoryTest {
    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    @TempDir
    Path folder;

    @Test
    void aFirstStartRemembersNothingAndProbes() {
        assertFalse(GraphicsMemory.softwareRemembered(folder, TODAY));
    }

    @Test
    void aStartThatEndedInSoftwareRenderingIsRememberedForAWeekThenProbedAgain() {
        GraphicsMemory.afterStart(folder, false, TODAY);
        assertTrue(GraphicsMemory.softwareRemembered(folder, TODAY));
        assertTrue(GraphicsMemory.softwareRemembered(folder, TODAY.plusDays(GraphicsMemory.DAYS)));
        assertFalse(GraphicsMemory.softwareRemembered(folder, TODAY.plusDays(GraphicsMemory.DAYS + 1)));
        // a clock set back: the day in the file is not believed
        assertFalse(GraphicsMemory.softwareRemembered(folder, TODAY.minusDays(1)));
    }

    @Test
    void aStartWithHardwareRenderingReplacesTheSoftwareAnswer() {
        GraphicsMemory.afterStart(folder, false, TODAY);
        GraphicsMemory.afterStart(folder, true, TODAY.plusDays(1));
        assertFalse(GraphicsMemory.softwareRemembered(folder, TODAY.plusDays(1)));
    }

    @Test
    void theSameAnswerOnTheSameDayDoesNotWriteTheFileAgain() throws Exception {
        GraphicsMemory.afterStart(folder, true, TODAY);
        Path file = folder.resolve(GraphicsMemory.FILE);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, old);
        GraphicsMemory.afterStart(folder, true, TODAY.plusDays(3));
        assertEquals(old, Files.getLastModifiedTime(file), "hardware again: nothing to change");
        GraphicsMemory.afterStart(folder, false, TODAY);
        Files.setLastModifiedTime(file, old);
        GraphicsMemory.afterStart(folder, false, TODAY);
        assertEquals(old, Files.getLastModifiedTime(file), "software again on the same day");
        GraphicsMemory.afterStart(folder, false, TODAY.plusDays(8));
        assertTrue(GraphicsMemory.softwareRemembered(folder, TODAY.plusDays(8)), "a new probe renews the week");
    }

    @Test
    void aDamagedOrForeignFileIsNotBelieved() throws Exception {
        Path file = folder.resolve(GraphicsMemory.FILE);
        for (String text : new String[] {"pipeline=software\nchecked=yesterday\n", "pipeline=software\n",
            "pipeline=sw\nchecked=2026-12-01\n", "\\u00zz", "pipeline=software\nchecked=2026-12-01\n" + "#".repeat(5000)}) {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            assertFalse(GraphicsMemory.softwareRemembered(folder, TODAY), text.substring(0, Math.min(40, text.length())));
        }
    }

    @Test
    void aFolderInPlaceOfTheFileIsLeftAloneAndNothingIsRemembered() throws Exception {
        Files.createDirectories(folder.resolve(GraphicsMemory.FILE));
        GraphicsMemory.afterStart(folder, false, TODAY);
        assertTrue(Files.isDirectory(folder.resolve(GraphicsMemory.FILE)));
        assertFalse(GraphicsMemory.softwareRemembered(folder, TODAY));
    }
}
