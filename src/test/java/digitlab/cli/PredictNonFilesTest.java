package digitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code predict} given things that are not picture files: it says what each is, does not hang, and reads the rest. */
class PredictNonFilesTest {
    @TempDir
    Path dir;

    @Test
    void eachNonFileGetsItsOwnErrorLineTheRestAreReadAndTheStatusIsTwo() throws Exception {
        Path one = CliRun.writeOne(dir.resolve("one.png"));
        Path fifo = dir.resolve("pipe.png");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        Path folder = Files.createDirectory(dir.resolve("folder.png"));
        Path loop = dir.resolve("loop.png");
        Files.createSymbolicLink(loop, dir.resolve("loop2.png"));
        Files.createSymbolicLink(dir.resolve("loop2.png"), loop);
        Path missing = dir.resolve("missing.png");

        CliRun.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> CliRun.run("predict", "--json",
                fifo.toString(), one.toString(), "/dev/zero", folder.toString(), loop.toString(), missing.toString(),
                one.toString()));

        assertEquals(ExitCode.BAD_INPUT.code(), r.status());
        assertEquals(List.of(
                "error: " + fifo + ": is a FIFO (named pipe), not a picture file",
                "error: /dev/zero: is a character device, not a picture file",
                "error: " + folder + ": is a folder, not a picture file",
                "error: " + loop + ": is a symlink loop (too many levels of symbolic links)",
                "error: " + missing + ": does not exist"), r.err().lines().toList());
        List<String> read = r.out().lines().toList();
        assertEquals(2, read.size(), r.out());
        for (String line : read) {
            assertEquals(true, line.startsWith("{\"file\":\"" + one + "\",\"digit\":1,"), line);
        }
    }

    @Test
    void aFileNameWithANulCharacterGetsItsOwnErrorLineAndTheRestAreRead() throws Exception {
        Path one = CliRun.writeOne(dir.resolve("one.png"));

        CliRun.Result r = CliRun.run("predict", "--json", "a\0b.png", one.toString());

        assertEquals(2, r.status());
        assertEquals("error: cannot use the file name 'a\\0b.png': it contains a NUL character", r.err().strip());
        assertEquals(1, r.out().lines().count(), r.out());
    }
}
