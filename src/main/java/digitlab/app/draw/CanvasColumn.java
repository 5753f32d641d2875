package digitlab.app.draw;

import javafx.scene.layout.Region;

/**
 * The Draw view's left column: the canvas, its tool bar under it, and, for a CNN, the feature maps under
 * that. The tool bar gets its height; {@link FeatureMapLayout#split} shares the rest between the canvas and
 * the maps.
 */
final class CanvasColumn extends Region {
    private final DrawingCanvas canvas;
    private final Region tools;
    private final FeatureMapsPane maps;

    CanvasColumn(DrawingCanvas canvas, Region tools, FeatureMapsPane maps) {
        this.canvas = canvas;
        this.tools = tools;
        this.maps = maps;
        getChildren().addAll(canvas, tools, maps);
    }

    @Override
    protected void layoutChildren() {
        double x = snappedLeftInset(), y = snappedTopInset();
        double w = getWidth() - x - snappedRightInset(), h = getHeight() - y - snappedBottomInset();
        double toolsHeight = snapSizeY(tools.prefHeight(w));
        double mapsHeight = 0;
        if (maps.isManaged()) {
            double chrome = maps.chrome(w);
            if (maps.showsMaps()) {
                FeatureMapLayout.Split split = FeatureMapLayout.split(maps.counts(), w, h - toolsHeight, chrome);
                maps.arrange(split.cell(), split.gridWidth());
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
        return snappedTopInset() + snappedBottomInset() + canvas.prefHeight(width) + tools.prefHeight(width)
                + (maps.isManaged() ? maps.prefHeight(width) : 0);
    }
}
