package digitlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import digitlab.nn.Parameters;

class ModelFileTest {
    @TempDir
    Path dir;

    private static final Provenance PROVENANCE = new Provenance("sgd", 0.05f, 0.9f, "cosine", 12, 64, 1L, true, 0.9861,
            "2026-11-26T07:00:00Z", 60000, "0.1.0");

    private static Model model(long seed) {
        return new Model("m", Parameters.initial(new int[] {6, 4, 3}, seed), "relu", PROVENANCE);
    }

    private static String json(Model m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(m, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private Model loadText(String text) throws IOException {
        Path f = dir.resolve("broken.json");
        Files.writeString(f, text);
        return ModelFile.load(f);
    }

    @Test
    void aSavedModelLoadsBackBitForBitWithItsProvenance() throws IOException {
        Model original = model(3);
        Path file = dir.resolve("round.json");

        ModelFile.save(original, file);
        Model loaded = ModelFile.load(file);

        assertTrue(loaded.parameters().sameAs(original.parameters()));
        assertEquals(PROVENANCE, loaded.provenance());
        assertEquals("round", loaded.name());
        assertEquals("relu", loaded.activation());
    }

    @Test
    void savingOverAnExistingModelReplacesItAndLeavesNoTempFiles() throws IOException {
        Path file = dir.resolve("model.json");
        ModelFile.save(model(1), file);

        ModelFile.save(model(2), file);

        assertTrue(ModelFile.load(file).parameters().sameAs(model(2).parameters()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void theFileStatesItsFormatLayersAndShapes() throws IOException {
        String text = json(model(1));

        assertTrue(text.startsWith("{\"format\":\"digitlab-mlp\",\"version\":1,\"layers\":[6,4,3],\"activation\":\"relu\""), text);
        assertTrue(text.contains("{\"name\":\"W1\",\"rows\":4,\"cols\":6,\"data\":["), text);
        assertTrue(text.contains("\"test_accuracy\":0.9861"), text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a wrong shape | \"name\":\"W2\",\"rows\":3,\"cols\":4 | \"name\":\"W2\",\"rows\":4,\"cols\":3 | W2 is 4×3 but these layers need 3×4",
            "too few numbers | \"data\":[0.0, | \"data\":[ | W1: data has 23 numbers but 4×6 needs 24",
            "a number out of float range | \"data\":[0.0, | \"data\":[1e39, | W1: data[0] = 1E+39 is not a finite float",
            "text in place of a number | \"data\":[0.0, | \"data\":[\"NaN\", | W1: data[0] is \"NaN\", not a number",
            "a wrong format name | digitlab-mlp | other-format | format is 'other-format'",
            "a newer version | \"version\":1 | \"version\":2 | format version 2 is not supported",
            "a wrong parameter order | \"name\":\"b1\" | \"name\":\"W9\" | expected parameter b1 here, found 'W9'",
            "layers that do not match the parameters | [6,4,3] | [6,5,3] | W1 is 4×6 but these layers need 5×6",
            "another activation | \"relu\" | \"tanh\" | activation 'tanh' is not supported",
    })
    void aDamagedFileIsRefusedNamingTheFirstThingWrong(String what, String find, String replace, String message) throws IOException {
        String good = json(new Model("m", zeroFirstWeight(), "relu", PROVENANCE));
        assertTrue(good.contains(find), "the test's text to change is in the file: " + find);
        String bad = good.replaceFirst(java.util.regex.Pattern.quote(find), java.util.regex.Matcher.quoteReplacement(replace));

        ModelException e = assertThrows(ModelException.class, () -> loadText(bad));

        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
        assertTrue(e.getMessage().contains(message), what + ": " + e.getMessage());
    }

    /** A model whose first number is written "0.0", so tests can find and change it. */
    private static Parameters zeroFirstWeight() {
        Parameters p = Parameters.initial(new int[] {6, 4, 3}, 5);
        p.weight(0).data[0] = 0f;
        return p;
    }

    @Test
    void textThatIsNotJsonIsRefusedWithItsPosition() {
        ModelException e = assertThrows(ModelException.class, () -> loadText("{\"format\": \"digitlab-mlp\",\n oops"));

        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        ModelException e = assertThrows(ModelException.class, () -> ModelFile.load(dir.resolve("nope.json")));

        assertTrue(e.getMessage().contains("nope.json: no such model file"), e.getMessage());
    }

    @Test
    void aFailedSaveLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("keep.json");
        ModelFile.save(model(1), file);
        byte[] before = Files.readAllBytes(file);
        Path blocked = dir.resolve("blocked");
        Files.createDirectory(blocked);

        assertThrows(IOException.class, () -> ModelFile.save(model(2), blocked)); // a folder cannot be replaced by a file

        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temp file left behind");
        }
    }
}
