package digitlab.app.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How the MLP's hidden units share the Draw view's left column with the canvas, without a display. */
class HiddenUnitsLayoutTest {
    private static final int[] MLP = {128, 64};
    /** The units area's title and two captions, about as the view measures them. */
    private static final double CHROME = 70;

    @Test
    void atTheSmallestWindowEveryUnitShowsWithoutScrollingAndTheCanvasKeepsItsSide() {
        // the column of a 1280×800 window, less its tool bar
        FeatureMapLayout.Split split = FeatureMapLayout.split(MLP, 830, 640, CHROME, HiddenUnitsPane.MIN_CELL,
                HiddenUnitsPane.MAX_CELL);
        assertFalse(split.scrolls());
        assertTrue(split.canvas() >= DrawView.MIN_SIDE);
        assertTrue(split.cell() >= HiddenUnitsPane.MIN_CELL && split.cell() <= HiddenUnitsPane.MAX_CELL);
        assertEquals(640, split.canvas() + split.maps(), 1e-9);
        assertTrue(CHROME + FeatureMapLayout.gridsHeight(MLP, 830, split.cell()) <= split.maps() + 1e-9);
    }

    @Test
    void bothLayersGetTheSameColumnsSoTheirGridsLineUp() {
        int cell = HiddenUnitsPane.MAX_CELL;
        assertEquals(32, FeatureMapLayout.columns(128, 830, cell));
        assertEquals(4, FeatureMapLayout.rows(128, 830, cell));
        assertEquals(32, FeatureMapLayout.columns(64, 830, cell));
        assertEquals(2, FeatureMapLayout.rows(64, 830, cell));
    }

    @Test
    void unitsAreSmallerCellsThanFeatureMapsAndScrollOnlyWhenEvenTheSmallestDoesNotFit() {
        FeatureMapLayout.Split roomy = FeatureMapLayout.split(MLP, 400, 900, CHROME, HiddenUnitsPane.MIN_CELL,
                HiddenUnitsPane.MAX_CELL);
        assertEquals(HiddenUnitsPane.MAX_CELL, roomy.cell());
        assertTrue(HiddenUnitsPane.MAX_CELL < FeatureMapLayout.MAX_CELL);
        FeatureMapLayout.Split tight = FeatureMapLayout.split(MLP, 300, 380, CHROME, HiddenUnitsPane.MIN_CELL,
                HiddenUnitsPane.MAX_CELL);
        assertEquals(HiddenUnitsPane.MIN_CELL, tight.cell());
        assertTrue(tight.scrolls());
        assertEquals(300 - FeatureMapLayout.SCROLL_BAR, tight.gridWidth(), 1e-9);
    }
}
