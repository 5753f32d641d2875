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

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import digitlab.nn.Parameters;

class ModelFileTest {
    @TempDir
    Path dir;

    private static final Provenance PROVENANCE = new Provenance("sgd", 0.05f, 0.9f, "cosine", 12, 64, 1L, true, 0.9861,
            "2026-11-26T07:00:00Z", 60000, "0.1.0", null, null);

    private static Model model(long seed) {
        return new Model("m", Parameters.initial(new int[] {6, 4, 3}, seed), PROVENANCE);
    }

    /** The model's file as text. */
    static String json(Model m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(m, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private Model loadText(String text) throws IOException {
        return loadText(dir, text);
    }

    /** Loads {@code text} as the file broken.json in {@code dir}. */
    static Model loadText(Path dir, String text) throws IOException {
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
        assertTrue(loaded.parameters().architecture().isReluMlp());
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
        ModelException e = refusedWith(find, replace);

        assertTrue(e.getMessage().contains("broken.json"), e.getMessage());
        assertTrue(e.getMessage().contains(message), what + ": " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a version in quotes | \"version\":1 | \"version\":\"1\" | 'version' is missing or not a whole number",
            "a version with a fraction | \"version\":1 | \"version\":1.0 | 'version' is missing or not a whole number",
            "a format that is a number | \"digitlab-mlp\" | 7 | 'format' is missing or not text",
            "a layer size in quotes | [6,4,3] | [6,\"4\",3] | layers[1] must be a whole number from 1 to 100000, not \"4\"",
            "a layer size past int | [6,4,3] | [6,4,2147483648] | layers[2] must be a whole number from 1 to 100000, not 2147483648",
            "a list for a row count | \"rows\":4 | \"rows\":[4] | 'rows' is missing or not a whole number",
            "a number for the parameters | \"parameters\":[ | \"parameters\":5,\"x\":[ | parameters must be a list of matrices (W1, b1, …), not 5",
            "a number for a matrix | \"parameters\":[ | \"parameters\":[5, | W1 must be an object with name, rows, cols and data",
            "a number for the provenance | \"provenance\":{ | \"provenance\":7,\"x\":{ | provenance must be an object",
    })
    void aValueOfTheWrongTypeIsRefusedNamingItsField(String what, String find, String replace, String message) throws IOException {
        ModelException e = refusedWith(find, replace);

        assertEquals(dir.resolve("broken.json") + ": " + message, e.getMessage(), what);
    }

    @Test
    void provenanceValuesOfAnotherTypeAreLeftOutAndAWholeSeedWithAPointIsKept() throws IOException {
        String text = json(model(1)).replace("\"learning_rate\":0.05", "\"learning_rate\":\"NaN\"")
                .replace("\"epochs\":12", "\"epochs\":[12]").replace("\"seed\":1", "\"seed\":1.0")
                .replace("\"augment\":true", "\"augment\":1");

        Provenance p = loadText(text).provenance();

        assertEquals(new Provenance("sgd", null, 0.9f, "cosine", null, 64, 1L, null, 0.9861, "2026-11-26T07:00:00Z", 60000,
                "0.1.0", null, null), p);
    }

    /** Loads a good model file with its first {@code find} replaced, expecting it refused. */
    private ModelException refusedWith(String find, String replace) throws IOException {
        String good = json(new Model("m", zeroFirstWeight(), PROVENANCE));
        assertTrue(good.contains(find), "the test's text to change is in the file: " + find);
        String bad = good.replaceFirst(java.util.regex.Pattern.quote(find), java.util.regex.Matcher.quoteReplacement(replace));
        return assertThrows(ModelException.class, () -> loadText(bad));
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

    // ---------------------------------------------------------------- files that must not be believed

    private ModelException refusedToLoad(Path file, String reason) {
        ModelException e = assertThrows(ModelException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        return e;
    }

    @Test
    @Tag("slow") // times the refusal
    void aFileLargerThanAnyModelIsRefusedBeforeItIsRead() throws IOException {
        Path file = dir.resolve("huge.json");
        Files.writeString(file, json(model(1)));
        try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            sparse.setLength(ModelFile.MAX_BYTES + 1); // a hole: 64 MB of nothing on disk, at once
        }

        long start = System.nanoTime();
        refusedToLoad(file, "is larger than any DigitLab model (at most 64 MB)");
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "refused from its size, not after reading it");
    }

    @Test
    void aStreamThatGoesOnPastTheLimitIsRefusedThere() {
        byte[] model = assertDoesNotThrowJson();
        java.io.InputStream endless = new java.io.InputStream() {
            private long at;

            @Override
            public int read() {
                return at < model.length ? model[(int) at++] & 0xFF : ' ';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                for (int i = 0; i < len; i++) {
                    b[off + i] = (byte) read();
                }
                return len;
            }
        };

        ModelException e = assertThrows(ModelException.class, () -> ModelFile.read(endless, "pipe", "pipe"));

        assertTrue(e.getMessage().startsWith("pipe: larger than any DigitLab model"), e.getMessage());
    }

    private static byte[] assertDoesNotThrowJson() {
        try {
            return json(model(1)).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void layersNeedingMoreNumbersThanTheFileCanHoldAreRefusedBeforeAnyAreRead() throws IOException {
        String text = json(model(1)).replace("[6,4,3]", "[100000,100000,100000]");

        ModelException e = assertThrows(ModelException.class, () -> loadText(text));

        assertTrue(e.getMessage().contains("layers [100000, 100000, 100000] need 20000200000 parameters, more than a model"
                + " file of at most 64 MB can hold"), e.getMessage());
    }

    @Test
    void aFifoIsRefusedAsOneWithoutBeingOpened() throws Exception {
        Path fifo = dir.resolve("pipe.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());

        // opening a FIFO with no writer would block for ever: a hang fails the test
        ModelException e = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> assertThrows(ModelException.class, () -> ModelFile.load(fifo)));

        assertEquals(fifo + ": is a FIFO (named pipe), not a model file", e.getMessage());
    }

    @Test
    void aDeviceIsRefusedAsOne() {
        refusedToLoad(Path.of("/dev/zero"), "is a character device, not a model file");
    }

    @Test
    void aFolderIsRefusedAsOne() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("folder.json"));

        refusedToLoad(folder, "is a folder, not a model file");
    }

    @Test
    void aLoopOfSymbolicLinksIsRefusedAsOne() throws IOException {
        Path a = dir.resolve("a.json"), b = dir.resolve("b.json");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);

        refusedToLoad(a, "is a symlink loop (too many levels of symbolic links)");
    }

    @Test
    void aSymbolicLinkToAModelLoadsTheModel() throws IOException {
        Path file = dir.resolve("real.json");
        ModelFile.save(model(4), file);
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), file);

