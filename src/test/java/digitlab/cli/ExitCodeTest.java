package digitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The exit statuses: 0 done, 1 the environment failed, 2 the input (arguments or a file given) is wrong. */
class ExitCodeTest {
    @TempDir
    Path dir;

    @Test
    void theStatusesAreZeroOneAndTwo() {
        assertEquals(0, ExitCode.OK.code());
        assertEquals(1, ExitCode.FAILURE.code());
        assertEquals(2, ExitCode.BAD_INPUT.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"grad", "eval", "predict", "train", "data", "bench"})
    void anUnknownOptionGivesStatusTwoWithTheUsageAndNothingOnStdout(String command) {
        CliRun.Result r = CliRun.run(command, "--no-such-option", "x");

        assertEquals(ExitCode.BAD_INPUT.code(), r.status(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: unknown option '--no-such-option'"), r.err());
        assertTrue(r.err().contains("usage: digitlab " + command), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"eval", "predict"})
    void aDamagedModelFileGivesStatusTwo(String command) throws Exception {
        Path model = dir.resolve("damaged.json");
        Files.writeString(model, "{\"format\":\"digitlab-mlp\",\"version\":1,\"layers\":[784,");
        Path picture = CliRun.writeOne(dir.resolve("one.png"));

        CliRun.Result r = command.equals("eval") ? CliRun.run("eval", "--model", model.toString())
                : CliRun.run("predict", "--model", model.toString(), picture.toString());

        assertEquals(ExitCode.BAD_INPUT.code(), r.status(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("error: " + model), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"eval", "predict"})
    void aModelNameThatIsNotAFileNameGivesStatusTwo(String command) throws Exception {
        Path picture = CliRun.writeOne(dir.resolve("one.png"));

        CliRun.Result r = command.equals("eval") ? CliRun.run("eval", "--model", "bad\0name.json")
                : CliRun.run("predict", "--model", "bad\0name.json", picture.toString());

        assertEquals(ExitCode.BAD_INPUT.code(), r.status(), r.err());
        assertEquals("error: cannot use the file name 'bad\\0name.json': it contains a NUL character", r.err().strip());
    }
}
