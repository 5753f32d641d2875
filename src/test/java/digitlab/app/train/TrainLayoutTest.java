package digitlab.app.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TrainLayoutTest {
    @Test
    void theEpochPanelGoesUnderTheChartsAtTheSmallestWindowAndBesideThemAtTheUsualOne() {
        assertFalse(TrainLayout.sideBySide(800 - 316), "800×530: the area beside the controls");
        assertTrue(TrainLayout.sideBySide(1224 - 316), "1224×740");
        assertTrue(TrainLayout.sideBySide(1120 - 316), "the window as it first opened before issue 15");
    }
}
