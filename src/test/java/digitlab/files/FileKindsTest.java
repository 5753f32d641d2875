package digitlab.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a path is, told without opening it. */
class FileKindsTest {
    @TempDir
    Path dir;

    @Test
    void aRegularFileIsFine() throws Exception {
        Path file = Files.writeString(dir.resolve("a.txt"), "text");

        assertNull(FileKinds.describeNonRegular(file));
        assertNull(FileKinds.describeNonRegular(Files.createSymbolicLink(dir.resolve("link"), file)));
    }

    @Test
    void aFifoIsNamedAsOneWithoutWaitingForAWriter() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor());

        assertEquals("is a FIFO (named pipe), not a picture file", FileKinds.describeNonRegular(fifo, "picture file"));
    }

    @Test
    void devZeroIsACharacterDevice() {
        assertEquals("is a character device, not a regular file", FileKinds.describeNonRegular(Path.of("/dev/zero")));
    }

    @Test
    void aFolderIsAFolder() {
        assertEquals("is a folder, not a model file", FileKinds.describeNonRegular(dir, "model file"));
    }

    @Test
    void aSymlinkLoopIsNamedAsOne() throws Exception {
        Path a = dir.resolve("a"), b = dir.resolve("b");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);

        assertEquals("is a symlink loop (too many levels of symbolic links)", FileKinds.describeNonRegular(a));
    }

    @Test
    void aMissingFileDoesNotExist() {
        assertEquals("does not exist", FileKinds.describeNonRegular(dir.resolve("nothing.png")));
    }

    @Test
    void aLinkToNothingSaysWhereItPoints() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("gone.png"));

        assertEquals("is a symbolic link to " + dir.resolve("gone.png") + ", which does not exist",
                FileKinds.describeNonRegular(link));
    }

    @Test
    void aFileInsideAFileDoesNotExist() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");

        assertEquals(FileKinds.MISSING, FileKinds.describeNonRegular(file.resolve("inner.png")));
    }
}
