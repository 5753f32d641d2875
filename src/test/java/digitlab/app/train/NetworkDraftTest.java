package digitlab.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import digitlab.app.train.NetworkDraft.Kind;
import digitlab.app.train.NetworkDraft.Row;
import digitlab.nn.Architecture;
import digitlab.nn.Architecture.Activation;

class NetworkDraftTest {
    @Test
    void eachPresetReadsAsItsSpecWithTheOutputLayerFixedAfterTheRows() {
        for (String name : Architecture.presetNames()) {
            NetworkDraft d = NetworkDraft.preset(name);
            assertEquals(Architecture.preset(name), d.spec());
            assertEquals(name, d.presetName());
            assertTrue(d.check().valid());
        }
        NetworkDraft cnn = NetworkDraft.preset("cnn");
        assertEquals(5, cnn.size(), "the output layer dense10 is not an editable row");
        assertEquals(List.of(Kind.CONV, Kind.POOL, Kind.CONV, Kind.POOL, Kind.DENSE),
                cnn.rows().stream().map(Row::kind).toList());
        assertEquals(215_370, cnn.check().architecture().parameterCount());
    }

    @Test
    void theCnnPresetKnowsTheOutputShapeAndTheNumbersOfEveryLayer() {
        NetworkDraft.Check c = NetworkDraft.preset("cnn").check();
        assertEquals("[16×28×28, 16×14×14, 32×14×14, 32×7×7, 128, 10]", c.outputs().toString());
        assertEquals(List.of(416L, 0L, 12_832L, 0L, 200_832L, 1_290L), c.parameters());
    }

    @Test
    void addRemoveAndMoveChangeTheSpecAndMovingPastAnEndIsRefused() {
        NetworkDraft d = NetworkDraft.preset("tiny");
        d.add(Row.conv(3, 8));
        assertEquals("dense32,conv3x8,dense10", d.spec());
        assertFalse(d.move(1, 1), "the output layer stays last");
        assertTrue(d.move(1, -1));
        assertEquals("conv3x8,dense32,dense10", d.spec());
        assertFalse(d.move(0, -1));
        d.add(Row.of(Kind.POOL));
        assertTrue(d.move(2, -1));
        assertEquals("conv3x8,pool2,dense32,dense10", d.spec());
        d.remove(2);
        assertEquals("conv3x8,pool2,dense10", d.spec());
        assertEquals(NetworkDraft.CUSTOM, d.presetName());
        assertEquals(8 * 9 + 8 + (8 * 14 * 14) * 10 + 10, d.check().architecture().parameterCount());
    }

    @Test
    void aSpecRoundTripsThroughTheRowsWithItsPaddingAndActivations() {
        String spec = "conv3x8:valid:tanh,pool2,flatten,dense20:sigmoid,dense10";
        NetworkDraft d = NetworkDraft.ofSpec(spec);
        assertEquals(spec, d.spec());
        Row conv = d.rows().get(0);
        assertFalse(conv.same());
        assertEquals(Activation.TANH, conv.activation());
        assertEquals(spec, NetworkDraft.ofSpec(d.spec()).spec());
        assertEquals("dense10", NetworkDraft.ofSpec("dense10").spec(), "no hidden layer: a linear classifier");
        assertEquals(0, NetworkDraft.ofSpec("dense10").size());
    }

    @Test
    void aTypedSpecThatCannotWorkIsRefusedNamingItsLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkDraft.ofSpec("dense64,conv3x8,dense10"));
        assertTrue(e.getMessage().startsWith("layer 2 (conv3x8): a convolution needs an image"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NetworkDraft.ofSpec("conv3x8,dense12"));
        assertTrue(e.getMessage().contains("one unit per class"), e.getMessage());
    }

    @Test
    void aConvAfterADenseLayerIsRefusedAtItsRowWithTheShapesBeforeIt() {
        NetworkDraft d = NetworkDraft.preset("tiny");
        d.add(Row.conv(3, 8));
        NetworkDraft.Check c = d.check();
        assertFalse(c.valid());
        assertNull(c.architecture());
        assertEquals(1, c.row());
        assertTrue(c.problem().startsWith("layer 2 (conv3x8): a convolution needs an image"), c.problem());
        assertEquals("[32]", c.outputs().toString(), "the row before the problem still shows its output");
    }

    @Test
    void aKernelLargerThanItsMapAndAnEvenSameKernelAreRefusedAtTheirRows() {
        NetworkDraft d = NetworkDraft.ofSpec("conv3x4,pool2,pool2,pool2,dense10"); // 28 → 14 → 7 → 3
        d.add(Row.conv(7, 4).withSame(false));
        NetworkDraft.Check c = d.check();
        assertEquals(4, c.row());
        assertTrue(c.problem().contains("a 7×7 kernel does not fit in the 3×3 image"), c.problem());

        d.set(4, Row.conv(4, 4));
        c = d.check();
        assertEquals(4, c.row());
        assertTrue(c.problem().contains("needs an odd kernel size"), c.problem());
        d.set(4, Row.conv(3, 4));
        assertTrue(d.check().valid());
    }

    @Test
    void aNumberThatIsNotOneIsRefusedAtItsRowBeforeTheSpecIsRead() {
        NetworkDraft d = NetworkDraft.preset("mlp");
        d.set(1, d.rows().get(1).withUnits("6x"));
        NetworkDraft.Check c = d.check();
        assertEquals(1, c.row());
        assertEquals("layer 2: Units must be a whole number from 1 to 4096, not '6x'", c.problem());
        d.set(1, d.rows().get(1).withUnits("0"));
        assertEquals(1, d.check().row());
        d.set(1, d.rows().get(1).withUnits(" 64 "));
        assertTrue(d.check().valid());
        d.set(0, Row.conv(5, 16).withFilters(""));
        assertTrue(d.check().problem().startsWith("layer 1: Filters must be a whole number"), d.check().problem());
    }

    @Test
    void turningARowIntoAnotherKindKeepsItsActivation() {
        Row r = Row.dense(32).withActivation(Activation.TANH).as(Kind.CONV);
        assertEquals("conv3x8:tanh", r.spec());
        assertEquals("pool2", r.as(Kind.POOL).spec());
    }
}
