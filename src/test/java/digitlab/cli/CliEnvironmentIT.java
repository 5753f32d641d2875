package digitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar run in the surroundings that broke it: stdout on a full device, a file name the
 * locale cannot encode, stderr sent to a log file from a shell with TERM set.
 */
class CliEnvironmentIT {
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    /**
     * {@code sh -c SCRIPT} in {@code dir}, where {@code $DIGITLAB} runs the jar; stdout to {@code out}
     * (null: a file read back), stderr to a file read back; {@code env} added to the environment.
     */
    private Run shell(String script, File out, Map<String, String> env) throws Exception {
        Path jar = Path.of(System.getProperty("digitlab.jar", "target/digitlab.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " was built");
        ProcessBuilder pb = new ProcessBuilder(List.of("sh", "-c", script)).directory(dir.toFile());
        pb.environment().remove("DISPLAY");
        pb.environment().remove("CI");
        pb.environment().put("DIGITLAB", Path.of(System.getProperty("java.home"), "bin", "java") + " -jar " + jar);
        pb.environment().putAll(env);
        Path outFile = Files.createTempFile("digitlab-out", ".txt"), errFile = Files.createTempFile("digitlab-err", ".txt");
        pb.redirectOutput(out != null ? out : outFile.toFile()).redirectError(errFile.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished within two minutes");
        Run run = new Run(p.exitValue(), Files.readString(outFile, StandardCharsets.UTF_8), Files.readString(errFile, StandardCharsets.UTF_8));
        Files.delete(outFile);
        Files.delete(errFile);
        return run;
    }

    @Test
    void resultsWrittenToAFullDeviceAreAnErrorWithStatusOne() throws Exception {
        CliRun.writeOne(dir.resolve("one.png"));

        Run r = shell("exec $DIGITLAB predict --json one.png one.png one.png", new File("/dev/full"), Map.of());

        assertEquals(1, r.status, r.err);
        assertEquals("error: could not write the output (stdout): No space left on device", r.err.strip());
    }

    @Test
    void aFileNameTheLocaleCannotEncodeIsOneErrorLineAndTheOthersAreStillRead() throws Exception {
        CliRun.writeOne(dir.resolve("a.png"));
        CliRun.writeOne(dir.resolve("b.png"));
        // ü in UTF-8, made by the shell so that this JVM's own locale does not matter
        String u = "\"$(printf '\\303\\274')\"";

        Run r = shell("cp a.png " + u + ".png && exec $DIGITLAB predict --json a.png " + u + ".png b.png", null,
                Map.of("LANG", "C", "LC_ALL", "C"));

        assertEquals(2, r.status, r.err);
        List<String> out = r.out.lines().toList();
        assertEquals(2, out.size(), r.out);
        assertTrue(out.get(0).startsWith("{\"file\":\"a.png\",\"digit\":1,"), r.out);
        assertTrue(out.get(1).startsWith("{\"file\":\"b.png\",\"digit\":1,"), r.out);
        List<String> errors = r.err.lines().filter(l -> l.startsWith("error:")).toList();
        assertEquals(1, errors.size(), r.err);
        assertTrue(errors.get(0).matches("error: cannot use the file name '.+\\.png': not representable in this system's "
                + "encoding \\(.+, from LC_ALL=C\\); run with a UTF-8 locale, e\\.g\\. LC_ALL=C\\.UTF-8"), errors.get(0));
    }

    @Test
    void aModelNameTheLocaleCannotEncodeIsBadInput() throws Exception {
        Run r = shell("exec $DIGITLAB eval --model \"$(printf '\\303\\274')\".json", null, Map.of("LANG", "C", "LC_ALL", "C"));

        assertEquals(2, r.status, r.err);
        assertTrue(r.err.contains("error: cannot use the file name '"), r.err);
        assertTrue(r.err.contains("not representable in this system's encoding"), r.err);
    }

    @Test
    void trainingWithStderrInALogFileWritesNoProgressBarThereEvenWithTermSet() throws Exception {
        Run r = shell("exec $DIGITLAB train --limit 256 --epochs 1 --batch 64 --out model.json 2>train.log", null,
                Map.of("TERM", "xterm"));
        String log = Files.readString(dir.resolve("train.log"), StandardCharsets.UTF_8);

        assertEquals(0, r.status, log);
        assertTrue(r.out.contains("saved model.json"), r.out);
        assertTrue(log.contains("training: "), log);
        assertFalse(log.contains("\r"), log);
    }

    @Test
    void aCommandWithCorrectInputStillExitsZero() throws Exception {
        List<String> lines = new ArrayList<>(List.of("y = 9", "dy/dx = 6"));

        Run r = shell("exec $DIGITLAB grad 'x*x' x=3", null, Map.of());

        assertEquals(0, r.status, r.err);
        assertEquals(lines, r.out.lines().toList());
    }
}
