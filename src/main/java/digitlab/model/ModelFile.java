package digitlab.model;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.ejml.data.FMatrixRMaj;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;

import digitlab.files.AtomicFile;
import digitlab.files.FileKinds;
import digitlab.nn.Architecture;
import digitlab.nn.Architecture.Activation;
import digitlab.nn.Architecture.Conv;
import digitlab.nn.Architecture.Dense;
import digitlab.nn.Architecture.Flatten;
import digitlab.nn.Architecture.Layer;
import digitlab.nn.Architecture.Pool;
import digitlab.nn.Architecture.Shape;
import digitlab.nn.Parameters;

/**
 * Model files: JSON with a format name and version, the network, every parameter with its shape and numbers
 * (row-major), and the provenance. Two formats:
 *
 * <p>{@value #FORMAT} version {@value #VERSION}, for a stack of dense layers with ReLU between them (and
 * none after the last), the layer sizes from the input on; its input is a flat vector:
 * <pre>
 * {"format":"digitlab-mlp","version":1,"layers":[784,128,64,10],"activation":"relu",
 *  "provenance":{"optimizer":"sgd","learning_rate":0.05,…,"test_accuracy":0.986,"date":"…"},
 *  "parameters":[{"name":"W1","rows":128,"cols":784,"data":[…]},{"name":"b1","rows":1,"cols":128,"data":[…]},…]}
 * </pre>
 *
 * <p>{@value #NETWORK_FORMAT} version {@value #NETWORK_VERSION}, for any {@link Architecture}: the input (an
 * image, {@code {"channels":C,"height":H,"width":W}}, or a flat vector, {@code {"size":N}}), then the layers in
 * order, each an object with its kind and exactly that kind's fields:
 * <ul>
 *   <li>{@code {"layer":"conv","kernel":K,"filters":F,"padding":"same"|"valid","activation":A}}</li>
 *   <li>{@code {"layer":"pool","size":2}} (the largest of each 2 × 2 block)</li>
 *   <li>{@code {"layer":"flatten"}}</li>
 *   <li>{@code {"layer":"dense","width":N,"activation":A}}</li>
 * </ul>
 * where A is relu, tanh, sigmoid or none; the last layer is dense with activation none. The parameters follow
 * {@link Architecture#parameterShapes()}: for the i-th layer that holds any, Ki (filters × C·K·K, one row per
 * filter) and bi (1 × filters) for a convolution, Wi (width × inputs) and bi (1 × width) for a dense layer:
 * <pre>
 * {"format":"digitlab-network","version":2,"input":{"channels":1,"height":28,"width":28},
 *  "network":[{"layer":"conv","kernel":5,"filters":16,"padding":"same","activation":"relu"},{"layer":"pool","size":2},
 *             {"layer":"dense","width":10,"activation":"none"}],
 *  "provenance":{…,"architecture":"conv5x16,pool2,dense10"},
 *  "parameters":[{"name":"K1","rows":16,"cols":25,"data":[…]},{"name":"b1","rows":1,"cols":16,"data":[…]},
 *                {"name":"W2","rows":10,"cols":3136,"data":[…]},{"name":"b2",…}]}
 * </pre>
 * {@link #save} writes a ReLU MLP ({@link Architecture#isReluMlp()}) as version 1, which older DigitLabs read,
 * and every other network as version 2. The provenance's fields (all optional) are optimizer, learning_rate,
 * momentum, schedule, epochs, batch_size, seed, augment, test_accuracy, date, train_images, digitlab_version,
 * drawn_accuracy (the share of the drawn test set read right) and architecture (the spec).
 *
 * <p>Numbers are written as the shortest decimal that reads back as the same float, and read back exactly.
 * Loading checks everything and names the first thing wrong: only a regular file of at most
 * {@link #MAX_BYTES} is opened, Jackson binds it to records ({@link ModelJson}) straight from the stream
 * of tokens (memory in proportion to the numbers in it, never to what it claims), {@link ModelValidator}
 * checks them (the layers by {@link Architecture}'s own rules, each parameter's name and shape against them),
 * nothing but white space may follow the model, and the network's outputs must be finite for a blank and a
 * mid-grey image; saving writes a temp file beside the target and renames it over, so a crash leaves the
 * old file or the new one, never half of one.
 */
public final class ModelFile {
    public static final String FORMAT = "digitlab-mlp";
    public static final int VERSION = 1;
    public static final String NETWORK_FORMAT = "digitlab-network";
    public static final int NETWORK_VERSION = 2;
    public static final String BUNDLED_NAME = "mnist-mlp";
    /** The models DigitLab may ship, in the order to offer them; {@link #bundledNames()} says which this build has. */
    public static final List<String> BUNDLED_NAMES = List.of(BUNDLED_NAME, "mnist-cnn");

    /**
     * The largest model file read: 64 MB. The network DigitLab trains (784-128-64-10, 109,386 numbers)
     * is 1.3 MB of JSON as shipped and under 2.5 MB whatever its numbers (at most about 16 characters
     * each), and a small convolutional network would be about 3 MB, so this leaves twenty times the
     * room while refusing at once a file that would take seconds and gigabytes to parse.
     */
    public static final long MAX_BYTES = 64L << 20;
    private static final long MB = 1 << 20;

