package digitlab.app.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FeatureMapLayoutTest {
    /** The preset cnn's convolution layers: 16 maps, then 32. */
    private static final int[] CNN = {16, 32};
    /** Title and two captions, about as the Draw view measures them. */
    private static final double CHROME = 70;

    @Test
    void asManyColumnsAsCellsFitWithTheirGapsAndNeverMoreThanTheMaps() {
        assertEquals(16, FeatureMapLayout.columns(16, 16 * 46 + 15 * FeatureMapLayout.GAP, 46));
        assertEquals(8, FeatureMapLayout.columns(16, 16 * 46 + 15 * FeatureMapLayout.GAP - 1, 46), "two rows of 8");
        assertEquals(4, FeatureMapLayout.columns(4, 2000, 46));
        assertEquals(1, FeatureMapLayout.columns(16, 10, 46), "at least one column, however narrow");
        assertEquals(3, FeatureMapLayout.rows(32, 15 * 48, 46), "32 maps where 15 fit: three rows");
    }

    @Test
    void mapsOnSeveralRowsFillThemEvenly() {
        double thirteen = 13 * 26 - FeatureMapLayout.GAP; // 13 cells of 24 and their gaps
        assertEquals(8, FeatureMapLayout.columns(16, thirteen, 24), "two rows of 8, not 13 and 3");
        assertEquals(11, FeatureMapLayout.columns(32, thirteen, 24), "three rows of 11, 11 and 10");
        assertEquals(3, FeatureMapLayout.rows(32, thirteen, 24));
    }

    @Test
    void theGridsAreTheirRowsOfCellsAndGaps() {
        // 16 columns of 40: conv 1 one row, conv 2 two rows
        assertEquals(3 * (40 + FeatureMapLayout.GAP), FeatureMapLayout.gridsHeight(CNN, 16 * 42, 40), 1e-9);
    }

    @Test
    void theCellIsTheLargestWhoseGridsFit() {
        double width = 782;
        for (double room = 60; room < 400; room += 7) {
            int cell = FeatureMapLayout.largestCell(CNN, width, room);
            if (cell > FeatureMapLayout.MIN_CELL) {
                assertTrue(FeatureMapLayout.gridsHeight(CNN, width, cell) <= room, "fits in " + room);
            }
            if (cell < FeatureMapLayout.MAX_CELL) {
                assertTrue(FeatureMapLayout.gridsHeight(CNN, width, cell + 1) > room, "one more does not fit in " + room);
            }
        }
    }

    @Test
    void inALargeWindowEveryMapShowsWithoutScrollingAndTheCanvasKeepsMostOfTheHeight() {
        // the column of a 1224×765 window: 782 wide, 620 high under the tool bar
        FeatureMapLayout.Split split = FeatureMapLayout.split(CNN, 782, 620, CHROME);

        assertFalse(split.scrolls());
        assertEquals(620, split.canvas() + split.maps(), 1e-9);
        assertTrue(split.canvas() >= FeatureMapLayout.CANVAS_SHARE * 620, "canvas " + split.canvas());
        assertTrue(split.cell() >= 40, "cells of " + split.cell());
        assertEquals(CHROME + FeatureMapLayout.gridsHeight(CNN, 782, split.cell()), split.maps(), 1e-9);
        assertEquals(782, split.gridWidth());
    }

    @Test
    void inTheSmallestWindowTheCanvasKeepsItsLeastSideAndTheMapsScrollBesideTheirScrollBar() {
        // the column of an 800×600 window: 358 wide, 430 high under the tool bar
        FeatureMapLayout.Split split = FeatureMapLayout.split(CNN, 358, 430, CHROME);

        assertTrue(split.scrolls());
        assertEquals(DrawView.MIN_SIDE, split.canvas(), 1e-9);
        assertEquals(430 - DrawView.MIN_SIDE, split.maps(), 1e-9);
        assertEquals(FeatureMapLayout.MIN_CELL, split.cell());
        assertEquals(358 - FeatureMapLayout.SCROLL_BAR, split.gridWidth(), 1e-9);
    }

    @Test
    void theCanvasAndTheMapsShareTheWholeHeightAndTheCanvasNeverGoesBelowItsLeast() {
        for (double width = 300; width <= 1400; width += 55) {
            for (double height = 300; height <= 1200; height += 45) {
                FeatureMapLayout.Split split = FeatureMapLayout.split(CNN, width, height, CHROME);
                String at = width + "×" + height;
                assertEquals(height, split.canvas() + split.maps(), 1e-9, at);
                assertTrue(split.canvas() >= DrawView.MIN_SIDE, at);
                assertTrue(split.maps() >= 0, at);
                assertTrue(split.gridWidth() <= width, at);
            }
        }
    }
}
