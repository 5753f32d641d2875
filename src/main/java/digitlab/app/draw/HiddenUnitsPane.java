package digitlab.app.draw;

import java.util.ArrayList;
import java.util.List;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.util.Duration;

import digitlab.app.widgets.Heatmaps;
import digitlab.app.widgets.SignedTiles;
import digitlab.nn.Architecture;
import digitlab.nn.Parameters;

/**
 * The Draw view's "Hidden units" area, for a dense network: each hidden layer's units as a grid of small cells
 * that light up as the person draws (black off, brighter the larger the activation, on one scale per layer, as
 * the feature maps are), captioned ("hidden layer 1: 128 units · colour 0 to 4.21"). Hovering a unit shows what
 * it looks for (its incoming weights: a 28×28 tile for the first layer, a tile over the previous layer's grid
 * after) and its push on each digit's score ({@link HiddenUnits}). A network with convolutions hides the area.
 * The column it sits in sets the cell size ({@link #arrange}), with {@link FeatureMapLayout}.
 */
final class HiddenUnitsPane extends VBox implements CanvasColumn.CellArea {
    private static final double SPACING = 4;
    /** A unit's least and largest side on screen. */
    static final int MIN_CELL = 8, MAX_CELL = 22;
    /** Screen pixels per weight in the tooltip's tiles. */
    private static final int TILE_SCALE = 5;
    private static final int OFF = SignedTiles.colour(0, 1);

    private final ToggleButton hide = new ToggleButton("Hide");
    private final VBox content = new VBox(FeatureMapLayout.GAP);
    private final ScrollPane scroll = new ScrollPane(content);
    private final HBox header;
    private final List<LayerView> layers = new ArrayList<>();

    /** One layer's caption, grid and cells, and what it shows now. */
    private static final class LayerView {
        final int number, units, inputs;
        final String weightName;
        final List<Rectangle> cells = new ArrayList<>();
        final CellGrid grid;
        HiddenUnits.Layer shown;

        LayerView(int number, int units, int inputs) {
            this.number = number;
            this.units = units;
            this.inputs = inputs;
            this.weightName = Parameters.weightName(number - 1);
            grid = new CellGrid("unitsCaption-" + number, "units-" + number);
        }
    }

    HiddenUnitsPane(Runnable collapsed) {
        super(SPACING);
        setId("hiddenUnits");
        Label title = new Label("Hidden units");
        title.setStyle("-fx-font-weight: bold;");
        title.setMinWidth(Region.USE_PREF_SIZE);
        ImageView legend = new ImageView(Heatmaps.positiveLegend(48, 8));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        hide.setId("unitsHide");
        hide.setTooltip(new Tooltip("Hide the hidden units, giving the canvas their room"));
        hide.setMinWidth(Region.USE_PREF_SIZE);
        hide.selectedProperty().addListener((o, a, hidden) -> {
            hide.setText(hidden ? "Show" : "Hide");
            scroll.setVisible(!hidden);
            scroll.setManaged(!hidden);
            collapsed.run();
        });
        header = new HBox(8, title, legend, spacer, hide);
        header.setAlignment(Pos.CENTER_LEFT);
        header.setMinHeight(Region.USE_PREF_SIZE);
        scroll.setId("unitsScroll");
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setStyle("-fx-background-color: transparent; -fx-padding: 0;");
        scroll.setMinHeight(0);
        getChildren().addAll(header, scroll);
        setPadding(new Insets(6, 0, 0, 0));
        setMinHeight(0);
        showNetwork(null);
    }

    /** Shows the hidden layers of {@code architecture}, dark until {@link #show}; hides the area when it has none. */
    void showNetwork(Architecture architecture) {
        layers.clear();
        content.getChildren().clear();
        if (architecture != null && HiddenUnits.shows(architecture)) {
            int[] sizes = architecture.denseSizes();
            for (int l = 1; l + 1 < sizes.length; l++) {
                LayerView v = new LayerView(l, sizes[l], sizes[l - 1]);
                layers.add(v);
                content.getChildren().add(v.grid.box);
            }
        }
        boolean shown = !layers.isEmpty();
        setVisible(shown);
        setManaged(shown);
        show(HiddenUnits.NONE);
    }

    @Override
    public Region region() {
        return this;
    }

    @Override
    public boolean showsCells() {
        return isVisible() && !hide.isSelected();
    }

    @Override
    public int leastCell() {
        return MIN_CELL;
    }

    @Override
    public int mostCell() {
        return MAX_CELL;
    }

    @Override
    public int[] counts() {
        return layers.stream().mapToInt(v -> v.units).toArray();
    }

    @Override
    public double chrome(double width) {
        double h = snappedTopInset() + snappedBottomInset() + header.prefHeight(width);
        if (!showsCells()) {
            return h;
        }
        h += SPACING;
        for (LayerView v : layers) {
            h += v.grid.captionHeight(width);
        }
        return h;
    }

    @Override
    public void arrange(int cell, double gridWidth) {
        for (LayerView v : layers) {
            v.grid.lay(v.cells, v.units, gridWidth, cell);
            for (Rectangle r : v.cells) {
                r.setWidth(cell);
                r.setHeight(cell);
            }
        }
    }

