package digitlab.app.widgets;

import java.util.function.Consumer;

import javafx.geometry.Bounds;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

import digitlab.dataset.Dataset;
import digitlab.image.InkImage;

/**
 * Digits from a data set as tiles: each image shown at twice its size, smoothing off, over a caption
 * "true 7 → 2". A tile has the id {@code digit-<image index>}; clicking it, or Enter or Space when it
 * has the focus, hands the image on as ink (for the Draw view, say).
 */
public final class DigitGallery extends ScrollPane {
    private static final int ZOOM = 2;
    private static final String TILE = "-fx-padding: 3; -fx-background-color: white;";
    private static final String FOCUS = " -fx-border-color: #1c7ed6; -fx-border-width: 2;";
    private static final String RESTING = " -fx-border-color: #dee2e6; -fx-border-width: 2;";

    private final Label header = new Label();
    private final FlowPane tiles = new FlowPane(6, 6);
    private Consumer<InkImage> onDigitClicked = ink -> { };

    /** An empty gallery. */
    public DigitGallery() {
        header.setId("galleryHeader");
        tiles.setId("galleryTiles");
        VBox content = new VBox(6, header, tiles);
        content.setPadding(new Insets(6));
        setContent(content);
        setFitToWidth(true);
        show(null, null, null, 0);
    }

    /**
     * Shows the first {@code limit} images of {@code images} named by {@code indices}, captioned with
     * their label and, when {@code predictions} is not null, {@code predictions[index]} (indexed by
     * image, as {@code Evaluation.predictions()}). A null {@code images} or {@code indices} shows
     * nothing. The arrays are neither modified nor kept.
     */
    public void show(Dataset images, int[] indices, int[] predictions, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a gallery cannot show " + limit + " images");
        }
        tiles.getChildren().clear();
        if (images == null || indices == null) {
            header.setText("no images");
            return;
        }
        int shown = Math.min(limit, indices.length);
        for (int k = 0; k < shown; k++) {
            tiles.getChildren().add(tile(images, indices[k], predictions == null ? -1 : predictions[indices[k]]));
        }
        header.setText(shown < indices.length ? "showing " + shown + " of " + indices.length
                : indices.length + (indices.length == 1 ? " image" : " images"));
    }

    /** The header's text: "showing 60 of 213", or "213 images" when all are shown. */
    public String headerText() {
        return header.getText();
    }

    /** The number of tiles shown. */
    public int tileCount() {
        return tiles.getChildren().size();
    }

    /** Called with a fresh copy of a tile's image as ink (0..1) when the tile is clicked or activated. */
    public void setOnDigitClicked(Consumer<InkImage> handler) {
        onDigitClicked = handler == null ? ink -> { } : handler;
    }

    /** Image {@code image} of {@code d} as ink, pixel / 255, in a new array. */
    public static InkImage inkOf(Dataset d, int image) {
        float[] ink = new float[d.pixelsPerImage()];
        for (int p = 0; p < ink.length; p++) {
            ink[p] = d.pixel(image, p) / 255f;
        }
        return new InkImage(ink, d.cols(), d.rows());
    }

    private VBox tile(Dataset d, int image, int predicted) {
        ImageView view = new ImageView(Heatmaps.ink(inkOf(d, image).ink(), d.cols(), d.rows()));
        view.setFitWidth(d.cols() * ZOOM);
        view.setFitHeight(d.rows() * ZOOM);
        view.setSmooth(false);
        String caption = "true " + d.label(image) + (predicted < 0 ? "" : " → " + predicted);
        Label text = new Label(caption);
        text.setStyle("-fx-font-family: monospace;");
        VBox tile = new VBox(2, view, text);
        tile.setAlignment(Pos.CENTER);
        tile.setId("digit-" + image);
        tile.getStyleClass().add("digit-tile");
        tile.setFocusTraversable(true);
        String says = "image " + image + ": true " + d.label(image) + (predicted < 0 ? "" : ", predicted " + predicted);
        Tooltip.install(tile, new Tooltip(says));
        tile.setAccessibleText(says);
        tile.setStyle(TILE + RESTING);
        tile.focusedProperty().addListener((o, was, is) -> {
            tile.setStyle(TILE + (is ? FOCUS : RESTING));
            if (is) {
                reveal(tile);
            }
        });
        // a copy per click: the receiver may draw on it
        tile.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            tile.requestFocus();
            onDigitClicked.accept(inkOf(d, image));
        });
        tile.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER || e.getCode() == KeyCode.SPACE) {
                e.consume();
                onDigitClicked.accept(inkOf(d, image));
            }
        });
        return tile;
    }

    /** Scrolls just enough to show all of {@code tile}, which a keyboard user may have tabbed to. */
    private void reveal(Node tile) {
        double content = getContent().getBoundsInLocal().getHeight(), viewport = getViewportBounds().getHeight();
        if (content <= viewport) {
            return;
        }
        Bounds b = getContent().sceneToLocal(tile.localToScene(tile.getBoundsInLocal()));
        double top = getVvalue() * (content - viewport);
        if (b.getMinY() < top) {
            setVvalue(b.getMinY() / (content - viewport));
        } else if (b.getMaxY() > top + viewport) {
            setVvalue((b.getMaxY() - viewport) / (content - viewport));
        }
    }
}
