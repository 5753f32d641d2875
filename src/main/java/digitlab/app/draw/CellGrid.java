package digitlab.app.draw;

import java.util.List;

import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One layer's caption over its grid of cells, as the feature maps and the hidden units show them under the
 * canvas; the cells themselves (images, rectangles) belong to the area.
 */
final class CellGrid {
    static final double CAPTION_SPACING = 2;

    final Label caption = new Label();
    final GridPane grid = new GridPane();
    /** The caption over the grid. */
    final VBox box;
    /** The columns the cells are laid in, −1 for "lay them again". */
    private int columns = -1;

    CellGrid(String captionId, String gridId) {
        caption.setId(captionId);
        caption.setWrapText(true);
        caption.setMinHeight(Region.USE_PREF_SIZE);
        caption.setStyle("-fx-font-size: 11px;");
        grid.setId(gridId);
        grid.setHgap(FeatureMapLayout.GAP);
        grid.setVgap(FeatureMapLayout.GAP);
        box = new VBox(CAPTION_SPACING, caption, grid);
    }

    /** The caption's height at {@code width}, with the space under it. */
    double captionHeight(double width) {
        return caption.prefHeight(width) + CAPTION_SPACING;
    }

    /** Cells were added: the next {@link #lay} puts them all in the grid again. */
    void changed() {
        columns = -1;
    }

    /**
     * Puts {@code cells} in rows as wide as {@code gridWidth} takes cells of side {@code cell}, in as many
     * columns as {@link FeatureMapLayout#columns} gives for {@code count}; only when that number changed.
     * Sizing the cells is the caller's.
     */
    void lay(List<? extends Node> cells, int count, double gridWidth, int cell) {
        int wanted = FeatureMapLayout.columns(count, gridWidth, cell);
        if (wanted != columns) {
            grid.getChildren().clear();
            for (int j = 0; j < cells.size(); j++) {
                grid.add(cells.get(j), j % wanted, j / wanted);
            }
            columns = wanted;
        }
    }

    /** The columns the cells are laid in now (−1 before they are laid). */
    int columns() {
        return columns;
    }
}