    /** Shows {@code units} (of the network shown; {@link HiddenUnits#NONE}: every unit dark). */
    void show(HiddenUnits units) {
        for (int l = 0; l < layers.size(); l++) {
            LayerView v = layers.get(l);
            HiddenUnits.Layer layer = l < units.layers().size() ? units.layers().get(l) : null;
            if (layer != null && (layer.units() != v.units || layer.inputs() != v.inputs)) {
                layer = null; // units of another network, read before this one was chosen
            }
            v.shown = layer;
            while (v.cells.size() < v.units) {
                v.cells.add(cell(v, v.cells.size()));
                v.grid.changed();
            }
            int on = 0;
            for (int j = 0; j < v.units; j++) {
                float a = layer == null ? 0 : layer.activations()[j];
                on += a > 0 ? 1 : 0;
                v.cells.get(j).setFill(colour(layer == null ? OFF : SignedTiles.colour(a, layer.largest())));
            }
            v.grid.caption.setText("hidden layer " + v.number + ": " + v.units + " units (" + v.weightName + ": "
                    + v.inputs + " inputs each)" + (layer == null || layer.largest() == 0 ? ""
                            : " · " + on + " on · colour 0 to " + FeatureMaps.number(layer.largest()))
                    // the hint in a caption, which wraps, rather than the header, which must not
                    + (v.number == 1 ? " · hover a unit: what it looks for, what it pushes" : ""));
        }
    }

    /** How many units of hidden layer {@code number} (1, 2 …) are on now (activation &gt; 0). */
    int unitsOn(int number) {
        HiddenUnits.Layer layer = layers.get(number - 1).shown;
        int on = 0;
        for (int j = 0; layer != null && j < layer.units(); j++) {
            on += layer.activations()[j] > 0 ? 1 : 0;
        }
        return on;
    }

    private static Color colour(int argb) {
        return Color.rgb((argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff);
    }

    /** Unit {@code j} of layer {@code v}'s cell, with what it looks for and pushes on hover. */
    private Rectangle cell(LayerView v, int j) {
        Rectangle r = new Rectangle(MIN_CELL, MIN_CELL, colour(OFF));
        r.setId("unit-" + v.number + "-" + j);
        Label title = new Label();
        title.setStyle("-fx-font-weight: bold; -fx-text-fill: white;");
        Label looks = new Label();
        looks.setStyle("-fx-text-fill: white;");
        ImageView tile = new ImageView();
        tile.setId("unitTile");
        Label pushes = new Label();
        pushes.setStyle("-fx-text-fill: white;");
        Label numbers = new Label();
        numbers.setId("unitPush");
        numbers.setStyle("-fx-text-fill: white; -fx-font-family: monospace;");
        // lines broken by hand: a wrapping label makes the tooltip's window as tall as the screen
        Tooltip tip = new Tooltip();
        tip.setGraphic(new VBox(4, title, looks, tile, pushes, numbers));
        tip.setShowDelay(Duration.millis(150));
        tip.setShowDuration(Duration.seconds(30));
        tip.setOnShowing(e -> describe(v, j, title, looks, tile, pushes, numbers));
        Tooltip.install(r, tip);
        return r;
    }

    private void describe(LayerView v, int j, Label title, Label looks, ImageView tile, Label pushes, Label numbers) {
        HiddenUnits.Layer layer = v.shown;
        title.setText("hidden layer " + v.number + ", unit " + (j + 1) + " of " + v.units
                + (layer == null ? "" : " · activation " + FeatureMaps.number(layer.activations()[j])));
        if (layer == null) {
            looks.setText("Draw a digit to see what it looks for and how it pushes the scores.");
            tile.setImage(null);
            pushes.setText("");
            numbers.setText("");
            return;
        }
        double max = layer.weightLargest(j);
        String scale = ";\n±" + FeatureMaps.number(max) + " at full colour.";
        if (v.number == 1 && v.inputs == 28 * 28) {
            looks.setText("What it looks for: its " + v.inputs + " incoming weights (row " + (j + 1) + " of "
                    + v.weightName + ") as 28×28.\nRed: ink there turns it on, blue: turns it off" + scale);
            tile.setImage(SignedTiles.tile(layer.weights(), j * v.inputs, 28, 28, max, TILE_SCALE));
        } else {
            // the previous layer's units, laid as its grid above, so a weight sits where its unit does
            int columns = Math.max(1, number(v.number - 1).grid.columns());
            int rows = (v.inputs + columns - 1) / columns;
            float[] laid = new float[columns * rows];
            System.arraycopy(layer.weights(), j * v.inputs, laid, 0, v.inputs);
            looks.setText("What it looks for: its " + v.inputs + " weights (row " + (j + 1) + " of " + v.weightName
                    + ") over the units of hidden layer " + (v.number - 1) + ",\nlaid out as that grid. Red: that unit"
                    + " on turns it on, blue: turns it off" + scale);
            tile.setImage(SignedTiles.tile(laid, 0, columns, rows, max, Math.max(TILE_SCALE, 120 / columns)));
        }
        boolean last = v.number == layers.size();
        pushes.setText("Its push on each digit's score = activation × ∂score/∂unit\n"
                + (last ? "(= activation × " + Parameters.weightName(v.number) + "[digit, unit]: its exact share of"
                        + " the score)" : "(by the engine's backward pass; its share if the ReLUs after it stay as they are)")
                + (layer.activations()[j] > 0 ? ".\nIt pushes " + layer.favourite(j) + " up most." : ".\nOff for this"
                        + " drawing: it pushes nothing now."));
        numbers.setText(layer.pushText(j));
    }

    private LayerView number(int n) {
        return layers.get(n - 1);
    }
}
