package digitlab.app.draw;

import java.util.ArrayList;
import java.util.List;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

import digitlab.app.widgets.Heatmaps;
import digitlab.app.widgets.SignedTiles;
import digitlab.nn.Architecture;

/**
 * The Draw view's "Feature maps" area, for a network with convolution layers: each layer's maps as small
 * heatmaps in a grid, captioned ("conv 1: 16 filters 5×5, 28×28 · colour 0 to 3.42"), the colours scaled per
 * layer (0 to the largest |value| in that layer, so a filter that found little stays dark beside one that
 * found much) or, as the person chooses, per map (0 to each map's own largest |value|, which shows every
 * filter's pattern). Hovering a map shows it larger with its filter number and largest value, and its kernel
 * as tiles (one per input channel it reads). A network without
 * convolutions hides the area. The column it sits in sets the cell size ({@link #arrange}).
 */
final class FeatureMapsPane extends VBox implements CanvasColumn.CellArea {
    private static final double SPACING = 4, ENLARGED = 168;
    /** A kernel tile's side in the tooltip, about. */
    private static final int KERNEL_TILE = 40;
    /** The colour scales: 0 to the largest |value| of the layer, or of each map. */
    static final String PER_LAYER = "per layer", PER_MAP = "per map";

    private final ToggleButton hide = new ToggleButton("Hide");
    private final VBox content = new VBox(FeatureMapLayout.GAP);
    private final ScrollPane scroll = new ScrollPane(content);
    private final HBox header;
    private final ChoiceBox<String> scale = new ChoiceBox<>();
    private FeatureMaps shown = FeatureMaps.NONE;
    private final List<LayerView> layers = new ArrayList<>();

    /** One layer's caption, grid and images, and the maps it shows now. */
    private static final class LayerView {
        final Architecture.Conv conv;
        final int number, maps, height, width;
        final List<ImageView> images = new ArrayList<>();
        final CellGrid grid;
        FeatureMaps.Layer shown;

        LayerView(Architecture.Conv conv, int number, Architecture.Shape shape) {
            this.conv = conv;
            this.number = number;
            this.maps = shape.channels();
            this.height = shape.height();
            this.width = shape.width();
            grid = new CellGrid("mapsCaption-" + number, "maps-" + number);
        }
    }

    FeatureMapsPane(Runnable collapsed) {
        super(SPACING);
        setId("featureMaps");
        Label title = new Label("Feature maps");
        title.setStyle("-fx-font-weight: bold;");
        title.setMinWidth(Region.USE_PREF_SIZE);
        ImageView legend = new ImageView(Heatmaps.positiveLegend(48, 8));
        scale.getItems().addAll(PER_LAYER, PER_MAP);
        scale.setValue(PER_LAYER);
        scale.setId("mapsScale");
        scale.setTooltip(new Tooltip("The colours run from 0 to the largest value\n"
                + "per layer: in the whole layer, so a filter that found little stays dark beside one that found much\n"
                + "per map: in each map, so every filter's pattern shows\nHover a map to see it larger."));
        scale.valueProperty().addListener((o, a, b) -> show(shown));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        hide.setId("mapsHide");
        hide.setTooltip(new Tooltip("Hide the feature maps, giving the canvas their room"));
        hide.setMinWidth(Region.USE_PREF_SIZE);
        hide.selectedProperty().addListener((o, a, hidden) -> {
            hide.setText(hidden ? "Show" : "Hide");
            scroll.setVisible(!hidden);
            scroll.setManaged(!hidden);
            collapsed.run();
        });
        header = new HBox(8, title, legend, scale, spacer, hide);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setMinHeight(Region.USE_PREF_SIZE);
        scroll.setId("mapsScroll");
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setStyle("-fx-background-color: transparent; -fx-padding: 0;");
        scroll.setMinHeight(0);
        getChildren().addAll(header, scroll);
        setPadding(new Insets(6, 0, 0, 0));
        setMinHeight(0);
        showNetwork(null);
    }

    /**
     * Shows the maps of {@code architecture}'s convolution layers, blank until {@link #show} has some; hides the
     * area when it has none (or is null).
     */
    void showNetwork(Architecture architecture) {
        layers.clear();
        content.getChildren().clear();
        if (architecture != null) {
            List<Architecture.Shape> shapes = architecture.shapes();
            for (int i = 0; i < architecture.layers().size(); i++) {
                if (architecture.layers().get(i) instanceof Architecture.Conv conv) {
                    LayerView v = new LayerView(conv, layers.size() + 1, shapes.get(i + 1));
                    layers.add(v);
                    content.getChildren().add(v.grid.box);
                }
            }
        }
        boolean shown = !layers.isEmpty();
        setVisible(shown);
        setManaged(shown);
        show(FeatureMaps.NONE);
    }

    /** Whether the area is on show with its maps (not hidden by the person, nor absent for an MLP). */
    boolean showsMaps() {
        return isVisible() && !hide.isSelected();
    }

    @Override
    public Region region() {
        return this;
    }

    @Override
    public boolean showsCells() {
        return showsMaps();
    }

    @Override
    public int leastCell() {
        return FeatureMapLayout.MIN_CELL;
    }

    @Override
    public int mostCell() {
        return FeatureMapLayout.MAX_CELL;
    }

    /** How many maps each convolution layer has. */
    @Override
    public int[] counts() {
        return layers.stream().mapToInt(v -> v.maps).toArray();
    }

