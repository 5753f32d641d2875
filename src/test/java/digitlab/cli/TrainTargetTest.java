package digitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import digitlab.files.AtomicFile;
import digitlab.model.Model;
import digitlab.model.ModelFile;
import digitlab.model.Provenance;
import digitlab.nn.Parameters;
import digitlab.nn.TrainingConfig;

/** Where train saves: checked before any training, never lost after it. */
class TrainTargetTest {
    @TempDir
    Path dir;

    private TrainCommand command() {
        return new TrainCommand(dir.resolve("models"), Map.of("XDG_DATA_HOME", dir.resolve("data").toString()), dir.resolve("home"),
                MnistAccess.fromSystem());
    }

    /** Runs train with a data folder that does not exist: only a check made before the data is read can answer first. */
    private String refusal(String... out) {
        List<String> args = new java.util.ArrayList<>(List.of(out));
        args.addAll(List.of("--data", dir.resolve("no-such-data").toString(), "--epochs", "1"));
        Exception e = assertThrows(Exception.class, () -> command().run(args, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream())));
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Test
    void anOutThatCannotBeWrittenIsRefusedBeforeTrainingWithTheReason() throws Exception {
        Files.createDirectory(dir.resolve("folder"));
        Files.writeString(dir.resolve("plain"), "x");
        Path readOnly = Files.writeString(dir.resolve("mine.json"), "my model");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));

        assertTrue(refusal("--out", "").contains("UsageException: --out needs a file name"));
        assertTrue(refusal("--out", dir.resolve("folder").toString()).contains("is a folder"));
        assertTrue(refusal("--out", "/dev/full").contains("character device"));
        assertTrue(refusal("--out", dir.resolve("plain/m.json").toString()).contains("is not a folder"));
        assertTrue(refusal("--out", dir.resolve("typo/m.json").toString()).contains("does not exist"));
        assertTrue(refusal("--out", "/proc/self/m.json").contains("cannot create files in /proc/self"));
        assertTrue(refusal("--out", dir.resolve("n".repeat(251) + ".json").toString()).contains("at most 255"));
        String ro = refusal("--out", readOnly.toString());
        assertTrue(ro.startsWith("BadInputException") && ro.contains("read-only") && ro.contains("--force"), ro);
        for (String r : List.of(ro, refusal("--out", dir.resolve("folder").toString()))) {
            assertTrue(r.contains("nothing was trained"), r);
        }
        assertEquals("my model", Files.readString(readOnly));
        assertFalse(Files.exists(dir.resolve("typo")));
        assertFalse(Files.exists(dir.resolve("no-such-data")));
    }

    @Test
    void withForceAReadOnlyOutPassesTheCheckAndGoesOnToTheData() throws Exception {
        Path readOnly = Files.writeString(dir.resolve("mine.json"), "my model");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r--r--r--"));
        String r = refusal("--out", readOnly.toString(), "--force");
        assertFalse(r.contains("cannot save"), r);
        assertTrue(r.contains("no-such-data"), r);
        assertEquals("my model", Files.readString(readOnly));
    }

    private static Provenance provenance() {
        return Provenance.ofTraining(TrainingConfig.defaults(), 0.5, 100, "test");
    }

    @Test
    void aSaveThatFailsAtTheEndKeepsTheModelInTheDataFolderAndSaysWhere() throws Exception {
        Parameters p = Parameters.initial(new int[] {4, 3, 2}, 1);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path gone = dir.resolve("removed-meanwhile/m.json");

        Path saved = command().save(p, provenance(), gone, AtomicFile.Replace.IF_WRITABLE, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertNull(saved);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("could not save the model to " + gone), message);
        Path unsaved = dir.resolve("data/digitlab/unsaved");
        try (var kept = Files.list(unsaved)) {
            List<Path> files = kept.toList();
            assertEquals(1, files.size());
            assertTrue(message.contains("kept in " + files.get(0)), message);
            Model m = ModelFile.load(files.get(0));
            assertEquals(p.sizes().length, m.parameters().sizes().length);
        }
    }

    @Test
    void withoutOutEachSaveGetsANameOfItsOwn() throws Exception {
        Parameters p = Parameters.initial(new int[] {4, 3, 2}, 1);
        Files.createDirectories(dir.resolve("models"));
        PrintStream err = new PrintStream(new ByteArrayOutputStream());
        Path first = command().save(p, provenance(), null, AtomicFile.Replace.IF_WRITABLE, err);
        Path second = command().save(p, provenance(), null, AtomicFile.Replace.IF_WRITABLE, err);
        assertFalse(first.equals(second));
        assertTrue(Files.isRegularFile(first) && Files.isRegularFile(second));
    }
}
