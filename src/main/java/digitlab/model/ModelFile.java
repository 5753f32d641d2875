package digitlab.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.ejml.data.FMatrixRMaj;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import digitlab.files.AtomicFile;
import digitlab.nn.Parameters;

/**
 * Model files: JSON with a format name and version, the layer sizes and activation, every parameter
 * with its shape and numbers (row-major), and the provenance. For example:
 * <pre>
 * {"format":"digitlab-mlp","version":1,"layers":[784,128,64,10],"activation":"relu",
 *  "parameters":[{"name":"W1","rows":128,"cols":784,"data":[…]},{"name":"b1","rows":1,"cols":128,"data":[…]},…],
 *  "provenance":{"optimizer":"sgd","learning_rate":0.05,…,"test_accuracy":0.986,"date":"…"}}
 * </pre>
 * Numbers are written as the shortest decimal that reads back as the same float, and read back exactly.
 * Loading checks everything and names the first thing wrong; saving writes a temp file beside the target
 * and renames it over, so a crash leaves the old file or the new one, never half of one.
 */
public final class ModelFile {
    public static final String FORMAT = "digitlab-mlp";
    public static final int VERSION = 1;
    /** The model that ships inside DigitLab, as a classpath resource. */
    public static final String BUNDLED_RESOURCE = "/digitlab/models/mnist-mlp.json";
    public static final String BUNDLED_NAME = "mnist-mlp";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ModelFile() {
    }

    public static Model load(Path file) throws ModelException {
        if (!Files.isRegularFile(file)) {
            throw new ModelException(file + ": no such model file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), nameOf(file));
        } catch (ModelException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The model that ships with DigitLab. */
    public static Model loadBundled() throws ModelException {
        try (InputStream in = ModelFile.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new ModelException("the bundled model " + BUNDLED_RESOURCE + " is missing from this build");
            }
            return read(in, "bundled model", BUNDLED_NAME);
        } catch (ModelException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelException("bundled model: cannot read: " + e.getMessage(), e);
        }
    }

    /** "mnist-mlp" for mnist-mlp.json: what to call a model in a list. */
    public static String nameOf(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".json") ? n.substring(0, n.length() - 5) : n;
    }

    /** Parses and checks a model; {@code where} names the source in messages. */
    public static Model read(InputStream in, String where, String name) throws ModelException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            throw new ModelException(where + ": not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new ModelException(where + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) { // Jackson's own checks on numbers throw unchecked exceptions
            throw new ModelException(where + ": not valid JSON: " + e.getMessage(), e);
        }
        try {
            return parse(root, name);
        } catch (IllegalArgumentException e) {
            throw new ModelException(where + ": " + e.getMessage(), e);
        } catch (RuntimeException e) { // anything else in a file this odd: still a damaged model, named
            throw new ModelException(where + ": not a usable model (" + e + ")", e);
        }
    }

