package digitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CliTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownCommandIsOneErrorLineThenTheUsageWithStatusTwo() {
        int status = run("frobnicate");

        assertEquals(2, status);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        String[] lines = err.toString(StandardCharsets.UTF_8).split("\\R");
        assertEquals("error: unknown command 'frobnicate'", lines[0]);
        assertTrue(lines[1].startsWith("usage: digitlab"), lines[1]);
    }

    @Test
    void helpListsEveryCommandWithOneLineEach() {
        int status = run("--help");

        assertEquals(0, status);
        assertTrue(out.toString(StandardCharsets.UTF_8).matches("(?s).*\\R  grad +value and gradients of a formula.*"), out.toString());
    }

    @Test
    void aCommandsHelpShowsItsUsage() {
        int status = run("grad", "--help");

        assertEquals(0, status);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: digitlab grad"));
    }

    @Test
    void versionPrintsTheBuildsVersion() {
        int status = run("--version");

        assertEquals(0, status);
        assertTrue(out.toString(StandardCharsets.UTF_8).matches("DigitLab \\d+\\.\\d+\\.\\d+.*\\R"), out.toString());
    }
}
