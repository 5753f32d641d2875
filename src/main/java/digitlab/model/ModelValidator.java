package digitlab.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.ejml.data.FMatrixRMaj;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;

import digitlab.nn.Architecture;
import digitlab.nn.Architecture.Activation;
import digitlab.nn.Architecture.Conv;
import digitlab.nn.Architecture.Dense;
import digitlab.nn.Architecture.Flatten;
import digitlab.nn.Architecture.Layer;
import digitlab.nn.Architecture.ParameterShape;
import digitlab.nn.Architecture.Pool;
import digitlab.nn.Architecture.Shape;
import digitlab.nn.Classifier;
import digitlab.nn.Parameters;

/**
 * Checks a bound model file ({@link ModelJson}) and makes the {@link Model}, naming the first thing wrong
 * in an {@link IllegalArgumentException}: the format and version; the network (version 1: the layer sizes
 * and the activation; version 2: the input and each layer, then the network as a whole, checked by
 * {@link Architecture} itself); then each parameter in order (its name, shape and count of numbers, as
 * {@link Architecture#parameterShapes()} says). Also says what a value of the wrong JSON type was
 * ({@link #bindingProblem}), and runs the network on two probe images ({@link #probe}).
 */
final class ModelValidator {
    /** The biggest layer size accepted, and the most numbers an input may have. */
    static final int MAX_LAYER = 100_000;
    /** The most layer sizes accepted. */
    private static final int MAX_SIZES = 1_000;
    /**
     * The most numbers a layer may make for one image, and a convolution may unfold its input into: 16 M
     * (64 MB of floats). The CNN preset's largest is 16 × 28 × 28 = 12,544; this refuses a small file whose few
     * kernels would slide over a huge image and take gigabytes to run.
     */
    static final long MAX_ACTIVATIONS = 1L << 24;

    private ModelValidator() {
    }

    /** The model {@code json} describes, called {@code name}, or the first thing wrong with it. */
    static Model model(ModelJson json, String name) {
        if (json.format() == null) {
            throw new IllegalArgumentException("'format' is missing or not text");
        }
        boolean mlp = ModelFile.FORMAT.equals(json.format());
        if (!mlp && !ModelFile.NETWORK_FORMAT.equals(json.format())) {
            throw new IllegalArgumentException("format is '" + shorten(json.format()) + "', not '" + ModelFile.FORMAT
                    + "' or '" + ModelFile.NETWORK_FORMAT + "'");
        }
        if (json.version() == null) {
            throw new IllegalArgumentException("'version' is missing or not a whole number");
        }
        if (json.version() != (mlp ? ModelFile.VERSION : ModelFile.NETWORK_VERSION)) {
            throw new IllegalArgumentException("format version " + json.version() + " is not supported (this DigitLab reads "
                    + ModelFile.FORMAT + " version " + ModelFile.VERSION + " and " + ModelFile.NETWORK_FORMAT + " version "
                    + ModelFile.NETWORK_VERSION + ")");
        }
        Architecture architecture;
        String which;
        if (mlp) {
            int[] sizes = checkLayers(json.layers());
            checkActivation(json.activation());
            architecture = Architecture.denseRelu(sizes);
            which = "layers " + Arrays.toString(sizes);
        } else {
            architecture = network(json.input(), json.network());
            which = "the network " + architecture.spec();
        }
        return new Model(name, parameters(json.parameters(), architecture, which),
                json.provenance() == null ? Provenance.unknown() : json.provenance().toProvenance());
    }

    /** Version 1's activation: only ReLU; other activations are written in version 2. */
    private static void checkActivation(String activation) {
        if (activation == null) {
            throw new IllegalArgumentException("'activation' is missing or not text");
        }
        if (!RELU.equals(activation)) {
            throw new IllegalArgumentException("activation '" + shorten(activation) + "' is not supported in "
                    + ModelFile.FORMAT + " files; DigitLab networks there use relu (others are saved as "
                    + ModelFile.NETWORK_FORMAT + ")");
        }
    }

