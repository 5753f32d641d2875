package digitlab.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.ejml.data.FMatrixRMaj;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;

import digitlab.nn.Parameters;

/**
 * Checks a bound model file ({@link ModelJson}) and makes the {@link Model}, naming the first thing wrong
 * in an {@link IllegalArgumentException}: the format and version, the layer sizes, the activation, and
 * then each parameter in order (its name, shape and count of numbers). Also says what a value of the wrong
 * JSON type was ({@link #bindingProblem}), and runs the network on two probe images ({@link #probe}).
 */
final class ModelValidator {
    /** The biggest layer size accepted. */
    static final int MAX_LAYER = 100_000;
    /** The most layer sizes accepted. */
    private static final int MAX_SIZES = 1_000;

    private ModelValidator() {
    }

    /** The model {@code json} describes, called {@code name}, or the first thing wrong with it. */
    static Model model(ModelJson json, String name) {
        if (json.format() == null) {
            throw new IllegalArgumentException("'format' is missing or not text");
        }
        if (!ModelFile.FORMAT.equals(json.format())) {
            throw new IllegalArgumentException("format is '" + shorten(json.format()) + "', not '" + ModelFile.FORMAT + "'");
        }
        if (json.version() == null) {
            throw new IllegalArgumentException("'version' is missing or not a whole number");
        }
        if (json.version() != ModelFile.VERSION) {
            throw new IllegalArgumentException("format version " + json.version() + " is not supported (this DigitLab reads "
                    + ModelFile.VERSION + ")");
        }
        int[] sizes = checkLayers(json.layers());
        if (json.activation() == null) {
            throw new IllegalArgumentException("'activation' is missing or not text");
        }
        if (!Model.RELU.equals(json.activation())) {
            throw new IllegalArgumentException("activation '" + shorten(json.activation())
                    + "' is not supported; DigitLab networks use relu");
        }
        int layers = sizes.length - 1;
        List<ModelJson.Matrix> matrices = json.parameters();
        if (matrices == null) {
            throw new IllegalArgumentException(parameterCountMessage(sizes));
        }
        List<FMatrixRMaj> weights = new ArrayList<>(), biases = new ArrayList<>();
        for (int k = 0; k < Math.min(matrices.size(), 2 * layers); k++) {
            (k % 2 == 0 ? weights : biases).add(matrix(matrices.get(k), k, sizes));
        }
        if (matrices.size() != 2 * layers) {
            throw new IllegalArgumentException(parameterCountMessage(sizes) + ", not " + matrices.size());
        }
        return new Model(name, new Parameters(sizes, weights, biases), Model.RELU,
                json.provenance() == null ? Provenance.unknown() : json.provenance().toProvenance());
    }