        assertTrue(ModelFile.load(link).parameters().sameAs(model(4).parameters()));
    }

    @Test
    void aModelWhoseHugeWeightsOverflowIsRefused() throws IOException {
        Parameters p = Parameters.initial(new int[] {6, 4, 3}, 1);
        java.util.Arrays.fill(p.weight(0).data, 3e38f);
        java.util.Arrays.fill(p.weight(1).data, 3e38f);
        Path file = dir.resolve("overflow.json");
        ModelFile.save(new Model("overflow", p, PROVENANCE), file);

        refusedToLoad(file, "its weights are so large that the network's");
    }

    @Test
    void aModelFollowedByGarbageIsRefused() throws IOException {
        ModelException e = assertThrows(ModelException.class, () -> loadText(json(model(1)) + "garbage"));

        assertTrue(e.getMessage().contains("something other than white space follows the model's closing brace"), e.getMessage());
    }

    @Test
    void twoModelsJoinedIntoOneFileAreRefused() throws IOException {
        ModelException e = assertThrows(ModelException.class, () -> loadText(json(model(1)) + json(model(2))));

        assertTrue(e.getMessage().contains("another JSON object, as if two files were joined"), e.getMessage());
    }

    @Test
    void whiteSpaceAfterTheModelIsFine() throws IOException {
        assertTrue(loadText(json(model(1)) + "\n\r\n \t \n").parameters().sameAs(model(1).parameters()));
    }

    @Test
    void theFieldsMayComeInAnyOrder() throws IOException {
        Model m = model(6);
        StringBuilder text = new StringBuilder("{\"provenance\":null,\"parameters\":[");
        Parameters p = m.parameters();
        for (int i = 0; i < p.layers(); i++) {
            for (org.ejml.data.FMatrixRMaj matrix : List.of(p.weight(i), p.bias(i))) {
                text.append(matrix == p.weight(i) ? "" : ",").append(i > 0 && matrix == p.weight(i) ? "," : "");
                text.append("{\"data\":[");
                for (int k = 0; k < matrix.getNumElements(); k++) {
                    text.append(k == 0 ? "" : ",").append(Float.toString(matrix.data[k]));
                }
                text.append("],\"cols\":").append(matrix.numCols).append(",\"rows\":").append(matrix.numRows)
                        .append(",\"name\":\"").append(matrix == p.weight(i) ? Parameters.weightName(i) : Parameters.biasName(i))
                        .append("\"}");
            }
        }
        text.append("],\"activation\":\"relu\",\"layers\":[6,4,3],\"version\":1,\"format\":\"digitlab-mlp\"}");

        assertTrue(loadText(text.toString()).parameters().sameAs(p), text.toString());
    }

    @Test
    @Tag("slow") // a child JVM with a small heap
    void aModelFileTooBigForTheHeapIsRefusedWithAMessageNotAnOutOfMemoryError() throws Exception {
        Path file = dir.resolve("zeros.json");
        try (java.io.Writer out = Files.newBufferedWriter(file)) {
            out.write("{\"format\":\"digitlab-mlp\",\"version\":1,\"parameters\":[{\"data\":[");
            for (int k = 0; k < 20_000_000; k++) {
                out.write("0,");
            }
            out.write("0]}]}"); // 40 MB: 80 MB of floats, in a 48 MB heap
        }
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx48m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), LoadInSmallHeap.class.getName(),
                file.toString()).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(0, child.waitFor(), output);
        assertTrue(output.startsWith("refused: " + file + ": too large to load in the memory available (this program may use"),
                output);
    }
}