    private ModelFile() {
    }

    /**
     * Loads a model file. Only a regular file is opened (a FIFO would block, a device never ends), and
     * only one of at most {@link #MAX_BYTES}; the message names what else the path is.
     */
    public static Model load(Path file) throws ModelException {
        checkFile(file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), nameOf(file));
        } catch (ModelException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The model that ships with DigitLab: {@value #BUNDLED_NAME}. */
    public static Model loadBundled() throws ModelException {
        return loadBundled(BUNDLED_NAME);
    }

    /** The bundled model called {@code name}, one of {@link #BUNDLED_NAMES}. */
    public static Model loadBundled(String name) throws ModelException {
        if (!BUNDLED_NAMES.contains(name)) {
            throw new ModelException("no bundled model is called '" + name + "'; there are " + String.join(", ", bundledNames()));
        }
        try (InputStream in = ModelFile.class.getResourceAsStream(bundledResource(name))) {
            if (in == null) {
                throw new ModelException("the bundled model " + bundledResource(name) + " is missing from this build");
            }
            return read(in, "bundled model " + name, name);
        } catch (ModelException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelException("bundled model " + name + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The names of {@link #BUNDLED_NAMES} this build holds, in their order. */
    public static List<String> bundledNames() {
        return BUNDLED_NAMES.stream().filter(n -> ModelFile.class.getResource(bundledResource(n)) != null).toList();
    }

    /** The classpath resource of a bundled model: {@code /digitlab/models/NAME.json}. */
    public static String bundledResource(String name) {
        return "/digitlab/models/" + name + ".json";
    }

    /** "mnist-mlp" for mnist-mlp.json: what to call a model in a list. */
    public static String nameOf(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".json") ? n.substring(0, n.length() - 5) : n;
    }

    /**
     * Refuses {@code file} unless it is a regular model-sized file (links followed), saying what it is.
     * Nothing is opened.
     */
    private static void checkFile(Path file) throws ModelException {
        String notAFile = FileKinds.describeNonRegular(file, "model file");
        if (notAFile != null) {
            throw new ModelException(file + ": " + (notAFile.equals(FileKinds.MISSING) ? "no such model file" : notAFile));
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ModelException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (size > MAX_BYTES) {
            throw new ModelException(file + ": " + megabytes(size) + " is larger than any DigitLab model (at most "
                    + MAX_BYTES / MB + " MB)");
        }
    }

    private static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) MB);
    }

    /**
     * Reads the JSON into {@link ModelJson} and checks it ({@link ModelValidator}); reading stops with a
     * message past {@link #MAX_BYTES}. The file's bytes are read first, then its tokens: into the records
     * straight from the token stream ({@link ModelStream}) when the file is well formed, else through
     * Jackson's data binding, which names what is wrong. Memory stays in proportion to the file; an
     * out-of-memory error becomes a message.
     */
    public static Model read(InputStream in, String where, String name) throws ModelException {
        try {
            byte[] bytes = new BoundedInputStream(in, MAX_BYTES).readAllBytes();
            Model model = readStreaming(bytes, name);
            return model != null ? model : readBinding(bytes, name);
        } catch (TooLargeException e) {
            throw new ModelException(where + ": larger than any DigitLab model (more than " + MAX_BYTES / MB + " MB)", e);
        } catch (JsonProcessingException e) {
            throw new ModelException(where + ": not valid JSON: " + e.getOriginalMessage() + position(e), e);
        } catch (IOException e) {
            throw new ModelException(where + ": cannot read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ModelException(where + ": " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new ModelException(where + ": too large to load in the memory available (this program may use "
                    + Runtime.getRuntime().maxMemory() / MB + " MB)");
        } catch (RuntimeException e) { // anything else in a file this odd: still a damaged model, named
            throw new ModelException(where + ": not a usable model (" + e + ")", e);
        }
    }

    /**
     * The model read from the token stream, checked; null when {@link ModelStream} declines the file (or
     * meets a syntax error), which the binding then reads again to name the problem.
     */
    private static Model readStreaming(byte[] bytes, String name) {
        ModelJson json;
        try (JsonParser parser = ModelStream.FACTORY.createParser(bytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            json = ModelStream.read(parser);
            if (parser.nextToken() != null) {
                return null;
            }
        } catch (ModelStream.Decline | IOException e) {
            return null;
        }
        Model model = ModelValidator.model(json, name);
        ModelValidator.probe(model);
        return model;
    }

    /** The model bound by Jackson's data binding and checked, or the first thing wrong with the file. */
    private static Model readBinding(byte[] bytes, String name) throws IOException {
        try (JsonParser parser = ModelJson.Binding.MAPPER.createParser(bytes)) {
            Model model = ModelValidator.model(bind(parser, bytes), name);
            checkNothingFollows(parser);
            ModelValidator.probe(model);
            return model;
        }
    }

    /**
     * The model's JSON bound to records. A value of the wrong type becomes an {@link IllegalArgumentException}
     * naming the field; a syntax error, even one met inside a value, stays a {@link JsonProcessingException}.
     */
    private static ModelJson bind(JsonParser parser, byte[] bytes) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("not a DigitLab model (expected a JSON object)");
        }
        try {
            return ModelJson.Binding.READER.readValue(parser);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JsonProcessingException syntax && !(syntax instanceof InputCoercionException)) {
                throw syntax;
            }
            throw new IllegalArgumentException(ModelValidator.bindingProblem(e, parser, claimsNetworkFormat(bytes)), e);
        }
    }

    /**
     * Whether the file's top-level "format" is {@value #NETWORK_FORMAT}, as far as its tokens can be read: for
     * naming a parameter in a message when binding failed before the format was checked.
     */
    private static boolean claimsNetworkFormat(byte[] bytes) {
        try (JsonParser p = ModelStream.FACTORY.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                t = p.nextToken();
                if (field.equals("format")) {
                    return t == JsonToken.VALUE_STRING && NETWORK_FORMAT.equals(p.getText());
                }
                p.skipChildren();
            }
        } catch (IOException | RuntimeException e) {
            return false; // no format before the syntax error
        }
        return false;
    }

    /** Only white space may follow the model's closing brace: not a second model, not garbage. */
    private static void checkNothingFollows(JsonParser parser) throws IOException {
        JsonToken after;
        try {
            after = parser.nextToken();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("something other than white space follows the model's closing brace"
                    + position(e) + ": " + e.getOriginalMessage(), e);
        }
        if (after != null) {
            JsonLocation at = parser.currentTokenLocation();
            throw new IllegalArgumentException("something other than white space follows the model's closing brace"
                    + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"
                    + (after == JsonToken.START_OBJECT ? ": another JSON object, as if two files were joined" : ""));
        }
    }

    private static String position(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /** Stops reading past a limit, so that no stream (a device, a growing file) is read without end. */
    private static final class BoundedInputStream extends FilterInputStream {
        private final long limit;
        private long read;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws TooLargeException {
            read += n;
            if (read > limit) {
                throw new TooLargeException();
            }
        }
    }

    private static final class TooLargeException extends IOException {
        TooLargeException() {
            super("more than " + MAX_BYTES + " bytes");
        }
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
    private static final Duration STALE_TEMPORARY = Duration.ofHours(1);

    /**
     * The JSON text of a model, one parameter per line so that diffs stay readable: version 1 for a ReLU MLP,
     * version 2 for any other network.
     */
    public static void write(Model model, OutputStream out) throws IOException {
        Parameters p = model.parameters();
        Architecture architecture = p.architecture();
        boolean mlp = architecture.isReluMlp();
        try (JsonGenerator g = ModelJson.Binding.MAPPER.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("format", mlp ? FORMAT : NETWORK_FORMAT);
            g.writeNumberField("version", mlp ? VERSION : NETWORK_VERSION);
            if (mlp) {
                g.writeArrayFieldStart("layers");
                for (int s : p.sizes()) {
                    g.writeNumber(s);
                }
                g.writeEndArray();
                g.writeStringField("activation", "relu");
            } else {
                writeNetwork(g, architecture);
            }
            g.writeFieldName("provenance");
            ModelJson.Binding.MAPPER.writeValue(g, ModelJson.ProvenanceJson.of(model.provenance()));
            g.writeRaw("\n");
            g.writeArrayFieldStart("parameters");
            List<FMatrixRMaj> matrices = p.matrices();
            List<String> names = p.names();
            for (int k = 0; k < matrices.size(); k++) {
                writeMatrix(g, names.get(k), matrices.get(k));
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw("\n");
        }
    }

    /** Version 2's input and network, one layer a line. */
    private static void writeNetwork(JsonGenerator g, Architecture architecture) throws IOException {
        Shape input = architecture.input();
        g.writeObjectFieldStart("input");
        if (input.flat()) {
            g.writeNumberField("size", input.size());
        } else {
            g.writeNumberField("channels", input.channels());
            g.writeNumberField("height", input.height());
            g.writeNumberField("width", input.width());
        }
        g.writeEndObject();
        g.writeArrayFieldStart("network");
        for (Layer layer : architecture.layers()) {
            g.writeRaw("\n");
            g.writeStartObject();
            if (layer instanceof Conv c) {
                g.writeStringField("layer", "conv");
                g.writeNumberField("kernel", c.kernel());
                g.writeNumberField("filters", c.filters());
                g.writeStringField("padding", c.same() ? "same" : "valid");
                g.writeStringField("activation", c.activation().word());
            } else if (layer instanceof Pool) {
                g.writeStringField("layer", "pool");
                g.writeNumberField("size", 2);
            } else if (layer instanceof Flatten) {
                g.writeStringField("layer", "flatten");
            } else if (layer instanceof Dense d) {
                g.writeStringField("layer", "dense");
                g.writeNumberField("width", d.width());
                g.writeStringField("activation", d.activation().word());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeRaw("\n");
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
}
