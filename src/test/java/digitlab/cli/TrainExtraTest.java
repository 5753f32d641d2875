package digitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import digitlab.data.MyDigits;
import digitlab.image.InkImage;
import digitlab.model.ModelFile;

/** {@code train --extra DIR}: a my-digits folder added to training, checked before anything is read or trained. */
class TrainExtraTest {
    @TempDir
    Path dir;

    private TrainCommand command() {
        return new TrainCommand(dir.resolve("models"), Map.of("XDG_DATA_HOME", dir.resolve("data").toString()), dir.resolve("home"),
                MnistAccess.fromSystem());
    }

    /** Runs train with a data folder that does not exist: only a check made before the data is read can answer first. */
    private Exception refusal(String... given) {
        List<String> args = new ArrayList<>(List.of(given));
        args.addAll(List.of("--data", dir.resolve("no-such-data").toString(), "--epochs", "1"));
        return assertThrows(Exception.class, () -> command().run(args, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream())));
    }

    private Path folderOf(int digits) throws Exception {
        MyDigits mine = new MyDigits(dir.resolve("mine"));
        for (int i = 0; i < digits; i++) {
            float[] pixels = new float[784];
            for (int p = 300 + i; p < 480; p += 28) {
                pixels[p] = 1;
            }
            mine.add(new InkImage(new float[280 * 280], 280, 280), pixels, i % 10);
        }
        return mine.folder();
    }

    @Test
    void aFolderThatIsMissingOrHasADamagedListIsBadInputNamingTheProblem() throws Exception {
        Exception missing = refusal("--extra", dir.resolve("nowhere").toString());
        assertTrue(missing instanceof BadInputException && missing.getMessage().contains("nowhere: is not a folder"),
                missing.toString());

        Files.createDirectories(dir.resolve("empty"));
        Exception noList = refusal("--extra", dir.resolve("empty").toString());
        assertTrue(noList instanceof BadInputException && noList.getMessage().contains("has no labels.csv"), noList.toString());

        Path folder = folderOf(2);
        Files.writeString(folder.resolve(MyDigits.LABELS), MyDigits.HEADER + "\na.png,b.png,x,\n", StandardCharsets.UTF_8);
        Exception damaged = refusal("--extra", folder.toString());
        assertTrue(damaged instanceof BadInputException && damaged.getMessage().contains("labels.csv line 2"), damaged.toString());
        assertFalse(Files.exists(dir.resolve("no-such-data")));
    }

    @Test
    void modelWithoutExtraIsAUsageError() {
        Exception e = refusal("--model", "models/mnist-mlp.json");
        assertTrue(e instanceof UsageException && e.getMessage().contains("--extra"), e.toString());
    }

    @Test
    void fromScratchTheExtraDigitsJoinTheTrainingImages() throws Exception {
        Path folder = folderOf(30);
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        Path model = dir.resolve("m.json");

        int code = command().run(List.of("--extra", folder.toString(), "--limit", "1000", "--epochs", "1", "--out", model.toString()),
                new PrintStream(out), new PrintStream(err));

        assertEquals(0, code, err.toString());
        assertTrue(err.toString().contains("training on 1000 MNIST images and 30 of your digits"), err.toString());
        assertEquals(1030, ModelFile.load(model).provenance().trainImages());
    }
}
