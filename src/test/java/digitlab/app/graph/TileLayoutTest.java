package digitlab.app.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Grids of maps and kernels: whole pixels per number, as many to a row as fit, no tile over another. */
class TileLayoutTest {

    @Test
    void sixteenMapsOf28By28AreDrawnTwiceTheirSizeInFourRowsOfFour() {
        TileLayout l = TileLayout.wrapped(16, 28, 28, 334, 56);
        assertEquals(2, l.scale());
        assertEquals(4, l.columns(), "five fit to a row, but four rows of four leave none alone");
        assertEquals(4, l.rowCount());
        assertEquals(56 + TileLayout.GAP, l.x(1));
        assertEquals(56 + TileLayout.GAP, l.y(4), "the fifth map starts the second row");
        assertEquals(0, l.x(4));
        assertEquals(4 * 58 - 2, l.totalWidth());
        assertEquals(4 * 58 - 2, l.totalHeight());
    }

    @Test
    void thirtyTwoMapsFillSevenRowsOfAtMostFive() {
        TileLayout l = TileLayout.wrapped(32, 14, 14, 334, 56);
        assertEquals(4, l.scale());
        assertEquals(5, l.columns());
        assertEquals(7, l.rowCount());
    }

    @Test
    void sixteenFiveByFiveKernelsAreEightPixelsPerWeightEightToARow() {
        TileLayout l = TileLayout.wrapped(16, 5, 5, 334, 40);
        assertEquals(8, l.scale());
        assertEquals(8, l.columns());
        assertEquals(2, l.rowCount());
        assertTrue(l.totalWidth() <= 334);
    }

    @Test
    void fewerTilesThanFitMakeOneShortRow() {
        TileLayout l = TileLayout.wrapped(4, 3, 3, 334, 40);
        assertEquals(13, l.scale());
        assertEquals(4, l.columns());
        assertEquals(1, l.rowCount());
        assertEquals(4 * 39 + 3 * TileLayout.GAP, l.totalWidth());
    }

    @Test
    void aFilterOfSixteenChannelsIsOneRowOfSixteenTilesThatFitsTheWidth() {
        TileLayout l = TileLayout.rows(32 * 16, 16, 5, 5, 334, 40);
        assertEquals(16, l.columns());
        assertEquals(32, l.rowCount());
        assertEquals(3, l.scale(), "4 pixels per weight would make 16·22 − 2 = 350 > 334");
        assertTrue(l.totalWidth() <= 334, "" + l.totalWidth());
        assertEquals(l.y(16), 15 + TileLayout.GAP, "filter 1 starts the second row");
        assertEquals(l.x(17), l.x(1), "and its channel 1 is under filter 0's");
    }

    @Test
    void tilesTooLargeForTheRoomStayWholeAtOnePixelPerNumber() {
        TileLayout l = TileLayout.rows(64 * 64, 64, 5, 5, 334, 40);
        assertEquals(1, l.scale());
        TileLayout big = TileLayout.wrapped(3, 500, 500, 334, 56);
        assertEquals(1, big.scale());
        assertEquals(1, big.columns());
    }

    @Test
    void noTwoTilesOverlap() {
        TileLayout l = TileLayout.wrapped(23, 7, 7, 334, 56);
        for (int i = 0; i < l.count(); i++) {
            for (int j = i + 1; j < l.count(); j++) {
                boolean apart = l.x(i) + l.tileWidth() <= l.x(j) || l.x(j) + l.tileWidth() <= l.x(i)
                        || l.y(i) + l.tileHeight() <= l.y(j) || l.y(j) + l.tileHeight() <= l.y(i);
                assertTrue(apart, i + " and " + j);
            }
        }
    }

    @Test
    void anEmptyGridIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TileLayout.wrapped(0, 5, 5, 334, 40));
    }
}