    /** The area's height without the grids at {@code width}: title, captions and spacing. */
    @Override
    public double chrome(double width) {
        double h = snappedTopInset() + snappedBottomInset() + header.prefHeight(width);
        if (!showsMaps()) {
            return h;
        }
        h += SPACING;
        for (LayerView v : layers) {
            h += v.grid.captionHeight(width);
        }
        return h;
    }

    /** Lays each layer's maps as cells of side {@code cell} in rows of {@code gridWidth}. */
    @Override
    public void arrange(int cell, double gridWidth) {
        for (LayerView v : layers) {
            v.grid.lay(v.images, v.maps, gridWidth, cell);
            for (ImageView image : v.images) {
                image.setFitWidth(cell);
                image.setFitHeight(cell);
            }
        }
    }

    /** Shows {@code maps} (the layers of the network shown; {@link FeatureMaps#NONE}: blank maps). */
    void show(FeatureMaps maps) {
        shown = maps;
        boolean perMap = PER_MAP.equals(scale.getValue());
        for (int l = 0; l < layers.size(); l++) {
            LayerView v = layers.get(l);
            FeatureMaps.Layer layer = l < maps.layers().size() ? maps.layers().get(l) : null;
            if (layer != null && (layer.maps() != v.maps || layer.height() != v.height || layer.width() != v.width)) {
                layer = null; // maps of another network, read before this one was chosen
            }
            if (layer == null) {
                layer = new FeatureMaps.Layer(v.number, -1, v.conv.kernel(), v.maps, v.height, v.width,
                        new float[v.maps * v.height * v.width], 0, 1, null);
            }
            v.shown = layer;
            v.grid.caption.setText(layer.title() + (layer.largest() == 0 ? "" : perMap ? " · each map 0 to its largest"
                    : " · colour 0 to " + layer.largestText()));
            while (v.images.size() < v.maps) {
                v.images.add(mapImage(v, v.images.size()));
                v.grid.changed();
            }
            for (int m = 0; m < v.maps; m++) {
                v.images.get(m).setImage(Heatmaps.signed(layer.values(), m * v.height * v.width,
                        perMap ? layer.mapLargest(m) : layer.largest(), v.width, v.height));
            }
        }
    }

    /**
     * {@code image} with each pixel a {@code factor}×{@code factor} block: the tooltip's window draws a scaled
     * image smoothed whatever the view asks, and a learner should see the map's pixels.
     */
    static WritableImage enlarged(Image image, int factor) {
        int w = (int) image.getWidth(), h = (int) image.getHeight();
        int[] small = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), small, 0, w);
        int[] large = new int[w * h * factor * factor];
        for (int y = 0; y < h * factor; y++) {
            for (int x = 0; x < w * factor; x++) {
                large[y * w * factor + x] = small[(y / factor) * w + x / factor];
            }
        }
        WritableImage out = new WritableImage(w * factor, h * factor);
        out.getPixelWriter().setPixels(0, 0, w * factor, h * factor, PixelFormat.getIntArgbInstance(), large, 0,
                w * factor);
        return out;
    }

    /** Map {@code m} of layer {@code v}'s image view, with its enlarged view on hover. */
    private static ImageView mapImage(LayerView v, int m) {
        ImageView image = new ImageView();
        image.setId("map-" + v.number + "-" + m);
        image.setSmooth(false);
        image.setPreserveRatio(false);
        ImageView large = new ImageView();
        large.setSmooth(false);
        large.setFitWidth(ENLARGED);
        large.setFitHeight(ENLARGED);
        Label text = new Label();
        text.setStyle("-fx-text-fill: white;");
        Label kernelText = new Label();
        kernelText.setStyle("-fx-text-fill: white;");
        FlowPane kernelTiles = new FlowPane(3, 3);
        kernelTiles.setId("kernelTiles-" + v.number + "-" + m);
        kernelTiles.setPrefWrapLength(2 * ENLARGED);
        Tooltip tip = new Tooltip();
        tip.setGraphic(new VBox(4, large, text, kernelText, kernelTiles));
        tip.setShowDelay(Duration.millis(150));
        tip.setOnShowing(e -> {
            large.setImage(enlarged(image.getImage(), (int) Math.max(1, Math.round(ENLARGED / v.width))));
            FeatureMaps.Layer layer = v.shown;
            text.setText("conv " + v.number + ", filter " + (m + 1) + " of " + v.maps + "\nlargest value "
                    + (layer.largest() > 0 ? FeatureMaps.number(layer.mapMax(m)) : "0") + " (the layer's: "
                    + layer.largestText() + ")");
            kernelTiles.getChildren().clear();
            if (layer.kernels() == null) {
                kernelText.setText("");
                return;
            }
            double max = layer.kernelLargest(m);
            int k = layer.kernel(), size = k * k, scale = Math.max(2, KERNEL_TILE / k);
            for (int c = 0; c < layer.inputs(); c++) {
                kernelTiles.getChildren().add(new ImageView(SignedTiles.tile(layer.kernels(),
                        (m * layer.inputs() + c) * size, k, k, max, scale)));
            }
            // lines broken by hand: a wrapping label makes the tooltip's window as tall as the screen
            kernelText.setText("What it looks for: its " + k + "×" + k + " kernel"
                    + (layer.inputs() == 1 ? " over the image." : ",\none tile per map of the layer before ("
                            + layer.inputs() + ").")
                    + "\nRed: ink there raises this map, blue: lowers it;\n±" + FeatureMaps.number(max)
                    + " at full colour.");
        });
        Tooltip.install(image, tip);
        return image;
    }
}
