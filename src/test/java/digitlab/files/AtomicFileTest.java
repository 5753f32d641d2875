package digitlab.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {
    @TempDir
    Path dir;

    private static final byte[] NEW = "new content".getBytes(StandardCharsets.UTF_8);

    private static Path fifo(Path p) throws Exception {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
        return p;
    }

    private List<String> names() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNewFileGetsTheWholeContentAndNoTemporaryFileStays() throws Exception {
        Path f = dir.resolve("m.json");
        AtomicFile.write(f, NEW);
        assertArrayEquals(NEW, Files.readAllBytes(f));
        assertEquals(List.of("m.json"), names());
    }

    @Test
    void aFifoIsRefusedAndStaysAFifo() throws Exception {
        Path f = fifo(dir.resolve("pipe"));
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, NEW));
        assertTrue(e.getMessage().contains("FIFO"), e.getMessage());
        assertFalse(Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS), "the FIFO was replaced");
        assertEquals(List.of("pipe"), names());
    }

    @Test
    void aSymbolicLinkToADeviceIsRefusedAndTheLinkAndDeviceStay() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("full.json"), Path.of("/dev/full"));
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(link, NEW));
        assertTrue(e.getMessage().contains("character device"), e.getMessage());
        assertTrue(Files.isSymbolicLink(link));
        assertFalse(Files.isRegularFile(Path.of("/dev/full")));
        assertEquals(List.of("full.json"), names());
    }

    @Test
    void aFolderIsRefused() throws Exception {
        Path f = Files.createDirectory(dir.resolve("models"));
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(f, NEW));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
        assertTrue(Files.isDirectory(f));
    }

    @Test
    void aSymbolicLinkToARegularFileIsFollowedAndStaysALink() throws Exception {
        Path real = Files.writeString(dir.resolve("real.json"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("real.json"));
        AtomicFile.write(link, NEW);
        assertTrue(Files.isSymbolicLink(link));
        assertArrayEquals(NEW, Files.readAllBytes(real));
        assertEquals(List.of("link.json", "real.json"), names());
    }

    @Test
    void aLinkToNothingAndALinkLoopAreRefusedAndLeftAsTheyAre() throws Exception {
        Path dangling = Files.createSymbolicLink(dir.resolve("gone.json"), Path.of("nowhere.json"));
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(dangling, NEW));
        assertTrue(e.getMessage().contains("symbolic link to nothing"), e.getMessage());
        Path a = dir.resolve("a"), b = dir.resolve("b");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        assertThrows(IOException.class, () -> AtomicFile.write(a, NEW));
        assertTrue(Files.isSymbolicLink(a) && Files.isSymbolicLink(b) && Files.isSymbolicLink(dangling));
        assertFalse(Files.exists(dir.resolve("nowhere.json"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aReadOnlyFileIsRefusedUnlessTheUserAskedToOverwriteAndThenStaysReadOnly() throws Exception {
        Path f = Files.writeString(dir.resolve("m.json"), "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--r--r--"));
        AtomicFile.RefusedException e = assertThrows(AtomicFile.RefusedException.class, () -> AtomicFile.write(f, NEW));
        assertTrue(e.readOnly());
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        assertEquals("old", Files.readString(f));

        AtomicFile.write(f, AtomicFile.Replace.EVEN_READ_ONLY, out -> out.write(NEW));
        assertArrayEquals(NEW, Files.readAllBytes(f));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws Exception {
        Path f = Files.writeString(dir.resolve("m.json"), "old");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        AtomicFile.write(f, NEW);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
    }

    @Test
    void replaceNeverRefusesAnExistingFile() throws Exception {
        Path f = Files.writeString(dir.resolve("m.json"), "old");
        assertThrows(AtomicFile.RefusedException.class, () -> AtomicFile.write(f, AtomicFile.Replace.NEVER, out -> out.write(NEW)));
        assertEquals("old", Files.readString(f));
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path f = Files.writeString(dir.resolve("m.json"), "old");
        assertThrows(IOException.class, () -> AtomicFile.write(f, out -> {
            out.write(NEW);
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        assertEquals(List.of("m.json"), names());
    }

    @Test
    void theLongestLegalNameCanBeWrittenBecauseTheTemporaryNameIsShortened() throws Exception {
        for (String name : List.of("a".repeat(250) + ".json", "ü".repeat(125) + ".json", "€".repeat(83) + "ab")) {
            assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255);
            Path f = dir.resolve(name);
            Path temp = AtomicFile.temporaryName(f);
            assertTrue(temp.getFileName().toString().getBytes(StandardCharsets.UTF_8).length <= 255, temp.toString());
            AtomicFile.write(f, NEW);
            assertArrayEquals(NEW, Files.readAllBytes(f));
        }
    }

    @Test
    void aNameOverTheLimitIsRefusedBeforeAnythingIsWritten() {
        Path f = dir.resolve("b".repeat(256));
        IOException e = assertThrows(AtomicFile.RefusedException.class, () -> AtomicFile.checkWritable(f, AtomicFile.Replace.IF_WRITABLE, 0));
        assertTrue(e.getMessage().contains("256 bytes"), e.getMessage());
    }

    @Test
    void checkWritableNamesAMissingFolderAndAPathUnderAFile() throws Exception {
        IOException missing = assertThrows(AtomicFile.RefusedException.class,
                () -> AtomicFile.checkWritable(dir.resolve("typo/m.json"), AtomicFile.Replace.IF_WRITABLE, 0));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Files.writeString(dir.resolve("file"), "x");
        IOException under = assertThrows(AtomicFile.RefusedException.class,
                () -> AtomicFile.checkWritable(dir.resolve("file/deeper/m.json"), AtomicFile.Replace.IF_WRITABLE, 0));
        assertTrue(under.getMessage().contains("is a file, not a folder"), under.getMessage());
        assertFalse(Files.exists(dir.resolve("typo")));
        assertEquals(List.of("file"), names());
    }

    @Test
    void checkWritableRefusesAFolderThatTakesNoFilesAndAskingForMoreThanTheDiskHas() throws Exception {
        IOException proc = assertThrows(AtomicFile.RefusedException.class,
                () -> AtomicFile.checkWritable(Path.of("/proc/self/m.json"), AtomicFile.Replace.IF_WRITABLE, 0));
        assertTrue(proc.getMessage().contains("cannot create files in /proc/self"), proc.getMessage());
        IOException full = assertThrows(IOException.class,
                () -> AtomicFile.checkWritable(dir.resolve("m.json"), AtomicFile.Replace.IF_WRITABLE, Long.MAX_VALUE / 2));
        assertTrue(full.getMessage().contains("MB free"), full.getMessage());
        AtomicFile.checkWritable(dir.resolve("m.json"), AtomicFile.Replace.IF_WRITABLE, 1000);
        assertEquals(List.of(), names());
    }

    @Test
    void newFilesWrittenAtTheSameInstantNeverShareAName() throws Exception {
        int writers = 8;
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<Path>> written = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            byte[] content = ("writer " + i).getBytes(StandardCharsets.UTF_8);
            written.add(pool.submit(() -> {
                start.await();
                return AtomicFile.writeNew(dir, "model-20261130-120000", ".json", out -> out.write(content));
            }));
        }
        Set<Path> files = new HashSet<>();
        Set<String> contents = new HashSet<>();
        for (Future<Path> f : written) {
            Path p = f.get();
            files.add(p);
            contents.add(Files.readString(p));
        }
        pool.shutdown();
        assertEquals(writers, files.size());
        assertEquals(writers, contents.size());
        assertTrue(files.contains(dir.resolve("model-20261130-120000.json")));
        assertEquals(writers, names().size(), "temporary files left: " + names());
    }

    @Test
    void writeNewLeavesAnExistingFileAlone() throws Exception {
        Path old = Files.writeString(dir.resolve("m.json"), "mine");
        Path written = AtomicFile.writeNew(dir, "m", ".json", out -> out.write(NEW));
        assertEquals(dir.resolve("m-2.json"), written);
        assertEquals("mine", Files.readString(old));
    }

    @Test
    void onlyOldTemporaryFilesOfTheExactFormAreTidiedAway() throws Exception {
        Path f = dir.resolve("m.json");
        Path stale = AtomicFile.temporaryName(f);
        Path fresh = AtomicFile.temporaryName(f);
        Path usersOwn = dir.resolve(".m.json.backup.tmp");
        for (Path p : List.of(stale, fresh, usersOwn)) {
            Files.writeString(p, "x");
        }
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        Files.setLastModifiedTime(stale, old);
        Files.setLastModifiedTime(usersOwn, old);
        AtomicFile.removeStaleTemporaryFiles(f, Duration.ofHours(1));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(fresh));
        assertTrue(Files.exists(usersOwn));
    }
}