    /** At least two sizes, each from 1 to {@link #MAX_LAYER}, whose parameters a model file could hold. */
    private static int[] checkLayers(int[] sizes) {
        if (sizes == null) {
            throw new IllegalArgumentException("layers must be a list of at least two sizes");
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1 || sizes[i] > MAX_LAYER) {
                throw new IllegalArgumentException("layers[" + i + "] must be a whole number from 1 to " + MAX_LAYER
                        + ", not " + sizes[i]);
            }
            if (i == MAX_SIZES) {
                throw new IllegalArgumentException("layers lists more than " + MAX_SIZES + " sizes");
            }
        }
        if (sizes.length < 2) {
            throw new IllegalArgumentException("layers must be a list of at least two sizes");
        }
        long needed = 0;
        for (int i = 0; i + 1 < sizes.length; i++) {
            needed += (long) sizes[i] * sizes[i + 1] + sizes[i + 1];
        }
        if (needed > ModelFile.MAX_BYTES / 2) { // every number takes at least two bytes ("0,")
            throw new IllegalArgumentException("layers " + Arrays.toString(sizes) + " need " + needed
                    + " parameters, more than a model file of at most " + ModelFile.MAX_BYTES / (1 << 20) + " MB can hold");
        }
        return sizes;
    }

    /** Parameter {@code k} (W1, b1, W2, …) as a matrix of the shape {@code sizes} needs. */
    private static FMatrixRMaj matrix(ModelJson.Matrix m, int k, int[] sizes) {
        String expected = expectedName(k);
        if (m == null) {
            throw new IllegalArgumentException(expected + " must be an object with name, rows, cols and data");
        }
        if (m.name() == null) {
            throw new IllegalArgumentException("'name' is missing or not text");
        }
        if (!expected.equals(m.name())) {
            throw new IllegalArgumentException("expected parameter " + expected + " here, found '" + shorten(m.name()) + "'");
        }
        if (m.rows() == null) {
            throw new IllegalArgumentException("'rows' is missing or not a whole number");
        }
        if (m.cols() == null) {
            throw new IllegalArgumentException("'cols' is missing or not a whole number");
        }
        if (m.data() == null) {
            throw new IllegalArgumentException(expected + ": data must be a list of numbers");
        }
        int layer = k / 2;
        int rows = k % 2 == 0 ? sizes[layer + 1] : 1, cols = k % 2 == 0 ? sizes[layer] : sizes[layer + 1];
        if (m.rows() != rows || m.cols() != cols) {
            throw new IllegalArgumentException(expected + " is " + m.rows() + "×" + m.cols() + " but these layers need "
                    + rows + "×" + cols);
        }
        if (m.data().length != rows * cols) {
            throw new IllegalArgumentException(expected + ": data has " + m.data().length + " numbers but " + rows + "×"
                    + cols + " needs " + rows * cols);
        }
        FMatrixRMaj matrix = new FMatrixRMaj(rows, cols);
        matrix.data = m.data();
        return matrix;
    }

    private static String expectedName(int k) {
        return k % 2 == 0 ? Parameters.weightName(k / 2) : Parameters.biasName(k / 2);
    }

    private static String parameterCountMessage(int[] sizes) {
        int layers = sizes.length - 1;
        return "parameters must list " + 2 * layers + " matrices (W1, b1, … W" + layers + ", b" + layers
                + ") for layers " + Arrays.toString(sizes);
    }

    /**
     * What is wrong when a value did not bind to its field: the field's own rule, as the checks above say it
     * for a missing value; {@code p} stands on the value, which layer sizes name.
     */
    static String bindingProblem(JsonMappingException e, JsonParser p) throws IOException {
        List<JsonMappingException.Reference> path = e.getPath();
        String field = path.isEmpty() ? "" : String.valueOf(path.get(0).getFieldName());
        switch (field) {
            case "format", "activation" -> {
                return "'" + field + "' is missing or not text";
            }
            case "version" -> {
                return "'version' is missing or not a whole number";
            }
            case "layers" -> {
                return path.size() == 1 ? "layers must be a list of at least two sizes"
                        : "layers[" + path.get(1).getIndex() + "] must be a whole number from 1 to " + MAX_LAYER + ", not "
                                + describe(p);
            }
            case "provenance" -> {
                return "provenance must be an object";
            }
            case "parameters" -> {
                if (path.size() == 1) {
                    return "parameters must be a list of matrices (W1, b1, …), not " + describe(p);
                }
                String expected = expectedName(path.get(1).getIndex());
                String inMatrix = path.size() == 2 ? "" : String.valueOf(path.get(2).getFieldName());
                return switch (inMatrix) {
                    case "name" -> "'name' is missing or not text";
                    case "rows", "cols" -> "'" + inMatrix + "' is missing or not a whole number";
                    case "data" -> expected + ": " + e.getOriginalMessage();
                    default -> expected + " must be an object with name, rows, cols and data";
                };
            }
            default -> {
                return "not a usable model (" + e.getOriginalMessage() + ")";
            }
        }
    }

    /** The value {@code p} stands on, for a message: its text (quoted if text, shortened), or "a list". */
    static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
            return t == JsonToken.START_ARRAY ? "a list" : "an object";
        }
        String text = t == null ? "nothing" : shorten(p.getText());
        return t == JsonToken.VALUE_STRING ? "\"" + text + "\"" : text;
    }

    static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** The probe inputs: a blank image and an even mid-grey one. */
    private static final float[] PROBE_LEVELS = {0f, 0.5f};

    /**
     * Refuses a model whose scores are not finite numbers for a blank or a mid-grey input: weights
     * that are finite one by one but so large that their sums overflow (3e38) would answer NaN for
     * everything. Runs the network as {@link digitlab.nn.Network} does (float, ReLU between layers).
     */
    static void probe(Model model) {
        Parameters p = model.parameters();
        for (float level : PROBE_LEVELS) {
            float[] h = new float[p.inputs()];
            Arrays.fill(h, level);
            for (int layer = 0; layer < p.layers(); layer++) {
                FMatrixRMaj w = p.weight(layer), b = p.bias(layer);
                float[] next = new float[w.numRows];
                for (int r = 0; r < w.numRows; r++) {
                    float sum = 0;
                    for (int c = 0, at = r * w.numCols; c < w.numCols; c++, at++) {
                        sum += w.data[at] * h[c];
                    }
                    sum += b.data[r];
                    if (!Float.isFinite(sum)) {
                        throw new IllegalArgumentException("its weights are so large that the network's "
                                + (layer + 1 == p.layers() ? "output " : "layer " + (layer + 1) + " output ") + (r + 1)
                                + " is " + sum + " for a " + (level == 0 ? "blank" : "mid-grey")
                                + " image: not a usable model");
                    }
                    next[r] = layer + 1 < p.layers() ? Math.max(0f, sum) : sum;
                }
                h = next;
            }
        }
    }
}