    private static final String RELU = "relu";

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

    /**
     * Version 2's network: the input's shape and each layer with the fields of its kind, then the whole
     * checked by {@link Architecture}'s constructor (shapes that fit, a dense last layer without activation,
     * at most its count of parameters), and each layer's output small enough to run ({@link #MAX_ACTIVATIONS}).
     */
    private static Architecture network(ModelJson.Input input, List<ModelJson.Layer> network) {
        Shape shape = input(input);
        if (network == null || network.isEmpty()) {
            throw new IllegalArgumentException("network must be a list of at least one layer, such as "
                    + "{\"layer\":\"dense\",\"width\":10,\"activation\":\"none\"}");
        }
        if (network.size() > MAX_SIZES) {
            throw new IllegalArgumentException("network lists more than " + MAX_SIZES + " layers");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < network.size(); i++) {
            layers.add(layer(network.get(i), i));
        }
        Architecture architecture = new Architecture(shape, layers);
        List<Shape> shapes = architecture.shapes();
        for (int i = 0; i < layers.size(); i++) {
            Shape in = shapes.get(i), out = shapes.get(i + 1);
            long made = (long) out.channels() * out.height() * out.width();
            long unfolded = layers.get(i) instanceof Conv c
                    ? (long) in.channels() * c.kernel() * c.kernel() * out.height() * out.width() : 0;
            if (Math.max(made, unfolded) > MAX_ACTIVATIONS) {
                throw new IllegalArgumentException("layer " + (i + 1) + " (" + layers.get(i).spec() + ") works on "
                        + String.format(Locale.ROOT, "%,d", Math.max(made, unfolded)) + " numbers for each image, more than"
                        + " DigitLab runs (" + String.format(Locale.ROOT, "%,d", MAX_ACTIVATIONS) + ")");
            }
        }
        return architecture;
    }

    /** An image of channels × height × width, or a flat vector of size numbers; at most {@link #MAX_LAYER} numbers. */
    private static Shape input(ModelJson.Input in) {
        String rule = "input must be an object with channels, height and width (an image) or size (a flat vector),"
                + " whole numbers from 1 to " + MAX_LAYER;
        if (in == null) {
            throw new IllegalArgumentException(rule);
        }
        boolean image = in.channels() != null || in.height() != null || in.width() != null;
        if (image == (in.size() != null) || image && (in.channels() == null || in.height() == null || in.width() == null)) {
            throw new IllegalArgumentException(rule);
        }
        long numbers = image ? (long) in.channels() * in.height() * in.width() : in.size();
        if ((image ? Math.min(in.channels(), Math.min(in.height(), in.width())) : in.size()) < 1 || numbers > MAX_LAYER) {
            throw new IllegalArgumentException(rule + (image ? "; not " + in.channels() + "×" + in.height() + "×" + in.width()
                    : "; not " + in.size()));
        }
        return image ? new Shape(in.channels(), in.height(), in.width()) : Shape.vector(in.size());
    }

