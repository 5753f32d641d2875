package digitlab.model;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ejml.data.FMatrixRMaj;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import digitlab.nn.Parameters;

/**
 * Reads one model from a JSON token stream, checking as it goes, so that memory stays in proportion
 * to the numbers actually present (never to what a header claims, never a tree of the whole file).
 * Fields may come in any order; the numbers of a matrix are stored as they arrive, up to the count its
 * shape needs. Throws {@link IllegalArgumentException} naming the first thing wrong; JSON syntax errors
 * come from the parser as {@link JsonProcessingException}.
 */
final class ModelReader {
    /** The biggest layer size accepted. */
    static final int MAX_LAYER = 100_000;

    private final JsonParser p;
    private final long maxNumbers;

    private String format;
    private Integer version;
    private int[] sizes;
    private String activation;
    private boolean activationSeen;
    private Provenance provenance;
    private List<Matrix> matrices;
    private boolean parametersNotAList;

    /** One parameter matrix as read: its numbers, and what it said about itself. */
    private record Matrix(String name, Integer rows, Integer cols, float[] data, long count) {
    }

    /**
     * @param sourceBytes the size of the source, at most {@link ModelFile#MAX_BYTES}: every number takes
     *     at least two bytes ("0,"), so no more than half as many numbers are ever stored for a matrix
     */
    ModelReader(JsonParser parser, long sourceBytes) {
        this.p = parser;
        this.maxNumbers = Math.min(sourceBytes, ModelFile.MAX_BYTES) / 2 + 1;
    }