    private static Model parse(JsonNode root, String name) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a DigitLab model (expected a JSON object)");
        }
        String format = text(root, "format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("format is '" + format + "', not '" + FORMAT + "'");
        }
        int version = integer(root, "version");
        if (version != VERSION) {
            throw new IllegalArgumentException("format version " + version + " is not supported (this DigitLab reads "
                    + VERSION + ")");
        }
        JsonNode layersNode = root.get("layers");
        if (layersNode == null || !layersNode.isArray() || layersNode.size() < 2) {
            throw new IllegalArgumentException("layers must be a list of at least two sizes");
        }
        int[] sizes = new int[layersNode.size()];
        for (int i = 0; i < sizes.length; i++) {
            JsonNode s = layersNode.get(i);
            if (!s.canConvertToInt() || !s.isIntegralNumber() || s.intValue() < 1 || s.intValue() > 100_000) {
                throw new IllegalArgumentException("layers[" + i + "] must be a whole number from 1 to 100000, not " + s);
            }
            sizes[i] = s.intValue();
        }
        String activation = text(root, "activation");
        JsonNode params = root.get("parameters");
        int layers = sizes.length - 1;
        if (params == null || !params.isArray() || params.size() != 2 * layers) {
            throw new IllegalArgumentException("parameters must list " + 2 * layers + " matrices (W1, b1, … W" + layers
                    + ", b" + layers + ") for layers " + java.util.Arrays.toString(sizes)
                    + (params != null && params.isArray() ? ", not " + params.size() : ""));
        }
        List<FMatrixRMaj> weights = new ArrayList<>(), biases = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            weights.add(matrix(params.get(2 * i), Parameters.weightName(i), sizes[i + 1], sizes[i]));
            biases.add(matrix(params.get(2 * i + 1), Parameters.biasName(i), 1, sizes[i + 1]));
        }
        Parameters parameters = new Parameters(sizes, weights, biases);
        return new Model(name, parameters, activation, provenance(root.get("provenance")));
    }

    private static FMatrixRMaj matrix(JsonNode node, String expectedName, int rows, int cols) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(expectedName + " must be an object with name, rows, cols and data");
        }
        String name = text(node, "name");
        if (!expectedName.equals(name)) {
            throw new IllegalArgumentException("expected parameter " + expectedName + " here, found '" + name + "'");
        }
        int r = integer(node, "rows"), c = integer(node, "cols");
        if (r != rows || c != cols) {
            throw new IllegalArgumentException(name + " is " + r + "×" + c + " but these layers need " + rows + "×" + cols);
        }
        JsonNode data = node.get("data");
        if (data == null || !data.isArray()) {
            throw new IllegalArgumentException(name + ": data must be a list of numbers");
        }
        if (data.size() != rows * cols) {
            throw new IllegalArgumentException(name + ": data has " + data.size() + " numbers but " + rows + "×" + cols
                    + " needs " + rows * cols);
        }
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int k = 0; k < data.size(); k++) {
            JsonNode v = data.get(k);
            if (!v.isNumber()) {
                throw new IllegalArgumentException(name + ": data[" + k + "] is " + v + ", not a number");
            }
            float f = v.isBigDecimal() ? toFloat(v.decimalValue()) : v.floatValue();
            if (!Float.isFinite(f)) {
                throw new IllegalArgumentException(name + ": data[" + k + "] = " + v + " is not a finite float");
            }
            m.data[k] = f;
        }
        return m;
    }

    /** Correctly rounded, so the shortest text of a float reads back as that float. */
    private static float toFloat(BigDecimal d) {
        return Float.parseFloat(d.toString());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not text");
        }
        return v.textValue();
    }

    private static int integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a whole number");
        }
        return v.intValue();
    }

    private static Provenance provenance(JsonNode p) {
        if (p == null || p.isNull()) {
            return Provenance.unknown();
        }
        if (!p.isObject()) {
            throw new IllegalArgumentException("provenance must be an object");
        }
        return new Provenance(optText(p, "optimizer"), optFloat(p, "learning_rate"), optFloat(p, "momentum"),
                optText(p, "schedule"), optInt(p, "epochs"), optInt(p, "batch_size"),
                p.hasNonNull("seed") && p.get("seed").canConvertToLong() ? p.get("seed").longValue() : null,
                p.hasNonNull("augment") && p.get("augment").isBoolean() ? p.get("augment").booleanValue() : null,
                p.hasNonNull("test_accuracy") && p.get("test_accuracy").isNumber() ? p.get("test_accuracy").doubleValue() : null,
                optText(p, "date"), optInt(p, "train_images"), optText(p, "digitlab_version"));
    }

    private static String optText(JsonNode p, String f) {
        return p.hasNonNull(f) && p.get(f).isTextual() ? p.get(f).textValue() : null;
    }

    private static Float optFloat(JsonNode p, String f) {
        return p.hasNonNull(f) && p.get(f).isNumber() ? p.get(f).floatValue() : null;
    }

    private static Integer optInt(JsonNode p, String f) {
        return p.hasNonNull(f) && p.get(f).isIntegralNumber() && p.get(f).canConvertToInt() ? p.get(f).intValue() : null;
    }

    /**
     * Writes the model through {@link AtomicFile}: a temp file in the target's folder, forced to disk, then
     * renamed over {@code file}. Replaces only a writable regular file; creates no folders.
     */
    public static void save(Model model, Path file) throws IOException {
        save(model, file, AtomicFile.Replace.IF_WRITABLE);
    }

    /** As {@link #save(Model, Path)}, with the rule for an existing {@code file} given. */
    public static void save(Model model, Path file, AtomicFile.Replace replace) throws IOException {
        AtomicFile.removeStaleTemporaryFiles(file, STALE_TEMPORARY);
        AtomicFile.write(file, replace, out -> write(model, out));
    }

    /**
     * Writes the model to a new file {@code folder/stem.json} (or {@code stem-2.json}, … when that is
     * taken: never replacing anything) and returns it.
     */
    public static Path saveNew(Model model, Path folder, String stem) throws IOException {
        return AtomicFile.writeNew(folder, stem, ".json", out -> write(model, out));
    }

    /** Temporary files of saves that a killed process left behind are removed once this old. */
    private static final java.time.Duration STALE_TEMPORARY = java.time.Duration.ofHours(1);

    /** The JSON text of a model, one parameter per line so that diffs stay readable. */
    public static void write(Model model, OutputStream out) throws IOException {
        Parameters p = model.parameters();
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("format", FORMAT);
            g.writeNumberField("version", VERSION);
            g.writeArrayFieldStart("layers");
            for (int s : p.sizes()) {
                g.writeNumber(s);
            }
            g.writeEndArray();
            g.writeStringField("activation", model.activation());
            g.writeFieldName("provenance");
            MAPPER.writeTree(g, provenanceJson(model.provenance()));
            g.writeRaw("\n");
            g.writeArrayFieldStart("parameters");
            for (int i = 0; i < p.layers(); i++) {
                writeMatrix(g, Parameters.weightName(i), p.weight(i));
                writeMatrix(g, Parameters.biasName(i), p.bias(i));
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw("\n");
        }
    }

    private static void writeMatrix(JsonGenerator g, String name, FMatrixRMaj m) throws IOException {
        g.writeRaw("\n");
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeNumberField("rows", m.numRows);
        g.writeNumberField("cols", m.numCols);
        g.writeArrayFieldStart("data");
        for (int k = 0; k < m.getNumElements(); k++) {
            g.writeNumber(Float.toString(m.data[k])); // shortest text that reads back as this float
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static ObjectNode provenanceJson(Provenance p) {
        ObjectNode o = MAPPER.createObjectNode();
        putIf(o, "optimizer", p.optimizer());
        if (p.learningRate() != null) {
            o.put("learning_rate", p.learningRate());
        }
        if (p.momentum() != null) {
            o.put("momentum", p.momentum());
        }
        putIf(o, "schedule", p.schedule());
        if (p.epochs() != null) {
            o.put("epochs", p.epochs());
        }
        if (p.batchSize() != null) {
            o.put("batch_size", p.batchSize());
        }
        if (p.seed() != null) {
            o.put("seed", p.seed());
        }
        if (p.augment() != null) {
            o.put("augment", p.augment());
        }
        if (p.testAccuracy() != null) {
            o.put("test_accuracy", p.testAccuracy());
        }
        putIf(o, "date", p.date());
        if (p.trainImages() != null) {
            o.put("train_images", p.trainImages());
        }
        putIf(o, "digitlab_version", p.digitlabVersion());
        return o;
    }

    private static void putIf(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