    /** Layer {@code i} (from 0) of a version 2 network, with exactly the fields of its kind. */
    private static Layer layer(ModelJson.Layer l, int i) {
        String at = "layer " + (i + 1);
        if (l == null) {
            throw new IllegalArgumentException(at + " must be an object such as {\"layer\":\"pool\",\"size\":2}");
        }
        if (l.layer() == null) {
            throw new IllegalArgumentException(at + ": 'layer' (its kind: dense, conv, pool or flatten) is missing or not text");
        }
        at += " (" + shorten(l.layer()) + ")";
        switch (l.layer()) {
            case "dense" -> {
                only(at, l, "width", "activation");
                return new Dense(size(at, "width", l.width(), MAX_LAYER), activation(at, l.activation()));
            }
            case "conv" -> {
                only(at, l, "kernel", "filters", "padding", "activation");
                int kernel = size(at, "kernel", l.kernel(), Architecture.MAX_SIZE);
                int filters = size(at, "filters", l.filters(), Architecture.MAX_SIZE);
                if (l.padding() == null || !l.padding().equals("same") && !l.padding().equals("valid")) {
                    throw new IllegalArgumentException(at + ": padding must be \"same\" or \"valid\", not "
                            + (l.padding() == null ? "missing" : "'" + shorten(l.padding()) + "'"));
                }
                return new Conv(kernel, filters, l.padding().equals("same"), activation(at, l.activation()));
            }
            case "pool" -> {
                only(at, l, "size");
                if (l.size() == null || l.size() != 2) {
                    throw new IllegalArgumentException(at + ": size must be 2 (only 2×2 pooling is built in), not "
                            + (l.size() == null ? "missing" : l.size()));
                }
                return new Pool();
            }
            case "flatten" -> {
                only(at, l);
                return new Flatten();
            }
            default -> throw new IllegalArgumentException(at + ": not a kind of layer; the kinds are dense, conv, pool"
                    + " and flatten");
        }
    }

    /** Refuses a field that does not belong to the layer's kind: it would be read as meaning something. */
    private static void only(String at, ModelJson.Layer l, String... fields) {
        List<String> allowed = List.of(fields);
        Object[] values = {l.width(), l.kernel(), l.filters(), l.padding(), l.activation(), l.size()};
        String[] names = {"width", "kernel", "filters", "padding", "activation", "size"};
        for (int k = 0; k < names.length; k++) {
            if (values[k] != null && !allowed.contains(names[k])) {
                throw new IllegalArgumentException(at + ": '" + names[k] + "' is not a field of this kind of layer");
            }
        }
    }

    private static int size(String at, String field, Integer value, int max) {
        if (value == null || value < 1 || value > max) {
            throw new IllegalArgumentException(at + ": " + field + " must be a whole number from 1 to " + max + ", not "
                    + (value == null ? "missing" : value));
        }
        return value;
    }

    private static Activation activation(String at, String word) {
        Activation a = Activation.of(word);
        if (a != null) {
            return a;
        }
        throw new IllegalArgumentException(at + ": activation must be relu, tanh, sigmoid or none, not "
                + (word == null ? "missing" : "'" + shorten(word) + "'"));
    }

    /** The parameters {@code architecture} needs, in its order, from {@code matrices}; {@code which} names it in messages. */
    private static Parameters parameters(List<ModelJson.Matrix> matrices, Architecture architecture, String which) {
        List<ParameterShape> shapes = architecture.parameterShapes();
        if (matrices == null) {
            throw new IllegalArgumentException(parameterCountMessage(shapes, which));
        }
        List<FMatrixRMaj> weights = new ArrayList<>(), biases = new ArrayList<>();
        for (int k = 0; k < Math.min(matrices.size(), shapes.size()); k++) {
            (k % 2 == 0 ? weights : biases).add(matrix(matrices.get(k), shapes.get(k)));
        }
        if (matrices.size() != shapes.size()) {
            throw new IllegalArgumentException(parameterCountMessage(shapes, which) + ", not " + matrices.size());
        }
        return new Parameters(architecture, weights, biases);
    }