    /** The model, or an exception; afterwards the parser stands after the root object. */
    Model read(String name) throws IOException {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("not a DigitLab model (expected a JSON object)");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "format" -> readFormat();
                case "version" -> readVersion();
                case "layers" -> readLayers();
                case "activation" -> readActivation();
                case "provenance" -> provenance = readProvenance();
                case "parameters" -> readParameters();
                default -> p.skipChildren(); // unknown fields are ignored, as they always were
            }
        }
        return assemble(name);
    }

    private void readFormat() throws IOException {
        format = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
        if (format == null) {
            throw new IllegalArgumentException("'format' is missing or not text");
        }
        if (!ModelFile.FORMAT.equals(format)) {
            throw new IllegalArgumentException("format is '" + shorten(format) + "', not '" + ModelFile.FORMAT + "'");
        }
    }

    private void readVersion() throws IOException {
        version = wholeNumber();
        if (version == null) {
            throw new IllegalArgumentException("'version' is missing or not a whole number");
        }
        if (version != ModelFile.VERSION) {
            throw new IllegalArgumentException("format version " + version + " is not supported (this DigitLab reads "
                    + ModelFile.VERSION + ")");
        }
    }

    private void readLayers() throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            throw new IllegalArgumentException("layers must be a list of at least two sizes");
        }
        int[] read = new int[4];
        int n = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            Integer s = wholeNumber();
            if (s == null || s < 1 || s > MAX_LAYER) {
                throw new IllegalArgumentException("layers[" + n + "] must be a whole number from 1 to " + MAX_LAYER
                        + ", not " + describeCurrent());
            }
            if (n == read.length) {
                if (n >= 1_000) {
                    throw new IllegalArgumentException("layers lists more than 1000 sizes");
                }
                read = Arrays.copyOf(read, 2 * n);
            }
            read[n++] = s;
        }
        if (n < 2) {
            throw new IllegalArgumentException("layers must be a list of at least two sizes");
        }
        sizes = Arrays.copyOf(read, n);
        long needed = 0;
        for (int i = 0; i + 1 < n; i++) {
            needed += (long) sizes[i] * sizes[i + 1] + sizes[i + 1];
        }
        if (needed > ModelFile.MAX_BYTES / 2) { // every number takes at least two bytes ("0,")
            throw new IllegalArgumentException("layers " + Arrays.toString(sizes) + " need " + needed
                    + " parameters, more than a model file of at most " + ModelFile.MAX_BYTES / (1 << 20) + " MB can hold");
        }
        if (matrices != null) {
            for (int k = 0; k < matrices.size(); k++) {
                checkShape(matrices.get(k), k);
            }
        }
    }

    private void readActivation() throws IOException {
        activationSeen = true;
        activation = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
        if (activation == null) {
            throw new IllegalArgumentException("'activation' is missing or not text");
        }
        if (!Model.RELU.equals(activation)) {
            throw new IllegalArgumentException("activation '" + shorten(activation) + "' is not supported; DigitLab networks use relu");
        }
    }

    private void readParameters() throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            parametersNotAList = true;
            matrices = null;
            return;
        }
        matrices = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int k = matrices.size();
            String expected = expectedName(k);
            if (sizes != null && k >= 2 * (sizes.length - 1)) {
                throw new IllegalArgumentException(parameterCountMessage(k + 1) + " or more");
            }
            Matrix m = readMatrix(expected, k);
            matrices.add(m);
        }
    }

    private static String expectedName(int k) {
        return k % 2 == 0 ? Parameters.weightName(k / 2) : Parameters.biasName(k / 2);
    }

    /** The rows and columns parameter {@code k} must have for {@link #sizes}. */
    private int[] shapeFor(int k) {
        int layer = k / 2;
        return k % 2 == 0 ? new int[] {sizes[layer + 1], sizes[layer]} : new int[] {1, sizes[layer + 1]};
    }

    private Matrix readMatrix(String expected, int k) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException(expected + " must be an object with name, rows, cols and data");
        }
        String name = null;
        boolean nameSeen = false;
        Integer rows = null, cols = null;
        float[] data = null;
        long count = -1;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> {
                    nameSeen = true;
                    name = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
                    if (name == null) {
                        throw new IllegalArgumentException("'name' is missing or not text");
                    }
                    if (!expected.equals(name)) {
                        throw new IllegalArgumentException("expected parameter " + expected + " here, found '" + shorten(name) + "'");
                    }
                }
                case "rows" -> rows = dimension("rows");
                case "cols" -> cols = dimension("cols");
                case "data" -> {
                    String label = name != null ? name : expected;
                    if (p.currentToken() != JsonToken.START_ARRAY) {
                        p.skipChildren();
                        throw new IllegalArgumentException(label + ": data must be a list of numbers");
                    }
                    long wanted = -1;
                    if (rows != null && cols != null) {
                        wanted = (long) rows * cols;
                    }
                    if (sizes != null && k < 2 * (sizes.length - 1)) {
                        int[] shape = shapeFor(k);
                        wanted = (long) shape[0] * shape[1];
                    }
                    float[][] holder = new float[1][];
                    count = readNumbers(label, wanted, holder);
                    data = holder[0];
                }
                default -> p.skipChildren();
            }
        }
        if (!nameSeen) {
            throw new IllegalArgumentException("'name' is missing or not text");
        }
        if (rows == null) {
            throw new IllegalArgumentException("'rows' is missing or not a whole number");
        }
        if (cols == null) {
            throw new IllegalArgumentException("'cols' is missing or not a whole number");
        }
        if (data == null) {
            throw new IllegalArgumentException(name + ": data must be a list of numbers");
        }
        Matrix m = new Matrix(name, rows, cols, data, count);
        if (sizes != null) {
            checkShape(m, k);
        }
        return m;
    }

    private Integer dimension(String field) throws IOException {
        Integer v = wholeNumber();
        if (v == null) {
            throw new IllegalArgumentException("'" + field + "' is missing or not a whole number");
        }
        return v;
    }

    /**
     * Reads a list of numbers, storing at most {@code wanted} of them (all, growing as they come, when
     * {@code wanted} is -1) and counting the rest. Returns the count; the array is in {@code holder[0]}.
     */
    private long readNumbers(String label, long wanted, float[][] holder) throws IOException {
        long cap = wanted >= 0 ? Math.min(wanted, maxNumbers) : maxNumbers;
        float[] data = new float[(int) Math.min(cap, 1024)];
        long count = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new IllegalArgumentException(label + ": data[" + count + "] is " + describeCurrent() + ", not a number");
            }
            String text = p.getText();
            // correctly rounded from the decimal text, so the shortest text of a float reads back as it
            float f = Float.parseFloat(text);
            if (!Float.isFinite(f)) {
                throw new IllegalArgumentException(label + ": data[" + count + "] = " + new BigDecimal(text)
                        + " is not a finite float");
            }
            if (count < cap) {
                if (count == data.length) {
                    data = Arrays.copyOf(data, (int) Math.min(cap, Math.max(1024, 2L * data.length)));
                }
                data[(int) count] = f;
            }
            count++;
        }
        holder[0] = count < data.length ? Arrays.copyOf(data, (int) count) : data;
        return count;
    }

    private void checkShape(Matrix m, int k) {
        if (k >= 2 * (sizes.length - 1)) {
            throw new IllegalArgumentException(parameterCountMessage(matrices.size()));
        }
        int[] shape = shapeFor(k);
        if (m.rows() != shape[0] || m.cols() != shape[1]) {
            throw new IllegalArgumentException(m.name() + " is " + m.rows() + "×" + m.cols() + " but these layers need "
                    + shape[0] + "×" + shape[1]);
        }
        long needs = (long) shape[0] * shape[1];
        if (m.count() != needs) {
            throw new IllegalArgumentException(m.name() + ": data has " + m.count() + " numbers but " + shape[0] + "×"
                    + shape[1] + " needs " + needs);
        }
    }

    private String parameterCountMessage(int found) {
        int layers = sizes.length - 1;
        return "parameters must list " + 2 * layers + " matrices (W1, b1, … W" + layers + ", b" + layers
                + ") for layers " + Arrays.toString(sizes) + ", not " + found;
    }

    private Model assemble(String name) {
        if (format == null) {
            throw new IllegalArgumentException("'format' is missing or not text");
        }
        if (version == null) {
            throw new IllegalArgumentException("'version' is missing or not a whole number");
        }
        if (sizes == null) {
            throw new IllegalArgumentException("layers must be a list of at least two sizes");
        }
        if (!activationSeen) {
            throw new IllegalArgumentException("'activation' is missing or not text");
        }
        int layers = sizes.length - 1;
        if (matrices == null || matrices.size() != 2 * layers) {
            throw new IllegalArgumentException("parameters must list " + 2 * layers + " matrices (W1, b1, … W" + layers
                    + ", b" + layers + ") for layers " + Arrays.toString(sizes)
                    + (matrices != null ? ", not " + matrices.size() : parametersNotAList ? " (it is not a list)" : ""));
        }
        List<FMatrixRMaj> weights = new ArrayList<>(), biases = new ArrayList<>();
        for (int k = 0; k < matrices.size(); k++) {
            Matrix m = matrices.get(k);
            FMatrixRMaj matrix = new FMatrixRMaj(m.rows(), m.cols());
            matrix.data = m.data();
            (k % 2 == 0 ? weights : biases).add(matrix);
        }
        matrices = null;
        return new Model(name, new Parameters(sizes, weights, biases), activation,
                provenance == null ? Provenance.unknown() : provenance);
    }

    /** The current token as a whole number that fits an int, or null. */
    private Integer wholeNumber() throws IOException {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            p.skipChildren();
            return null;
        }
        if (p.getNumberType() != JsonParser.NumberType.INT) {
            return null;
        }
        return p.getIntValue();
    }

    /** The current token for a message: its text, quoted if text, shortened. */
    private String describeCurrent() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            p.skipChildren();
            return t == JsonToken.START_ARRAY ? "a list" : "an object";
        }
        String text = shorten(p.getText());
        return t == JsonToken.VALUE_STRING ? "\"" + text + "\"" : text;
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    // ---------------------------------------------------------------- provenance

    /** The provenance: an object of scalar fields; anything else in it is skipped without being kept. */
    private Provenance readProvenance() throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new IllegalArgumentException("provenance must be an object");
        }
        String optimizer = null, schedule = null, date = null, digitlabVersion = null;
        Float learningRate = null, momentum = null;
        Integer epochs = null, batchSize = null, trainImages = null;
        Long seed = null;
        Boolean augment = null;
        Double testAccuracy = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_ARRAY || v == JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            switch (field) {
                case "optimizer" -> optimizer = text(v);
                case "schedule" -> schedule = text(v);
                case "date" -> date = text(v);
                case "digitlab_version" -> digitlabVersion = text(v);
                case "learning_rate" -> learningRate = isNumber(v) ? p.getFloatValue() : null;
                case "momentum" -> momentum = isNumber(v) ? p.getFloatValue() : null;
                case "test_accuracy" -> testAccuracy = isNumber(v) ? p.getDoubleValue() : null;
                case "epochs" -> epochs = optInt(v);
                case "batch_size" -> batchSize = optInt(v);
                case "train_images" -> trainImages = optInt(v);
                case "seed" -> seed = v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                        ? p.getLongValue() : v == JsonToken.VALUE_NUMBER_FLOAT ? wholeLong() : null;
                case "augment" -> augment = v == JsonToken.VALUE_TRUE ? Boolean.TRUE : v == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                default -> {
                    // an unknown field: ignored
                }
            }
        }
        return new Provenance(optimizer, learningRate, momentum, schedule, epochs, batchSize, seed, augment, testAccuracy,
                date, trainImages, digitlabVersion);
    }

    private String text(JsonToken v) throws IOException {
        return v == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    private static boolean isNumber(JsonToken v) {
        return v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT;
    }

    private Integer optInt(JsonToken v) throws IOException {
        return v == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() : null;
    }

    /** A seed written as a float with no fraction (as the tree reader's canConvertToLong took it), or null. */
    private Long wholeLong() throws IOException {
        double d = p.getDoubleValue();
        return d == Math.rint(d) && Math.abs(d) <= Long.MAX_VALUE ? (long) d : null;
    }
}
