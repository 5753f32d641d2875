package digitlab.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import digitlab.nn.Architecture;
import digitlab.nn.Parameters;

/** Version 2 model files: any network, its layers in the file, checked layer by layer and parameter by parameter. */
class ModelFileNetworkTest {
    @TempDir
    Path dir;

    private static final Architecture.Shape IMAGE = new Architecture.Shape(1, 28, 28);
    private static final String SMALL_CNN = "conv3x4,pool2,conv3x2:valid:tanh,pool2,flatten,dense12:sigmoid,dense10";

    private static Model model(String spec, Architecture.Shape input, long seed) {
        Parameters p = Parameters.initial(Architecture.parse(spec, input, 10), seed);
        return new Model("m", p, new Provenance("adam", 0.001f, null, "constant", 1, 32, seed, false, 0.9, "2026-12-01T00:00:00Z",
                500, "0.1.0", 0.75, p.architecture().spec()));
    }

    private static String json(Model m) throws IOException {
        return ModelFileTest.json(m);
    }

    private Model loadText(String text) throws IOException {
        return ModelFileTest.loadText(dir, text);
    }

    @Test
    void aConvolutionalNetworkSavesAsVersionTwoAndLoadsBackBitForBitWithItsArchitecture() throws IOException {
        Model original = model(SMALL_CNN, IMAGE, 4);
        Path file = dir.resolve("cnn.json");

        ModelFile.save(original, file);
        Model loaded = ModelFile.load(file);

        assertTrue(Files.readString(file).startsWith("{\"format\":\"digitlab-network\",\"version\":2,"
                + "\"input\":{\"channels\":1,\"height\":28,\"width\":28},\"network\":["));
        assertEquals(original.parameters().architecture(), loaded.parameters().architecture());
        assertTrue(loaded.parameters().sameAs(original.parameters()));
        assertEquals(original.provenance(), loaded.provenance());
        assertEquals(SMALL_CNN.replace(",dense10", ",dense10"), loaded.provenance().architecture());
        assertEquals(0.75, loaded.provenance().drawnAccuracy());
    }

    @Test
    void theFileListsEachLayerWithItsFieldsAndTheParametersByTheirNames() throws IOException {
        String text = json(model("conv5x16,pool2,dense10", IMAGE, 1));

        assertTrue(text.contains("\"network\":[\n{\"layer\":\"conv\",\"kernel\":5,\"filters\":16,\"padding\":\"same\","
                + "\"activation\":\"relu\"}\n,{\"layer\":\"pool\",\"size\":2}\n,{\"layer\":\"dense\",\"width\":10,"
                + "\"activation\":\"none\"}]\n,\"provenance\""), text.substring(0, 400));
        assertTrue(text.contains("{\"name\":\"K1\",\"rows\":16,\"cols\":25,\"data\":["));
        assertTrue(text.contains("{\"name\":\"W2\",\"rows\":10,\"cols\":3136,\"data\":["));
        assertTrue(text.contains("\"architecture\":\"conv5x16,pool2,dense10\""));
    }

    @Test
    void aDenseNetworkWithTanhSavesAsVersionTwoOnAFlatInput() throws IOException {
        Model original = model("dense16:tanh,dense10", Architecture.Shape.vector(784), 2);
        Path file = dir.resolve("tanh.json");

        ModelFile.save(original, file);
        Model loaded = ModelFile.load(file);

        assertTrue(Files.readString(file).startsWith("{\"format\":\"digitlab-network\",\"version\":2,\"input\":{\"size\":784}"));
        assertTrue(loaded.parameters().sameAs(original.parameters()));
    }

