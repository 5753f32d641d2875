package digitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output that cannot be written (a full disk, {@code > /dev/full}) is an error, not a silent success. */
class OutputFailureTest {
    @TempDir
    Path dir;

    /** Takes {@code room} bytes, then fails like a full disk. */
    private static final class FullDisk extends OutputStream {
        private final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        private final int room;

        FullDisk(int room) {
            this.room = room;
        }

        @Override
        public void write(int b) throws IOException {
            if (taken.size() >= room) {
                throw new IOException("No space left on device");
            }
            taken.write(b);
        }
    }

    private record Run(int status, String err) {
    }

    private static Run run(PrintStream out, String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(args, out, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void outputThatCannotBeWrittenIsOneErrorLineWithTheCauseAndStatusOne() {
        WatchedPrintStream out = WatchedPrintStream.over(new FullDisk(10), StandardCharsets.UTF_8);

        Run r = run(out, "grad", "x*x", "x=3");

        assertEquals(ExitCode.FAILURE.code(), r.status);
        assertEquals("error: could not write the output (stdout): No space left on device", r.err.strip());
    }

    @Test
    void aPlainPrintStreamThatFailedIsReportedTooThoughItCannotTellWhy() {
        PrintStream out = new PrintStream(new FullDisk(3), true, StandardCharsets.UTF_8);

        Run r = run(out, "grad", "x*x", "x=3");

        assertEquals(1, r.status);
        assertEquals("error: could not write the output (stdout)", r.err.strip());
    }

    @Test
    void outputThatFailsOnlyWhenFlushedAtTheEndIsCaughtToo() {
        // a buffer larger than the whole output: nothing fails until the command line flushes
        PrintStream out = new PrintStream(new java.io.BufferedOutputStream(new FullDisk(0), 1 << 16), false, StandardCharsets.UTF_8);

        Run r = run(out, "--help");

        assertEquals(1, r.status);
        assertTrue(r.err.startsWith("error: could not write the output (stdout)"), r.err);
    }

    @Test
    void outputThatFitsLeavesTheStatusAsItWas() {
        WatchedPrintStream out = WatchedPrintStream.over(new FullDisk(1000), StandardCharsets.UTF_8);

        Run r = run(out, "grad", "x*x", "x=3");

        assertEquals(0, r.status);
        assertEquals("", r.err);
        assertTrue(out.failure().isEmpty());
    }

    @Test
    void predictStopsReadingImagesOnceStdoutFails() throws Exception {
        Path one = CliRun.writeOne(dir.resolve("one.png"));
        List<String> args = new ArrayList<>(List.of("predict", "--json"));
        for (int i = 0; i < 5; i++) {
            args.add(one.toString());
        }
        // had predict gone on, each of these would be an error line of its own
        args.add(dir.resolve("missing-1.png").toString());
        args.add(dir.resolve("missing-2.png").toString());
        WatchedPrintStream out = WatchedPrintStream.over(new FullDisk(100), StandardCharsets.UTF_8);

        Run r = run(out, args.toArray(String[]::new));

        assertEquals(1, r.status);
        assertEquals(List.of("error: could not write the output (stdout): No space left on device"), r.err.lines().toList());
        assertFalse(r.err.contains("missing"), r.err);
    }
}
