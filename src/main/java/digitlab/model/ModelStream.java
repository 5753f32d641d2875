package digitlab.model;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * Reads a well-formed model file straight from Jackson's token stream into {@link ModelJson}, without
 * Jackson's data binding: on a cold JVM that binding loads some 700 classes and runs interpreted, which
 * made loading the shipped model take 0.4 s of a 1 s {@code predict}. Only the happy path is read here:
 * every field of the type it must have (or null in the provenance), unknown fields skipped. At anything
 * else, a syntax error included, it {@linkplain Decline declines}, and {@link ModelFile} binds the file
 * the old way, which names the problem; so both ways give the same model or the same message.
 *
 * <p>The parameters' numbers are read by {@link DecimalFloats#parse}, the float nearest each decimal, as
 * {@link Float#parseFloat} gives it, about three times faster on a cold JVM.
 */
final class ModelStream {
    /** As {@code ModelJson}'s mapper reads: a field named twice is a syntax error. */
    static final JsonFactory FACTORY = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private ModelStream() {
    }

    /** Thrown where the file leaves the happy path; no message, no stack: the binding path names the problem. */
    static final class Decline extends Exception {
        private static final Decline INSTANCE = new Decline();

        private Decline() {
            super(null, null, false, false);
        }
    }

    /**
     * The model {@code p} stands at the start of (its first token read, a {@code START_OBJECT}), bound as
     * {@code ModelJson.Binding.READER} would bind it; {@code p} is left on the model's closing brace.
     *
     * @throws Decline at anything the binding would refuse or read in another way
     * @throws IOException when the parser fails (a syntax error, a name given twice)
     */
    static ModelJson read(JsonParser p) throws Decline, IOException {
        String format = null, activation = null;
        Integer version = null;
        int[] layers = null;
        ModelJson.ProvenanceJson provenance = null;
        ModelJson.Input input = null;
        List<ModelJson.Layer> network = null;
        List<ModelJson.Matrix> parameters = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            t = p.nextToken();
            switch (field) {
                case "format" -> format = text(t, p);
                case "version" -> version = whole(t, p);
                case "layers" -> layers = wholes(t, p);
                case "activation" -> activation = text(t, p);
                case "input" -> input = input(t, p);
                case "network" -> network = network(t, p);
                case "provenance" -> provenance = provenance(t, p);
                case "parameters" -> parameters = matrices(t, p);
                default -> p.skipChildren();
            }
        }
        return new ModelJson(format, version, layers, activation, input, network, provenance, parameters);
    }

    /** Version 2's input object: whole numbers, unknown fields skipped. */
    private static ModelJson.Input input(JsonToken t, JsonParser p) throws Decline, IOException {
        if (t != JsonToken.START_OBJECT) {
            throw Decline.INSTANCE;
        }
        Integer channels = null, height = null, width = null, size = null;
        for (t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            t = p.nextToken();
            switch (field) {
                case "channels" -> channels = whole(t, p);
                case "height" -> height = whole(t, p);
                case "width" -> width = whole(t, p);
                case "size" -> size = whole(t, p);
                default -> p.skipChildren();
            }
        }
        return new ModelJson.Input(channels, height, width, size);
    }

    /** Version 2's list of layers, each an object of text and whole numbers; unknown fields skipped. */
    private static List<ModelJson.Layer> network(JsonToken t, JsonParser p) throws Decline, IOException {
        if (t != JsonToken.START_ARRAY) {
            throw Decline.INSTANCE;
        }
        List<ModelJson.Layer> layers = new ArrayList<>();
        for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                throw Decline.INSTANCE;
            }
            String kind = null, padding = null, activation = null;
            Integer width = null, kernel = null, filters = null, size = null;
            for (t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String field = p.currentName();
                t = p.nextToken();
                switch (field) {
                    case "layer" -> kind = text(t, p);
                    case "width" -> width = whole(t, p);
                    case "kernel" -> kernel = whole(t, p);
                    case "filters" -> filters = whole(t, p);
                    case "padding" -> padding = text(t, p);
                    case "activation" -> activation = text(t, p);
                    case "size" -> size = whole(t, p);
                    default -> p.skipChildren();
                }
            }
            layers.add(new ModelJson.Layer(kind, width, kernel, filters, padding, activation, size));
        }
        return layers;
    }

    private static String text(JsonToken t, JsonParser p) throws Decline, IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw Decline.INSTANCE;
        }
        return p.getText();
    }

    /** A whole number that fits an int; a fraction, a bigger number or null is declined. */
    private static int whole(JsonToken t, JsonParser p) throws Decline, IOException {
        if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw Decline.INSTANCE;
        }
        return p.getIntValue();
    }

    private static int[] wholes(JsonToken t, JsonParser p) throws Decline, IOException {
        if (t != JsonToken.START_ARRAY) {
            throw Decline.INSTANCE;
        }
        int[] values = new int[8];
        int n = 0;
        for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (n == values.length) {
                values = Arrays.copyOf(values, 2 * n);
            }
            values[n++] = whole(t, p);
        }
        return Arrays.copyOf(values, n);
    }

    private static List<ModelJson.Matrix> matrices(JsonToken t, JsonParser p) throws Decline, IOException {
        if (t != JsonToken.START_ARRAY) {
            throw Decline.INSTANCE;
        }
        List<ModelJson.Matrix> matrices = new ArrayList<>();
        for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                throw Decline.INSTANCE;
            }
            String name = null;
            Integer rows = null, cols = null;
            float[] data = null;
            for (t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String field = p.currentName();
                t = p.nextToken();
                switch (field) {
                    case "name" -> name = text(t, p);
                    case "rows" -> rows = whole(t, p);
                    case "cols" -> cols = whole(t, p);
                    case "data" -> data = floats(t, p);
                    default -> p.skipChildren();
                }
            }
            matrices.add(new ModelJson.Matrix(name, rows, cols, data));
        }
        return matrices;
    }

    /** Finite floats, each the nearest to its decimal; anything else declined. */
    private static float[] floats(JsonToken t, JsonParser p) throws Decline, IOException {
        if (t != JsonToken.START_ARRAY) {
            throw Decline.INSTANCE;
        }
        float[] data = new float[64];
        int n = 0;
        for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw Decline.INSTANCE;
            }
            float f = DecimalFloats.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            if (!Float.isFinite(f)) {
                throw Decline.INSTANCE;
            }
            if (n == data.length) {
                data = Arrays.copyOf(data, 2 * n);
            }
            data[n++] = f;
        }
        return n == data.length ? data : Arrays.copyOf(data, n);
    }

    /**
     * The provenance when each known field holds its type or null; unknown fields are skipped. A value of
     * another type (which the binding turns into null) is declined, as is a number beyond its type.
     */
    private static ModelJson.ProvenanceJson provenance(JsonToken t, JsonParser p) throws Decline, IOException {
        if (t != JsonToken.START_OBJECT) {
            throw Decline.INSTANCE;
        }
        String optimizer = null, schedule = null, date = null, version = null;
        Float learningRate = null, momentum = null;
        Integer epochs = null, batchSize = null, trainImages = null;
        BigDecimal seed = null;
        Boolean augment = null;
        Double testAccuracy = null, drawnAccuracy = null;
        String architecture = null;
        for (t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            t = p.nextToken();
            boolean absent = t == JsonToken.VALUE_NULL;
            switch (field) {
                case "optimizer" -> optimizer = absent ? null : text(t, p);
                case "learning_rate" -> learningRate = absent ? null : finiteFloat(t, p);
                case "momentum" -> momentum = absent ? null : finiteFloat(t, p);
                case "schedule" -> schedule = absent ? null : text(t, p);
                case "epochs" -> epochs = absent ? null : whole(t, p);
                case "batch_size" -> batchSize = absent ? null : whole(t, p);
                case "seed" -> seed = absent ? null : decimal(t, p);
                case "augment" -> augment = absent ? null : truth(t);
                case "test_accuracy" -> testAccuracy = absent ? null : finiteDouble(t, p);
                case "date" -> date = absent ? null : text(t, p);
                case "train_images" -> trainImages = absent ? null : whole(t, p);
                case "digitlab_version" -> version = absent ? null : text(t, p);
                case "drawn_accuracy" -> drawnAccuracy = absent ? null : finiteDouble(t, p);
                case "architecture" -> architecture = absent ? null : text(t, p);
                default -> p.skipChildren();
            }
        }
        return new ModelJson.ProvenanceJson(optimizer, learningRate, momentum, schedule, epochs, batchSize, seed, augment,
                testAccuracy, date, trainImages, version, drawnAccuracy, architecture);
    }

    private static Float finiteFloat(JsonToken t, JsonParser p) throws Decline, IOException {
        if (!t.isNumeric()) {
            throw Decline.INSTANCE;
        }
        float f = Float.parseFloat(p.getText());
        if (!Float.isFinite(f)) {
            throw Decline.INSTANCE;
        }
        return f;
    }

    private static Double finiteDouble(JsonToken t, JsonParser p) throws Decline, IOException {
        if (!t.isNumeric()) {
            throw Decline.INSTANCE;
        }
        double d = Double.parseDouble(p.getText());
        if (!Double.isFinite(d)) {
            throw Decline.INSTANCE;
        }
        return d;
    }

    private static BigDecimal decimal(JsonToken t, JsonParser p) throws Decline, IOException {
        if (!t.isNumeric()) {
            throw Decline.INSTANCE;
        }
        try {
            return new BigDecimal(p.getText());
        } catch (NumberFormatException e) { // an exponent beyond BigDecimal's
            throw Decline.INSTANCE;
        }
    }

    private static Boolean truth(JsonToken t) throws Decline {
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw Decline.INSTANCE;
        }
        return t == JsonToken.VALUE_TRUE;
    }
}
