package digitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "train --epochs|--epochs needs a value",
        "eval --model|--model needs a file name",
        "train --epochs x|--epochs must be a whole number, not 'x'",
        "train --lr fast|--lr must be a number, not 'fast'",
        "train --lr NaN|--lr must be a number, not 'NaN'",
        "bench --batch 1 --batch 2|--batch is given twice",
        "eval --json=yes|unknown option '--json=yes'",
        "eval extra|unexpected argument 'extra'",
        "grad --json --dot x x=1|--json and --dot cannot be combined",
        "bench --arch conv4x16,dense10|--arch conv4x16,dense10: layer 1 (conv4x16): a 'same' convolution needs an odd kernel"
                + " size (3, 5, 7 …) to pad both sides alike, not 4; or write :valid",
        "bench --arch dense64,dense12|--arch dense64,dense12: the last layer (dense12) must have one unit per class: dense10",
        "bench --arch cnn --threads 2|--threads 2: only the mlp network shares its steps among threads so far; time"
                + " conv5x16,pool2,conv5x32,pool2,dense128,dense10 on one thread",
    })
    void argumentsThatDoNotFitAreOneLineInDigitLabsWordsThenTheUsage(String args, String message) {
        String[] words = args.split(" ");

        int status = run(words);

        assertEquals(2, status);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals("error: " + message, text.lines().findFirst().orElse(""), text);
        assertTrue(text.contains("usage: digitlab " + words[0]), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"help train", "--help train", "-h train", "train --help", "train -h", "train --epochs --help"})
    void everyWayOfAskingForACommandsHelpPrintsItsOptions(String args) {
        int status = run(args.split(" "));

        assertEquals(0, status);
        String usage = out.toString(StandardCharsets.UTF_8);
        assertTrue(usage.startsWith("usage: digitlab train") && usage.contains("--epochs=N") && usage.contains("--force"), usage);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noCommandOrHelpForOneThatDoesNotExistListsTheCommands() {
        assertEquals(0, run());
        assertEquals(0, run("help", "frobnicate"));

        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("usage: digitlab") && text.contains("predict") && text.contains("exit status:"), text);
    }
}
