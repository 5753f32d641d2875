package digitlab.app.graph;

/**
 * Where the tiles of a grid of small pictures go, with no JavaFX: {@code count} tiles of {@code width} ×
 * {@code height} numbers, each drawn {@code scale} screen pixels per number, {@code columns} to a row,
 * {@link #GAP} apart. Tile i sits in row i / columns and column i % columns.
 */
record TileLayout(int count, int width, int height, int scale, int columns) {
    /** Screen pixels between two tiles. */
    static final int GAP = 2;

    TileLayout {
        if (count < 1 || width < 1 || height < 1 || scale < 1 || columns < 1) {
            throw new IllegalArgumentException("a tile grid needs at least one tile of at least 1×1, not " + count
                    + " of " + width + "×" + height + " at scale " + scale + " in " + columns + " columns");
        }
    }

    /**
     * As few rows as fit in {@code maxWidth} (as many tiles to a row as fit, then spread evenly over those rows),
     * each as large as fits in a {@code maxSide} square at a
     * whole number of screen pixels per number (at least 1, so a tile wider than {@code maxSide} stays whole).
     */
    static TileLayout wrapped(int count, int width, int height, double maxWidth, double maxSide) {
        int scale = Math.max(1, (int) Math.floor(maxSide / Math.max(width, height)));
        int fit = Math.max(1, Math.min(count, (int) Math.floor((maxWidth + GAP) / (width * scale + GAP))));
        // as few rows as that allows, filled evenly: 16 maps make 4 rows of 4, not 3 of 5 and one alone
        int rows = Math.max(1, (count + fit - 1) / fit);
        return new TileLayout(count, width, height, scale, (count + rows - 1) / rows);
    }

    /**
     * Exactly {@code columns} tiles to a row (a filter's input channels, one row per filter), each as large as
     * fits in a {@code maxSide} square and lets a row fit in {@code maxWidth}, at least 1 pixel per number.
     */
    static TileLayout rows(int count, int columns, int width, int height, double maxWidth, double maxSide) {
        int fitSide = (int) Math.floor(maxSide / Math.max(width, height));
        int fitRow = (int) Math.floor((maxWidth + GAP) / columns - GAP) / width;
        return new TileLayout(count, width, height, Math.max(1, Math.min(fitSide, fitRow)), columns);
    }

    /** Rows of the grid: ⌈count / columns⌉. */
    int rowCount() {
        return (count + columns - 1) / columns;
    }

    int tileWidth() {
        return width * scale;
    }

    int tileHeight() {
        return height * scale;
    }

    /** The left edge of tile {@code i}. */
    int x(int i) {
        return (i % columns) * (tileWidth() + GAP);
    }

    /** The top edge of tile {@code i}. */
    int y(int i) {
        return (i / columns) * (tileHeight() + GAP);
    }

    /** The whole grid's width: columns tiles and the gaps between them. */
    int totalWidth() {
        return columns * (tileWidth() + GAP) - GAP;
    }

    int totalHeight() {
        return rowCount() * (tileHeight() + GAP) - GAP;
    }
}
