package digitlab.app.draw;

import javafx.scene.layout.Region;

/**
 * The Draw view's left column: the canvas, its tool bar under it, and, for a CNN, the feature maps under
 * that. The tool bar gets its height; {@link FeatureMapLayout#split} shares the rest between the canvas and
 * the maps (or units).
 */
final class CanvasColumn extends Region {
    private final DrawingCanvas canvas;
    private final Region tools;
    private final CellArea mapsArea, unitsArea;

    /**
     * What may sit under the canvas: cells in grids (a CNN's feature maps, an MLP's hidden units), at most one of
     * them managed at a time.
     */
    interface CellArea {
        /** The area itself. */
        Region region();

        /** Whether its grids are on show (not hidden by the person). */
        boolean showsCells();

        /** Its height without the grids at {@code width}. */
        double chrome(double width);

        /** How many cells each grid has. */
        int[] counts();

        /** Lays the grids as cells of side {@code cell} in rows of {@code gridWidth}. */
        void arrange(int cell, double gridWidth);

        /** A cell's least and largest side. */
        int leastCell();

        int mostCell();
    }

    CanvasColumn(DrawingCanvas canvas, Region tools, CellArea maps, CellArea units) {
        this.canvas = canvas;
        this.tools = tools;
        this.mapsArea = maps;
        this.unitsArea = units;
        getChildren().addAll(canvas, tools, maps.region(), units.region());
    }

    /** The area under the canvas now: the managed one (the feature maps' when neither is, which then takes no room). */
    private CellArea area() {
        return unitsArea.region().isManaged() ? unitsArea : mapsArea;
    }

    @Override
    protected void layoutChildren() {
        double x = snappedLeftInset(), y = snappedTopInset();
        double w = getWidth() - x - snappedRightInset(), h = getHeight() - y - snappedBottomInset();
        double toolsHeight = snapSizeY(tools.prefHeight(w));
        double mapsHeight = 0;
        CellArea area = area();
        Region maps = area.region();
        if (maps.isManaged()) {
            double chrome = area.chrome(w);
            if (area.showsCells()) {
                FeatureMapLayout.Split split = FeatureMapLayout.split(area.counts(), w, h - toolsHeight, chrome,
                        area.leastCell(), area.mostCell());
                area.arrange(split.cell(), split.gridWidth());
                mapsHeight = split.maps();
            } else {
                mapsHeight = Math.min(chrome, Math.max(0, h - toolsHeight - DrawView.MIN_SIDE));
            }
        }
        double canvasHeight = Math.max(DrawView.MIN_SIDE, h - toolsHeight - mapsHeight);
        canvas.resizeRelocate(x, y, w, canvasHeight);
        tools.resizeRelocate(x, y + canvasHeight, w, toolsHeight);
        maps.resizeRelocate(x, y + canvasHeight + toolsHeight, w, snapSizeY(mapsHeight));
    }

    @Override
    protected double computeMinWidth(double height) {
        Region maps = area().region();
        return snappedLeftInset() + snappedRightInset()
                + Math.max(canvas.minWidth(-1), Math.max(tools.minWidth(-1), maps.isManaged() ? maps.minWidth(-1) : 0));
    }

    @Override
    protected double computePrefWidth(double height) {
        return snappedLeftInset() + snappedRightInset() + Math.max(canvas.prefWidth(-1), tools.prefWidth(-1));
    }

    @Override
    protected double computeMinHeight(double width) {
        return snappedTopInset() + snappedBottomInset() + canvas.minHeight(width) + tools.prefHeight(width);
    }

    @Override
    protected double computePrefHeight(double width) {
        Region maps = area().region();
        return snappedTopInset() + snappedBottomInset() + canvas.prefHeight(width) + tools.prefHeight(width)
                + (maps.isManaged() ? maps.prefHeight(width) : 0);
    }
}
