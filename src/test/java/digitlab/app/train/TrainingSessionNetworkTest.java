package digitlab.app.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

import digitlab.nn.Architecture;

/** The session draws weights for the network built in the view; no data is fetched. */
class TrainingSessionNetworkTest {
    private final TrainingSession session = new TrainingSession(() -> {
        throw new IllegalStateException("no data in this test");
    });

    private static Architecture parse(String spec) {
        return Architecture.parse(spec, NetworkDraft.INPUT, NetworkDraft.CLASSES);
    }

    @Test
    void theSeedsMlpBuiltAsLayersIsTheNetworkTheSessionStartsWith() {
        assertTrue(session.sameNetwork(parse("mlp")));
        assertFalse(session.sameNetwork(parse("tiny")));
        assertFalse(session.sameNetwork(parse("cnn")));
    }

    @Test
    void resetDrawsWeightsForTheBuiltNetworkAndKeepsAReluMlpSavableAsBefore() {
        assertTrue(session.reset(3, parse("cnn")));
        assertEquals("conv5x16,pool2,conv5x32,pool2,dense128,dense10", session.architecture().spec());
        assertEquals(215_370, session.parametersNow().count());
        assertTrue(session.sameNetwork(parse("cnn")));
        assertTrue(session.modelName().startsWith("cnn "), session.modelName());

        assertTrue(session.reset(3, parse("dense32,dense10")));
        assertArrayEquals(new int[] {784, 32, 10}, session.parametersNow().sizes());
        assertTrue(session.architecture().input().flat(), "a flat input, as model files of MLPs have it");
        assertTrue(session.modelName().startsWith("tiny "), session.modelName());
    }

    @Test
    void aModelIsNamedAfterItsPresetOrItsKindOfNetwork() {
        LocalDateTime when = LocalDateTime.of(2026, 12, 1, 10, 0);
        assertEquals("net 2026-12-01 10:00 · 1 epoch", ModelName.of(ModelName.network(parse("pool2,dense10")), when, 1, Double.NaN));
        assertEquals("cnn", ModelName.network(parse("conv3x4,dense10")));
        assertEquals("mlp", ModelName.network(parse("dense20:tanh,dense10")));
        assertEquals("mlp", ModelName.network(Architecture.denseRelu(new int[] {784, 128, 64, 10})));
    }
}
