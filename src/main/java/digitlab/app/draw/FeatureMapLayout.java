package digitlab.app.draw;

/**
 * How the Draw view shares its left column between the canvas and a CNN's feature maps (or an MLP's hidden
 * units, as smaller cells: {@link HiddenUnitsPane}), in plain numbers so
 * that it is tested without a display. Every map is drawn as a square cell of one size, whatever its layer: a
 * 14×14 map covers the same 28×28 image as a 28×28 one, so the same cell size keeps the layers comparable
 * (a stroke is in the same place in every map). Each layer is a grid, as many columns as fit the width.
 *
 * <p>The canvas keeps at least {@link DrawView#MIN_SIDE} and, room permitting, {@link #CANVAS_SHARE} of the
 * height (never more than it could use, its width); the maps get the rest, with the largest cell that shows
 * every map without scrolling, between {@link #MIN_CELL} and {@link #MAX_CELL}. When even the smallest cell
 * does not fit, the maps scroll, and their grids leave room for the scroll bar.
 */
final class FeatureMapLayout {
    /** Between maps, in logical pixels. */
    static final double GAP = 2;
    /** A map's least and largest side on screen. */
    static final int MIN_CELL = 24, MAX_CELL = 64;
    /** The share of the height the canvas keeps when there is room. */
    static final double CANVAS_SHARE = 0.6;
    /** The width a vertical scroll bar takes, with a little air. */
    static final double SCROLL_BAR = 18;

    private FeatureMapLayout() {
    }

    /**
     * How {@code maps} cells of side {@code cell} are laid in {@code width}: in as few rows as fit (at least 1
     * column), the rows filled evenly (16 maps where 13 fit: two rows of 8, not 13 and 3).
     */
    static int columns(int maps, double width, double cell) {
        int fit = Math.max(1, Math.min(maps, (int) Math.floor((width + GAP) / (cell + GAP))));
        int rows = (maps + fit - 1) / fit;
        return (maps + rows - 1) / rows;
    }

    /** The rows of that grid: ⌈maps / columns⌉. */
    static int rows(int maps, double width, double cell) {
        int c = columns(maps, width, cell);
        return (maps + c - 1) / c;
    }

    /** The height of all the layers' grids: Σ rows · (cell + GAP), each layer's grid followed by a gap. */
    static double gridsHeight(int[] maps, double width, double cell) {
        double h = 0;
        for (int n : maps) {
            h += rows(n, width, cell) * (cell + GAP);
        }
        return h;
    }

    /**
     * The largest whole cell side in [{@link #MIN_CELL}, {@link #MAX_CELL}] whose grids fit in {@code room}; the
     * least when none does.
     */
    static int largestCell(int[] maps, double width, double room) {
        return largestCell(maps, width, room, MIN_CELL, MAX_CELL);
    }

    /** {@link #largestCell(int[], double, double)} between {@code least} and {@code most} (a dense layer's units are smaller cells). */
    static int largestCell(int[] maps, double width, double room, int least, int most) {
        for (int cell = most; cell > least; cell--) {
            if (gridsHeight(maps, width, cell) <= room) {
                return cell;
            }
        }
        return least;
    }

    /**
     * The column shared out.
     *
     * @param canvas    the canvas's height
     * @param maps      the feature maps area's height (its title and captions included)
     * @param cell      a map's side
     * @param gridWidth the width the grids are laid in (less than the column when they scroll)
     * @param scrolls   whether the maps need scrolling at this size
     */
    record Split(double canvas, double maps, int cell, double gridWidth, boolean scrolls) {
    }

    /**
     * Shares {@code height} (the column less its tool bar) between the canvas and the maps.
     *
     * @param maps   how many maps each convolution layer has
     * @param width  the column's width
     * @param chrome the maps area's height without its grids: title, captions, spacing
     */
    static Split split(int[] maps, double width, double height, double chrome) {
        return split(maps, width, height, chrome, MIN_CELL, MAX_CELL);
    }

    /** {@link #split(int[], double, double, double)} with cells between {@code least} and {@code most}. */
    static Split split(int[] maps, double width, double height, double chrome, int least, int most) {
        double canvasFloor = Math.max(DrawView.MIN_SIDE, Math.min(width, Math.floor(CANVAS_SHARE * height)));
        double room = Math.max(0, height - canvasFloor);
        int cell = largestCell(maps, width, room - chrome, least, most);
        double needed = chrome + gridsHeight(maps, width, cell);
        if (needed <= room) {
            return new Split(height - needed, needed, cell, width, false);
        }
        double gridWidth = Math.max(least, width - SCROLL_BAR);
        return new Split(height - room, room, cell, gridWidth, true);
    }
}