    @Test
    void aReluMlpStillSavesAsVersionOne() throws IOException {
        String text = json(model("dense16,dense10", Architecture.Shape.vector(784), 2));

        assertTrue(text.startsWith("{\"format\":\"digitlab-mlp\",\"version\":1,\"layers\":[784,16,10],\"activation\":\"relu\""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an unknown kind of layer | \"layer\":\"pool\" | \"layer\":\"maxpool\" | layer 2 (maxpool): not a kind of layer; the kinds are dense, conv, pool and flatten",
            "a pool of another size | \"layer\":\"pool\",\"size\":2 | \"layer\":\"pool\",\"size\":3 | layer 2 (pool): size must be 2 (only 2×2 pooling is built in), not 3",
            "a kernel bigger than the image | \"kernel\":3,\"filters\":4,\"padding\":\"same\" | \"kernel\":29,\"filters\":4,\"padding\":\"valid\" | layer 1 (conv29x4:valid): a 29×29 kernel does not fit in the 28×28 image it gets",
            "a convolution after a dense layer | {\"layer\":\"flatten\"} | {\"layer\":\"dense\",\"width\":5,\"activation\":\"relu\"},{\"layer\":\"conv\",\"kernel\":1,\"filters\":1,\"padding\":\"same\",\"activation\":\"relu\"} | layer 6 (conv1x1): a convolution needs an image, but its input is a flat vector of 5 numbers",
            "a pool on a flat vector | {\"layer\":\"flatten\"} | {\"layer\":\"flatten\"},{\"layer\":\"pool\",\"size\":2} | layer 6 (pool2): 2×2 pooling needs at least 2×2 pixels, but its input is a flat vector",
            "a last layer with an activation | \"width\":10,\"activation\":\"none\" | \"width\":10,\"activation\":\"relu\" | the last layer must be a dense layer without activation",
            "a field of another kind of layer | \"layer\":\"pool\",\"size\":2 | \"layer\":\"pool\",\"size\":2,\"filters\":3 | layer 2 (pool): 'filters' is not a field of this kind of layer",
            "an unknown activation | \"activation\":\"sigmoid\" | \"activation\":\"gelu\" | layer 6 (dense): activation must be relu, tanh, sigmoid or none, not 'gelu'",
            "a padding that is neither | \"padding\":\"valid\" | \"padding\":\"full\" | layer 3 (conv): padding must be \"same\" or \"valid\", not 'full'",
            "kernels of the wrong shape | \"name\":\"K2\",\"rows\":2,\"cols\":36 | \"name\":\"K2\",\"rows\":2,\"cols\":9 | K2 is 2×9 but these layers need 2×36",
            "a parameter missing | ,{\"name\":\"b4\" | ],\"x\":[{\"name\":\"b4\" | parameters must list 8 matrices (K1, b1, … W4, b4) for the network conv3x4,pool2,conv3x2:valid:tanh,pool2,flatten,dense12:sigmoid,dense10, not 7",
            "parameters out of order | \"name\":\"b1\" | \"name\":\"W1\" | expected parameter b1 here, found 'W1'",
            "a NaN in the kernels | \"data\":[0.0, | \"data\":[\"NaN\", | parameter 1: data[0] is \"NaN\", not a number",
            "a version one format name | \"format\":\"digitlab-network\" | \"format\":\"digitlab-mlp\" | format version 2 is not supported (this DigitLab reads digitlab-mlp version 1 and digitlab-network version 2)",
            "no input | \"input\":{ | \"inputs\":{ | input must be an object with channels, height and width (an image) or size (a flat vector)",
            "an input too large | \"height\":28 | \"height\":28000 | input must be an object with channels, height and width (an image) or size (a flat vector), whole numbers from 1 to 100000; not 1×28000×28",
            "a layer count in text | \"kernel\":3,\"filters\":4 | \"kernel\":\"3\",\"filters\":4 | layer 1: 'kernel' must be a whole number, not \"3\"",
    })
    void aDamagedVersionTwoFileIsRefusedNamingTheFirstThingWrong(String what, String find, String replace, String message)
            throws IOException {
        String good = json(new Model("m", zeroFirstKernel(), Provenance.unknown()));
        assertTrue(good.contains(find), "the test's text to change is in the file: " + find);
        String bad = good.replaceFirst(Pattern.quote(find), Matcher.quoteReplacement(replace));

        ModelException e = assertThrows(ModelException.class, () -> loadText(bad));

        assertTrue(e.getMessage().startsWith(dir.resolve("broken.json") + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), what + ": " + e.getMessage());
    }

    @Test
    void aSmallFileWhoseKernelsWouldSlideOverAHugeImageIsRefusedNamingTheLayer() throws IOException {
        Path file = dir.resolve("wide.json");
        String pools = ",pool2".repeat(8); // 256 × 256 down to 1 × 1, so that the dense layer stays small
        ModelFile.save(new Model("wide", Parameters.initial(Architecture.parse("conv1x1" + pools + ",dense10",
                new Architecture.Shape(1, 256, 256), 10), 1), Provenance.unknown()), file);
        String text = Files.readString(file).replace("\"filters\":1,", "\"filters\":4000,");
        assertTrue(text.contains("\"filters\":4000,"));

        ModelException e = assertThrows(ModelException.class, () -> loadText(text));

        assertTrue(e.getMessage().endsWith("broken.json: layer 1 (conv1x4000) works on 262,144,000 numbers for each image,"
                + " more than DigitLab runs (16,777,216)"), e.getMessage());
    }

    @Test
    void aVersionTwoNetworkWhoseWeightsOverflowIsRefusedNamingTheLayer() throws IOException {
        Parameters p = Parameters.initial(Architecture.parse("conv3x2,pool2,dense10", IMAGE, 10), 1);
        Arrays.fill(p.weight(0).data, 3e38f);
        Path file = dir.resolve("overflow.json");
        ModelFile.save(new Model("overflow", p, Provenance.unknown()), file);

        ModelException e = assertThrows(ModelException.class, () -> ModelFile.load(file));

        assertTrue(e.getMessage().contains("its weights are so large that the network's layer 1 output 1 is Infinity for a"
                + " mid-grey image"), e.getMessage());
    }

    @Test
    void theBundledModelsAreListedInOrderAndOnlyThoseInThisBuild() throws ModelException {
        assertEquals(ModelFile.BUNDLED_NAME, ModelFile.bundledNames().get(0));
        for (String name : ModelFile.BUNDLED_NAMES) {
            assertEquals(ModelFile.class.getResource(ModelFile.bundledResource(name)) != null,
                    ModelFile.bundledNames().contains(name), name);
        }
        assertEquals("mnist-mlp", ModelFile.loadBundled().name());
        assertTrue(ModelFile.loadBundled("mnist-mlp").parameters().sameAs(ModelFile.loadBundled().parameters()));
        ModelException e = assertThrows(ModelException.class, () -> ModelFile.loadBundled("mnist-rnn"));
        assertEquals("no bundled model is called 'mnist-rnn'; there are " + String.join(", ", ModelFile.bundledNames()),
                e.getMessage());
    }

    /** The small CNN with its first kernel number written "0.0", so tests can find and change it. */
    private static Parameters zeroFirstKernel() {
        Parameters p = Parameters.initial(Architecture.parse(SMALL_CNN, IMAGE, 10), 3);
        p.weight(0).data[0] = 0f;
        return p;
    }
}
