package digitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import digitlab.dataset.Dataset;
import digitlab.model.ModelFile;
import digitlab.testing.RealMnist;

/** train, eval and predict on the real data, as a person runs them. */
@Tag("slow")
class MnistCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
        List<JsonNode> jsonLines() throws Exception {
            List<JsonNode> nodes = new java.util.ArrayList<>();
            for (String line : out.lines().toList()) {
                nodes.add(JSON.readTree(line));
            }
            return nodes;
        }
    }

    @BeforeAll
    static void fetchData() {
        RealMnist.get();
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void trainWritesOneJsonLinePerEpochAndSavesAModelThatLoads() throws Exception {
        Path model = dir.resolve("small.json");

        Run r = run("train", "--epochs", "2", "--limit", "1280", "--batch", "32", "--seed", "3", "--json", "--out", model.toString());

        assertEquals(0, r.status, r.err);
        List<JsonNode> lines = r.jsonLines();
        assertEquals(3, lines.size(), r.out);
        for (int e = 0; e < 2; e++) {
            JsonNode epoch = lines.get(e);
            assertEquals(e + 1, epoch.get("epoch").asInt());
            for (String key : List.of("loss", "test_accuracy", "seconds", "samples_per_second")) {
                assertTrue(epoch.get(key).isNumber(), key + " in " + epoch);
            }
        }
        assertTrue(lines.get(1).get("test_accuracy").asDouble() > 0.7, r.out);
        assertEquals(model.toString(), lines.get(2).get("saved").asText());
        var loaded = ModelFile.load(model);
        assertEquals(1280, loaded.provenance().trainImages());
        assertEquals("sgd", loaded.provenance().optimizer());
        assertEquals(lines.get(1).get("test_accuracy").asDouble(), loaded.provenance().testAccuracy(), 1e-9);
    }

    @Test
    void trainWithAConvolutionalArchSavesAVersionTwoModelThatEvalAndPredictRead() throws Exception {
        Path model = dir.resolve("cnn.json"), picture = dir.resolve("seven.png");
        ImageIO.write(draw(RealMnist.get().test(), 0, 4, true), "png", picture.toFile());

        Run r = run("train", "--arch", "conv3x4,pool2,dense10", "--limit", "500", "--epochs", "1", "--batch", "20",
                "--out", model.toString());

        assertEquals(0, r.status, r.err);
        assertTrue(r.err.contains("network: conv3x4,pool2,dense10 (7,890 numbers)"), r.err);
        assertTrue(r.out.contains("saved " + model + " (conv3x4,pool2,dense10 (7,890 numbers); test accuracy "), r.out);
        assertTrue(Files.readString(model).startsWith("{\"format\":\"digitlab-network\",\"version\":2,"));
        var loaded = ModelFile.load(model);
        assertEquals("conv3x4,pool2,dense10", loaded.parameters().architecture().spec());
        assertEquals("conv3x4,pool2,dense10", loaded.provenance().architecture());

        Run eval = run("eval", "--json", "--model", model.toString());
        assertEquals(0, eval.status, eval.err);
        JsonNode json = JSON.readTree(eval.out);
        assertEquals(10_000, json.get("n").asInt());
        assertTrue(json.get("accuracy").asDouble() > 0.5, eval.out);

        Run predict = run("predict", "--json", "--model", model.toString(), picture.toString());
        assertEquals(0, predict.status, predict.err);
        assertEquals(10, predict.jsonLines().get(0).get("probabilities").size(), predict.out);
    }

    @Test
    void trainWithAnArchThatIsNotANetworkIsAUsageErrorNamingTheLayer() {
        Run r = run("train", "--arch", "conv5x", "--epochs", "1");

        assertEquals(2, r.status);
        assertEquals("error: --arch conv5x: layer 1 ('conv5x'): conv needs a number of filters, as in conv5x16",
                r.err.lines().findFirst().orElse(""));
        assertEquals("", r.out);
    }

    @Test
    void aConvolutionalModelForAnotherImageSizeIsRefusedByEvalSayingWhatItTakes() throws Exception {
        Path wide = dir.resolve("wide.json");
        ModelFile.save(new digitlab.model.Model("wide", digitlab.nn.Parameters.initial(digitlab.nn.Architecture.parse(
                "conv3x2,pool2,dense10", new digitlab.nn.Architecture.Shape(1, 32, 32), 10), 1),
                digitlab.model.Provenance.unknown()), wide);

        Run r = run("eval", "--model", wide.toString());

        assertEquals(2, r.status);
        assertTrue(r.err.strip().endsWith("error: wide takes 1×32×32 images, but MNIST images have 784 pixels"), r.err);
    }

    @Test
    void trainRefusesBadSettingsWithStatusTwo() {
        Run r = run("train", "--lr", "-0.1");

        assertEquals(2, r.status);
        assertTrue(r.err.startsWith("error: learning rate must be a number above 0"), r.err);
        assertEquals("", r.out);
    }

    @Test
    void evalOfTheShippedModelGivesAccuracyAndAConfusionMatrixOfTheWholeTestSet() throws Exception {
        Run r = run("eval", "--json");

        assertEquals(0, r.status, r.err);
        JsonNode json = JSON.readTree(r.out);
        assertEquals(10_000, json.get("n").asInt());
        assertTrue(json.get("accuracy").asDouble() >= 0.985, r.out);
        int total = 0, diagonal = 0;
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10; j++) {
                total += json.get("confusion").get(i).get(j).asInt();
            }
            diagonal += json.get("confusion").get(i).get(i).asInt();
        }
        assertEquals(10_000, total);
        assertEquals(json.get("accuracy").asDouble(), diagonal / 10_000.0, 1e-9);
    }

    @Test
    void evalOfADamagedModelSaysWhatIsWrongWithStatusTwo() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\":\"digitlab-mlp\",\"version\":1,\"layers\":[784,10],\"activation\":\"relu\",\"parameters\":[]}");

        Run r = run("eval", "--model", bad.toString());

        assertEquals(2, r.status);
        assertEquals("error: " + bad + ": parameters must list 2 matrices (W1, b1, … W1, b1) for layers [784, 10], not 0",
                r.err.strip());
    }

    @Test
    void trainingThatDivergesNamesTheBatchAndSavesNothing() throws Exception {
        Path out = dir.resolve("diverged.json");
        Run r = run("train", "--lr", "100", "--epochs", "1", "--limit", "6400", "--out", out.toString());
        assertEquals(1, r.status);
        assertTrue(r.err.contains("at batch") && r.err.contains("Try a lower learning rate") && r.err.contains("nothing saved"), r.err);
        assertTrue(!Files.exists(out), "nothing saved");
        try (var list = Files.list(dir)) {
            assertTrue(list.noneMatch(p -> p.getFileName().toString().contains("diverged")), "no temp file either");
        }
    }

    @Test
    void aModelOfTheWrongShapeIsRefusedByEvalAndPredictWithStatusTwo() throws Exception {
        Path small = dir.resolve("small.json"), five = dir.resolve("five.json"), picture = dir.resolve("p.png");
        digitlab.model.ModelFile.save(new digitlab.model.Model("small", digitlab.nn.Parameters.initial(new int[] {64, 10}, 1),
                digitlab.model.Provenance.unknown()), small);
        digitlab.model.ModelFile.save(new digitlab.model.Model("five", digitlab.nn.Parameters.initial(new int[] {784, 32, 5}, 1),
                digitlab.model.Provenance.unknown()), five);
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", picture.toFile());

        Run r = run("eval", "--model", small.toString());
        assertEquals(2, r.status);
        assertEquals("", r.out);
        assertTrue(r.err.strip().endsWith("error: small takes 64 inputs, but MNIST images have 784 pixels"), r.err);
        r = run("eval", "--model", five.toString());
        assertEquals(2, r.status);
        assertTrue(r.err.strip().endsWith("error: five tells 5 classes apart, but MNIST has 10 digits"), r.err);
        r = run("predict", "--model", small.toString(), picture.toString());
        assertEquals(2, r.status);
        assertEquals("error: small takes 64 inputs, but images are prepared as 28×28", r.err.strip());
        r = run("predict", "--model", five.toString(), picture.toString());
        assertEquals(2, r.status);
        assertEquals("error: five tells 5 classes apart, not the 10 digits", r.err.strip());
    }

    @Test
    void predictReadsRealDigitsDrawnDarkOnLightAndLightOnDarkAtAnySize() throws Exception {
        Dataset test = RealMnist.get().test();
        int[] images = {0, 1, 2, 3, 4};
        String[] files = new String[images.length + 1];
        files[0] = "predict";
        for (int k = 0; k < images.length; k++) {
            boolean darkOnLight = k % 2 == 0;
            int scale = 3 + 2 * k;
            Path f = dir.resolve("digit" + k + (k == 3 ? ".jpg" : ".png"));
            ImageIO.write(draw(test, images[k], scale, darkOnLight), k == 3 ? "jpg" : "png", f.toFile());
            files[k + 1] = f.toString();
        }
        String[] withJson = new String[files.length + 1];
        withJson[0] = "predict";
        withJson[1] = "--json";
        System.arraycopy(files, 1, withJson, 2, images.length);

        Run r = run(withJson);

        assertEquals(0, r.status, r.err);
        List<JsonNode> lines = r.jsonLines();
        assertEquals(images.length, lines.size());
        for (int k = 0; k < images.length; k++) {
            JsonNode line = lines.get(k);
            assertEquals(files[k + 1], line.get("file").asText());
            assertEquals(test.label(images[k]), line.get("digit").asInt(), line.toString());
            double sum = 0;
            for (JsonNode p : line.get("probabilities")) {
                sum += p.asDouble();
            }
            assertEquals(10, line.get("probabilities").size());
            assertEquals(1.0, sum, 1e-4);
        }
        Run people = run(files);
        assertTrue(people.out.startsWith(files[1] + ": " + test.label(0) + " ("), people.out);
    }

    @Test
    void aBlankImageIsReportedAsBlankAndAnUnreadableOneFailsWithStatusTwo() throws Exception {
        Path blank = dir.resolve("blank.png");
        BufferedImage white = new BufferedImage(50, 40, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = white.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 50, 40);
        g.dispose();
        ImageIO.write(white, "png", blank.toFile());
        Path text = dir.resolve("notes.png");
        Files.writeString(text, "not a picture");

        Run r = run("predict", blank.toString(), text.toString());

        assertEquals(2, r.status);
        assertEquals(blank + ": blank, no ink or too little to be a digit", r.out.strip());
        assertTrue(r.err.startsWith("error: " + text), r.err);
    }

    /** MNIST image {@code i}, scaled up, dark ink on white paper or as stored (light on black). */
    private static BufferedImage draw(Dataset d, int i, int scale, boolean darkOnLight) {
        BufferedImage img = new BufferedImage(28 * scale + 40, 28 * scale + 10, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int ix = (x - 30) / scale, iy = (y - 5) / scale;
                int v = x >= 30 && y >= 5 && ix < 28 && iy < 28 ? d.pixel(i, iy * 28 + ix) : 0;
                int grey = darkOnLight ? 255 - v : v;
                img.getRaster().setSample(x, y, 0, grey);
            }
        }
        return img;
    }
}
