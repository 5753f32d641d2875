package digitlab.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonParser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The token-stream reader gives the records Jackson's data binding gives, field for field and bit for
 * bit, on every well-formed variant of a model file; what it declines, the binding reads.
 */
class ModelStreamTest {
    private static final String MATRICES = "\"parameters\":[{\"name\":\"W1\",\"rows\":2,\"cols\":3,"
            + "\"data\":[0.1,-2,3.5E-7,-0,1e3,0.30000001]},{\"name\":\"b1\",\"rows\":1,\"cols\":2,\"data\":[1.17549435E-38,-7.25]}]";

    private static ModelJson streamed(String json) throws Exception {
        try (JsonParser p = ModelStream.FACTORY.createParser(json)) {
            p.nextToken();
            return ModelStream.read(p);
        }
    }

    private static ModelJson bound(String json) throws IOException {
        try (JsonParser p = ModelJson.Binding.MAPPER.createParser(json)) {
            p.nextToken();
            return ModelJson.Binding.READER.readValue(p);
        }
    }

    private static void sameRecords(ModelJson expected, ModelJson actual) {
        assertEquals(expected.format(), actual.format());
        assertEquals(expected.version(), actual.version());
        assertArrayEquals(expected.layers(), actual.layers());
        assertEquals(expected.activation(), actual.activation());
        assertEquals(expected.input(), actual.input());
        assertEquals(expected.network(), actual.network());
        assertEquals(expected.provenance(), actual.provenance());
        assertEquals(expected.parameters() == null, actual.parameters() == null);
        if (expected.parameters() == null) {
            return;
        }
        assertEquals(expected.parameters().size(), actual.parameters().size());
        for (int k = 0; k < expected.parameters().size(); k++) {
            ModelJson.Matrix e = expected.parameters().get(k), a = actual.parameters().get(k);
            assertEquals(e.name(), a.name());
            assertEquals(e.rows(), a.rows());
            assertEquals(e.cols(), a.cols());
            assertEquals(e.data().length, a.data().length);
            for (int i = 0; i < e.data().length; i++) {
                assertEquals(Float.floatToRawIntBits(e.data()[i]), Float.floatToRawIntBits(a.data()[i]), e.name() + "[" + i + "]");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"format\":\"digitlab-mlp\",\"version\":1,\"layers\":[3,2],\"activation\":\"relu\"," + MATRICES + "}",
        // another order, unknown fields of every kind, nulls and every provenance field
        "{\"extra\":{\"a\":[1,{\"b\":null}]}," + MATRICES + ",\"activation\":\"relu\",\"layers\":[3,2],\"version\":1,"
                + "\"provenance\":{\"optimizer\":\"sgd\",\"learning_rate\":1,\"momentum\":0.9,\"schedule\":null,\"epochs\":12,"
                + "\"batch_size\":64,\"seed\":1.0e3,\"augment\":false,\"test_accuracy\":0.9865,\"date\":\"2026-01-01T00:00:00Z\","
                + "\"train_images\":60000,\"digitlab_version\":\"0.1.0\",\"later\":[1,2]},\"format\":\"digitlab-mlp\",\"more\":7}",
        // a seed beyond a long, a provenance with nothing in it, matrices with unknown fields
        "{\"format\":\"other\",\"version\":2,\"layers\":[],\"activation\":\"tanh\",\"provenance\":{\"seed\":123456789012345678901},"
                + "\"parameters\":[{\"note\":\"x\",\"data\":[],\"name\":\"W1\"}]}",
        // version 2: the input and network, every field of a layer, unknown ones skipped, the new provenance fields
        "{\"format\":\"digitlab-network\",\"version\":2,\"input\":{\"channels\":1,\"height\":3,\"width\":3,\"x\":[1]},"
                + "\"network\":[{\"layer\":\"conv\",\"kernel\":3,\"filters\":2,\"padding\":\"same\",\"activation\":\"tanh\"},"
                + "{\"layer\":\"pool\",\"size\":2,\"note\":{}},{\"layer\":\"flatten\"},{\"width\":2,\"layer\":\"dense\"}],"
                + "\"provenance\":{\"drawn_accuracy\":0.8,\"architecture\":\"conv3x2:tanh,pool2,flatten,dense2\"}," + MATRICES + "}",
        "{\"input\":{\"size\":784},\"network\":[]}",
        "{}"})
    void theStreamReadsWhatTheBindingReads(String json) throws Exception {
        sameRecords(bound(json), streamed(json));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"format\":1}", "{\"version\":1.0}", "{\"version\":12345678901}", "{\"layers\":[784,\"10\"]}", "{\"layers\":null}",
        "{\"parameters\":[null]}", "{\"parameters\":[{\"data\":[1,\"2\"]}]}", "{\"parameters\":[{\"data\":[1e39]}]}",
        "{\"provenance\":{\"learning_rate\":\"fast\"}}", "{\"provenance\":{\"epochs\":[1]}}", "{\"provenance\":[]}",
        "{\"input\":[]}", "{\"input\":{\"size\":1.5}}", "{\"network\":{}}", "{\"network\":[null]}",
        "{\"network\":[{\"kernel\":\"5\"}]}", "{\"network\":[{\"layer\":7}]}", "{\"provenance\":{\"drawn_accuracy\":\"high\"}}"})
    void theStreamDeclinesWhatTheBindingRefusesOrReadsAsNull(String json) {
        assertThrows(ModelStream.Decline.class, () -> streamed(json));
    }

    @Test
    void aModelTheStreamDeclinesIsStillReadByTheBinding() throws Exception {
        String json = "{\"format\":\"digitlab-mlp\",\"version\":1,\"layers\":[3,2],\"activation\":\"relu\","
                + "\"provenance\":{\"learning_rate\":\"fast\",\"epochs\":3}," + MATRICES + "}";
        Model m = ModelFile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test", "test");
        assertEquals(null, m.provenance().learningRate());
        assertEquals(3, m.provenance().epochs());
        assertEquals(-7.25f, m.parameters().bias(0).data[1]);
    }

    @Test
    void theShippedModelReadsTheSameBothWays() throws Exception {
        String json;
        try (InputStream in = ModelFile.class.getResourceAsStream(ModelFile.bundledResource(ModelFile.BUNDLED_NAME))) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        sameRecords(bound(json), streamed(json));
    }
}