    /** One parameter as a matrix of the shape the network needs. */
    private static FMatrixRMaj matrix(ModelJson.Matrix m, ParameterShape shape) {
        String expected = shape.name();
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
        int rows = shape.rows(), cols = shape.cols();
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

    private static String parameterCountMessage(List<ParameterShape> shapes, String which) {
        int n = shapes.size();
        return "parameters must list " + n + " matrices (" + shapes.get(0).name() + ", " + shapes.get(1).name() + ", … "
                + shapes.get(n - 2).name() + ", " + shapes.get(n - 1).name() + ") for " + which;
    }

    /**
     * What is wrong when a value did not bind to its field: the field's own rule, as the checks above say it
     * for a missing value; {@code p} stands on the value, which layer sizes name. {@code network} says whether
     * the file claims the version 2 format, whose parameters are named by their place rather than as W1, b1, ….
     */
    static String bindingProblem(JsonMappingException e, JsonParser p, boolean network) throws IOException {
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
            case "input" -> {
                return "input must be an object with channels, height and width (an image) or size (a flat vector),"
                        + " whole numbers from 1 to " + MAX_LAYER + (path.size() == 1 ? "" : "; not " + describe(p));
            }
            case "network" -> {
                if (path.size() <= 2) {
                    return path.size() == 1 ? "network must be a list of layers, not " + describe(p)
                            : "layer " + (path.get(1).getIndex() + 1) + " must be an object such as {\"layer\":\"pool\",\"size\":2}";
                }
                String inLayer = String.valueOf(path.get(2).getFieldName());
                return "layer " + (path.get(1).getIndex() + 1) + ": '" + inLayer + "' must be "
                        + (List.of("layer", "padding", "activation").contains(inLayer) ? "text" : "a whole number") + ", not "
                        + describe(p);
            }
            case "provenance" -> {
                return "provenance must be an object";
            }
            case "parameters" -> {
                if (path.size() == 1) {
                    return "parameters must be a list of matrices (" + (network ? "K1" : "W1") + ", b1, …), not " + describe(p);
                }
                int k = path.get(1).getIndex();
                String expected = network ? "parameter " + (k + 1) : k % 2 == 0 ? Parameters.weightName(k / 2)
                        : Parameters.biasName(k / 2);
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
     * Refuses a model whose scores are not finite numbers for a blank or a mid-grey input: weights that are
     * finite one by one but so large that their sums overflow (3e38) would answer NaN for everything. Runs
     * the network as everything else does ({@link Classifier}) and names the first layer whose output is
     * not finite; a ReLU MLP (every version 1 file) is run by {@link #probeReluMlp} instead, which gives the
     * same verdict without loading the engine (on a cold JVM that took 36 ms of CPU, a fifth of the load).
     */
    static void probe(Model model) {
        if (model.parameters().architecture().isReluMlp()) {
            probeReluMlp(model.parameters());
            return;
        }
        Classifier classifier = new Classifier(model.parameters());
        float[] image = new float[classifier.inputs()], probabilities = new float[classifier.outputs()];
        for (float level : PROBE_LEVELS) {
            Arrays.fill(image, level);
            try {
                classifier.probabilities(image, probabilities);
            } catch (Classifier.NonFiniteScoresException e) {
                throw new IllegalArgumentException("its weights are so large that the network's " + firstNonFinite(classifier)
                        + " for a " + level(level) + " image: not a usable model", e);
            }
        }
    }

    private static String level(float level) {
        return level == 0 ? "blank" : "mid-grey";
    }

    /**
     * The probe of a ReLU MLP: hᵢ = max(0, Wᵢ·hᵢ₋₁ + bᵢ) in float as {@link digitlab.nn.Network} computes it, no
     * max after the last layer; refuses the first weighted sum that is not finite, naming its layer and unit.
     */
    private static void probeReluMlp(Parameters p) {
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
                                + " is " + sum + " for a " + level(level) + " image: not a usable model");
                    }
                    next[r] = layer + 1 < p.layers() ? Math.max(0f, sum) : sum;
                }
                h = next;
            }
        }
    }

    /** "layer 1 output 3 is Infinity" or "output 2 is NaN": the first number not finite along the network. */
    private static String firstNonFinite(Classifier classifier) {
        List<Shape> shapes = classifier.architecture().shapes();
        int last = shapes.size() - 2;
        for (int layer = 0; layer <= last; layer++) {
            float[] out = classifier.layerOutput(layer, new float[shapes.get(layer + 1).size()]);
            for (int j = 0; j < out.length; j++) {
                if (!Float.isFinite(out[j])) {
                    return (layer == last ? "output " : "layer " + (layer + 1) + " output ") + (j + 1) + " is " + out[j];
                }
            }
        }
        return "output is not a finite number"; // the scores were not finite, so some layer was not
    }
}
