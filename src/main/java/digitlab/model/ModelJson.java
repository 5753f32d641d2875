package digitlab.model;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * A model file as its JSON says it, bound by Jackson field by field and not yet checked
 * ({@link ModelValidator} does that). Every value must have its field's JSON type (no text for a number,
 * no 1.0 for a whole number), except in the provenance, where a value of another type is left out; unknown
 * fields are skipped without being kept. Numbers go straight into float arrays, so memory grows with the
 * numbers in the file and no tree of it is ever built.
 */
record ModelJson(String format, Integer version, int[] layers, String activation, Input input, List<Layer> network,
        ProvenanceJson provenance, List<Matrix> parameters) {

    /**
     * Jackson's data binding of model files, in a class of its own so that a model read by
     * {@link ModelStream} loads none of it.
     */
    static final class Binding {
        /** Reads the JSON of one model; duplicate field names are a syntax error. */
        static final ObjectMapper MAPPER = JsonMapper.builder(
                        JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .withCoercionConfig(LogicalType.Textual, text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .build();

        /** Built once, with its deserializers, so that no read pays for them. */
        static final ObjectReader READER = MAPPER.readerFor(ModelJson.class);

        private Binding() {
        }
    }

    /** Version 2's input: channels, height and width of an image, or the size of a flat vector. */
    record Input(Integer channels, Integer height, Integer width, Integer size) {
    }

    /**
     * One layer of version 2's network: its kind ({@code layer}) and the fields of that kind (the others
     * must be absent): dense width and activation; conv kernel, filters, padding and activation; pool size.
     */
    record Layer(String layer, Integer width, Integer kernel, Integer filters, String padding, String activation,
            Integer size) {
    }

    /** One parameter matrix: its name, the shape it claims and its numbers, row-major. */
    record Matrix(String name, Integer rows, Integer cols, @JsonDeserialize(using = FiniteFloats.class) float[] data) {
    }

    /** The provenance as written: the fields of {@link Provenance} in snake_case, absent ones left out. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ProvenanceJson(@JsonDeserialize(using = OrNull.class) String optimizer,
            @JsonDeserialize(using = OrNull.class) Float learningRate,
            @JsonDeserialize(using = OrNull.class) Float momentum,
            @JsonDeserialize(using = OrNull.class) String schedule,
            @JsonDeserialize(using = OrNull.class) Integer epochs,
            @JsonDeserialize(using = OrNull.class) Integer batchSize,
            @JsonDeserialize(using = OrNull.class) BigDecimal seed,
            @JsonDeserialize(using = OrNull.class) Boolean augment,
            @JsonDeserialize(using = OrNull.class) Double testAccuracy,
            @JsonDeserialize(using = OrNull.class) String date,
            @JsonDeserialize(using = OrNull.class) Integer trainImages,
            @JsonDeserialize(using = OrNull.class) String digitlabVersion,
            @JsonDeserialize(using = OrNull.class) Double drawnAccuracy,
            @JsonDeserialize(using = OrNull.class) String architecture) {

        static ProvenanceJson of(Provenance p) {
            return new ProvenanceJson(p.optimizer(), p.learningRate(), p.momentum(), p.schedule(), p.epochs(),
                    p.batchSize(), p.seed() == null ? null : BigDecimal.valueOf(p.seed()), p.augment(), p.testAccuracy(),
                    p.date(), p.trainImages(), p.digitlabVersion(), p.drawnAccuracy(), p.architecture());
        }

        Provenance toProvenance() {
            return new Provenance(optimizer, learningRate, momentum, schedule, epochs, batchSize, wholeSeed(), augment,
                    testAccuracy, date, trainImages, digitlabVersion, drawnAccuracy, architecture);
        }

        /** The seed if it is a whole number that fits a long (1.0 and 1e3 too), else null. */
        private Long wholeSeed() {
            if (seed == null || seed.signum() != 0 && seed.stripTrailingZeros().scale() > 0) {
                return null;
            }
            try {
                return seed.longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
    }

    /**
     * The numbers of a matrix, each the float nearest its decimal text (so the shortest text of a float
     * reads back as that float); the first that is not a number, or not finite as a float, is refused by
     * its index. The messages leave out which matrix: {@link ModelValidator#bindingProblem} adds it.
     */
    static final class FiniteFloats extends StdDeserializer<float[]> {
        FiniteFloats() {
            super(float[].class);
        }

        @Override
        public float[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.isExpectedStartArrayToken()) {
                return (float[]) ctxt.reportInputMismatch(this, "data must be a list of numbers");
            }
            float[] data = new float[64];
            int n = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                    return (float[]) ctxt.reportInputMismatch(this, "data[%d] is %s, not a number", n, ModelValidator.describe(p));
                }
                String text = p.getText();
                float f = Float.parseFloat(text);
                if (!Float.isFinite(f)) {
                    return (float[]) ctxt.reportInputMismatch(this, "data[%d] = %s is not a finite float", n, decimal(text));
                }
                if (n == data.length) {
                    data = Arrays.copyOf(data, 2 * n);
                }
                data[n++] = f;
            }
            return n == data.length ? data : Arrays.copyOf(data, n);
        }

        /** 1E+39 for 1e39; the text itself when its exponent is beyond what a BigDecimal holds. */
        private static String decimal(String text) {
            try {
                return new BigDecimal(text).toString();
            } catch (NumberFormatException e) {
                return ModelValidator.shorten(text);
            }
        }
    }

    /**
     * A provenance field: the value if it has the field's JSON type, else null. A list or an object there
     * is skipped without being kept.
     */
    static final class OrNull extends StdDeserializer<Object> implements ContextualDeserializer {
        private final JsonDeserializer<?> typed;
        private final boolean text;

        OrNull() {
            this(null, false);
        }

        private OrNull(JsonDeserializer<?> typed, boolean text) {
            super(Object.class);
            this.typed = typed;
            this.text = text;
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
                throws JsonMappingException {
            return new OrNull(ctxt.findContextualValueDeserializer(property.getType(), property),
                    property.getType().hasRawClass(String.class));
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t.isStructStart()) {
                p.skipChildren();
                return null;
            }
            if (t == JsonToken.VALUE_STRING && !text) {
                return null; // Jackson would read "NaN" as a number
            }
            try {
                return typed.deserialize(p, ctxt);
            } catch (MismatchedInputException | InputCoercionException e) {
                return null;
            }
        }
    }
}
