package digitlab.app.graph;

import java.util.ArrayList;
import java.util.List;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;

import org.ejml.data.FMatrixRMaj;

import digitlab.app.widgets.Controls;
import digitlab.app.widgets.ColourScale;
import digitlab.app.widgets.Heatmaps;
import digitlab.app.widgets.SignedTiles;
import digitlab.engine.LocalDerivative;
import digitlab.engine.NumberText;
import digitlab.nn.Architecture.Shape;

/**
 * One node of a computation graph, shown for people: a header with the node's title and shape, then
 * its value and its gradient, each drawn as suits the {@link Kind}: a signed heatmap with a legend
 * and a line of {@link MatrixStats}, a single number in large text, a 28×28 picture, a grid of
 * 28×28 weight tiles, a grid of feature maps, or a convolution's kernels as tiles (grids laid out by
 * {@link TileLayout}). Use it on the JavaFX thread only.
 */
public final class NodeInspector extends VBox {
    /** How a node's matrix is drawn. */
    public enum Kind {
        /** A heatmap of the whole matrix, one pixel per element (or a single number when 1×1). */
        MATRIX,
        /** Rows of 784 pixels, each a 28×28 image: the first row is shown as a picture. */
        IMAGE,
        /** Rows of 784 weights, one hidden unit each: every row as a 28×28 tile. */
        WEIGHT_TILES,
        /**
         * Rows of feature maps, one image each, channel-major (C maps of H×W): the first row's maps as a grid of
         * heatmaps on one scale.
         */
        FEATURE_MAPS,
        /**
         * A convolution's kernels, one filter a row of C input channels of k×k: a tile per filter when C = 1,
         * else a row of C tiles per filter; each filter on a scale of its own.
         */
        KERNEL_TILES
    }

    /** The side of an MNIST image; IMAGE and WEIGHT_TILES need rows of SIDE² numbers. */
    static final int SIDE = 28;
    /** The widest a grid of maps or kernels is drawn, and the largest side of one map, or of one kernel. */
    static final double GRID_WIDTH = 334, MAP_SIDE = 56, KERNEL_SIDE = 40;
    /** The narrowest a grid is made, however narrow the inspector. */
    static final double MIN_GRID_WIDTH = 120;
    /** The largest a MATRIX heatmap is drawn. */
    static final double MAX_WIDTH = 340, MAX_HEIGHT = 220;
    /** The side an IMAGE is drawn at: six screen pixels per image pixel. */
    static final double IMAGE_SIDE = 168;
    /** The side of one weight tile, and how many tiles make a row of the grid. */
    static final double TILE_SIDE = 40;
    static final int TILES_PER_ROW = 8;

    private static final int PIXELS = SIDE * SIDE;
    private static final String RUN_BACKWARD = "no gradient: run backward";
    private static final double LEGEND_WIDTH = 200;

    private final Label title = new Label();
    private final Label shape = new Label();
    private final VBox body = new VBox(10);
    /** Draws the grids of maps or kernels on show again (at another width); null when none is on show. */
    private Runnable showAgain;
    /** The width the grids on show were laid out for. */
    private double gridWidth;

    /** An inspector showing nothing, as after {@link #clear()}. */
    public NodeInspector() {
        super(8);
        setId("inspector");
        setPadding(new Insets(8));
        title.setId("inspectorTitle");
        title.setStyle("-fx-font-size: 16px; -fx-font-weight: bold;");
        shape.setId("inspectorShape");
        shape.setStyle("-fx-text-fill: #555;");
        HBox header = new HBox(10, title, shape);
        header.setAlignment(Pos.BASELINE_LEFT);
        getChildren().addAll(header, body);
        clear();
        // grids are laid out for the room there is: when that changes, again
        widthProperty().addListener((o, was, is) -> {
            if (showAgain != null && Math.abs(gridWidth() - gridWidth) >= 1) {
                showAgain.run();
            }
        });
    }

    /**
     * The kind that suits a node called {@code name} holding a rows×cols matrix: IMAGE for the input
     * leaf "x" with rows of 784 pixels, WEIGHT_TILES for a weight matrix ("W…") of more than one row of
     * 784, MATRIX for anything else.
     */
    public static Kind kindFor(String name, int rows, int cols) {
        if (cols != PIXELS || name == null) {
            return Kind.MATRIX;
        }
        if (name.equals("x")) {
            return Kind.IMAGE;
        }
        return rows > 1 && name.startsWith("W") ? Kind.WEIGHT_TILES : Kind.MATRIX;
    }

    /**
     * Replaces what is shown with the node {@code title}: its {@code value} and {@code gradient} (null
     * when there is none yet; otherwise the value's shape) drawn as {@code kind}. The numbers are
     * copied into images and text here, so the matrices are neither modified nor kept.
     *
     * @throws IllegalArgumentException if the gradient's shape differs from the value's, or an IMAGE or
     *                                  WEIGHT_TILES matrix does not have 784 columns and at least one row
     */
    public void show(String title, FMatrixRMaj value, FMatrixRMaj gradient, Kind kind) {
        show(title, value, gradient, kind, RUN_BACKWARD);
    }

    /** {@link #show(String, FMatrixRMaj, FMatrixRMaj, Kind)}, saying {@code noGradient} where a null gradient would go. */
    public void show(String title, FMatrixRMaj value, FMatrixRMaj gradient, Kind kind, String noGradient) {
        show(title, value, gradient, kind, null, noGradient);
    }

    /**
     * {@link #show(String, FMatrixRMaj, FMatrixRMaj, Kind, String)} with the shape of one row as a picture
     * ({@code row}: channels × height × width; for KERNEL_TILES a filter's input channels × k × k), which
     * FEATURE_MAPS and KERNEL_TILES need and the other kinds ignore.
     *
     * Grids of maps or kernels fit the inspector's width, and are drawn again from copies of the matrices
     * when it changes.
     *
     * @throws IllegalArgumentException also if FEATURE_MAPS or KERNEL_TILES has no {@code row}, or rows of
     *                                  another size than it
     */
    public void show(String title, FMatrixRMaj value, FMatrixRMaj gradient, Kind kind, Shape row, String noGradient) {
        if (kind == Kind.FEATURE_MAPS || kind == Kind.KERNEL_TILES) {
            if (row == null || value.numCols != row.size() || value.numRows < 1) {
                throw new IllegalArgumentException(kind + " needs rows of " + (row == null ? "a known shape" : row
                        + " = " + row.size()) + ", not " + shapeOf(value));
            }
        } else if (kind != Kind.MATRIX && (value.numCols != PIXELS || value.numRows < 1)) {
            throw new IllegalArgumentException(kind + " needs rows of " + PIXELS + " pixels, not " + shapeOf(value));
        }
        if (gradient != null && (gradient.numRows != value.numRows || gradient.numCols != value.numCols)) {
            throw new IllegalArgumentException("the gradient is " + shapeOf(gradient) + " but the value is "
                    + shapeOf(value));
        }
        this.title.setText(title);
        shape.setText(shapeOf(value));
        gridWidth = gridWidth();
        showAgain = null;
        List<Node> content = switch (kind) {
            case MATRIX -> List.of(matrixSection("value", value), gradient == null
                    ? missingGradient(noGradient) : matrixSection("gradient", gradient));
            case IMAGE -> imageSections(value, gradient);
            case WEIGHT_TILES -> tileSections(value, gradient);
            case FEATURE_MAPS -> List.of(mapSection("value", value, row, gridWidth),
                    gradient == null ? missingGradient(noGradient) : mapSection("gradient", gradient, row, gridWidth));
            case KERNEL_TILES -> List.of(kernelSection("value", value, row, gridWidth),
                    gradient == null ? missingGradient(noGradient) : kernelSection("gradient", gradient, row, gridWidth));
        };
        body.getChildren().setAll(content);
        if (kind == Kind.FEATURE_MAPS || kind == Kind.KERNEL_TILES) {
            // copies: the graph may change its matrices (a walk's gradients) before the width does
            FMatrixRMaj v = value.copy(), g = gradient == null ? null : gradient.copy();
            showAgain = () -> show(title, v, g, kind, row, noGradient);
        }
    }

    /**
     * One input of the node shown, in the chain rule: what it receives is the upstream gradient (the
     * node's own) combined with the local derivative as {@code how} says. {@code text} says it in words
     * ("x: ∂(x·z)/∂x = z = 0.5; 1 × 0.5 = 0.5"); for matrices the three are drawn as heatmaps (any may be
     * null: not drawn).
     */
    record ChainRow(String text, FMatrixRMaj upstream, FMatrixRMaj local, FMatrixRMaj product, LocalDerivative.Combine how) {
        private ChainRow copied() {
            return new ChainRow(text, copyOf(upstream), copyOf(local), copyOf(product), how);
        }

        private static FMatrixRMaj copyOf(FMatrixRMaj m) {
            return m == null ? null : m.copy();
        }
    }

    /** The side of each small heatmap of a chain row. */
    static final double CHAIN_SIDE = 96;

    /**
     * Adds under what {@link #show} shows a "chain rule" section, a row per input: its words, and for
     * matrices the upstream gradient, the local derivative and the product as small heatmaps in the order
     * the product is taken, joined by what combines them ("⊙" element by element, "·" a matrix product). A
     * local derivative of one number everywhere is said in words, not drawn: a flat square would say
     * nothing. The matrices are copied: neither modified nor kept as given. Shown again with the grids when
     * the width changes.
     */
    public void showChain(String heading, List<ChainRow> rows) {
        List<ChainRow> kept = rows.stream().map(ChainRow::copied).toList();
        VBox list = new VBox(8);
        for (int i = 0; i < kept.size(); i++) {
            ChainRow r = kept.get(i);
            Label text = new Label(r.text());
            text.setWrapText(true);
            text.setStyle("-fx-font-family: monospace; -fx-font-size: 12px;");
            list.getChildren().add(text);
            if (r.upstream() != null && r.local() != null && r.product() != null
                    && (r.local().getNumElements() > 1 || r.product().getNumElements() > 1)) {
                list.getChildren().add(chainMaps(i, r));
            }
        }
        VBox section = section(heading, list);
        section.setId("chainSection");
        body.getChildren().add(section);
        if (showAgain != null) {
            // the grids are drawn again at another width: the chain rule goes back under them
            Runnable grids = showAgain;
            showAgain = () -> {
                grids.run();
                showChain(heading, kept);
            };
        }
    }

    /** The three small maps of chain row {@code i}, with how they combine in words under them. */
    private static VBox chainMaps(int i, ChainRow r) {
        Node up = smallMap("chainUpstream-" + i, "upstream gradient", r.upstream());
        boolean product = r.how() == LocalDerivative.Combine.G_TIMES_L || r.how() == LocalDerivative.Combine.L_TIMES_G
                || r.how() == LocalDerivative.Combine.G_TRANSPOSED_TIMES_L;
        // a matrix product's local derivative is another operand, used whole: a heatmap would read as slopes
        Node local = constant(r.local()) ? flat("chainLocal-" + i, r.local())
                : product ? operand("chainLocal-" + i, r.text(), r.local())
                : smallMap("chainLocal-" + i, "local derivative", r.local());
        Node result = smallMap("chainProduct-" + i, r.how() == LocalDerivative.Combine.ROWS_SUMMED ? "product, rows summed"
                : "product", r.product());
        LocalDerivative.Combine how = r.how() == null ? LocalDerivative.Combine.TIMES : r.how();
        HBox maps = switch (how) {
            case L_TIMES_G -> new HBox(6, local, operator("·"), up, operator("="), result);
            case G_TRANSPOSED_TIMES_L -> new HBox(6, up, operator("ᵀ·"), local, operator("="), result);
            case G_TIMES_L -> new HBox(6, up, operator("·"), local, operator("="), result);
            default -> new HBox(6, up, operator("⊙"), local, operator("="), result);
        };
        maps.setAlignment(Pos.CENTER_LEFT);
        maps.getStyleClass().add("chain-maps");
        maps.setId("chainMaps-" + i);
        Label words = new Label(switch (how) {
            case G_TIMES_L -> "a matrix product: the local derivative is a matrix of weights, not a slope per entry";
            case L_TIMES_G -> "a matrix product, the local derivative on the left: each weight gets the inputs it met";
            case G_TRANSPOSED_TIMES_L -> "a matrix product with the upstream gradient transposed: each weight gets the"
                    + " inputs it met, times the gradient of the unit it feeds";
            case ROWS_SUMMED -> "entry by entry, then each column summed over the rows (one bias, many rows)";
            default -> "entry by entry: each entry's slope times the gradient arriving there";
        });
        words.setWrapText(true);
        words.setId("chainHow-" + i);
        words.setStyle("-fx-font-size: 10px; -fx-text-fill: #555;");
        return new VBox(2, maps, words);
    }

    private static Label operator(String text) {
        Label l = new Label(text);
        l.setStyle("-fx-font-size: 16px;");
        return l;
    }

    private static boolean constant(FMatrixRMaj m) {
        for (int k = 1; k < m.getNumElements(); k++) {
            if (m.data[k] != m.data[0]) {
                return false;
            }
        }
        return m.getNumElements() > 1;
    }

    /** A local derivative that is one number everywhere, in words ("1 everywhere, 1×128"). */
    private static Label flat(String id, FMatrixRMaj m) {
        Label l = new Label("local derivative\n" + NumberText.number(m.data[0]) + " everywhere\n" + m.numRows + "×" + m.numCols);
        l.setId(id);
        l.setStyle("-fx-font-size: 11px; -fx-text-fill: #333; -fx-border-color: #adb5bd; -fx-padding: 4;");
        return l;
    }

    /**
     * A matrix product's local derivative in words: the operand it is ("= W1"), its shape, and that it is
     * used whole, as a matrix.
     */
    private static Label operand(String id, String text, FMatrixRMaj m) {
        int eq = text.indexOf(" = "), end = text.indexOf(';', Math.max(eq, 0));
        String what = eq < 0 ? "" : text.substring(eq + 3, end < 0 ? text.length() : end);
        Label l = new Label("local derivative\n= " + what + "\n" + m.numRows + "×" + m.numCols + ", used whole");
        l.setId(id);
        l.setWrapText(true);
        l.setMaxWidth(CHAIN_SIDE + 20);
        l.setStyle("-fx-font-size: 11px; -fx-text-fill: #333; -fx-border-color: #adb5bd; -fx-padding: 4;");
        return l;
    }

    /**
     * The width a single row of n numbers is drawn at: the smallest divisor of n at least √n (28 for 784,
     * 16 for 128), so the row is a near-square block read line by line, and the same entry sits at the same
     * place in each map of a chain row. n when n has no such divisor below n (a prime).
     */
    static int wrapWidth(int n) {
        for (int w = (int) Math.ceil(Math.sqrt(n)); w < n; w++) {
            if (n % w == 0) {
                return w;
            }
        }
        return n;
    }

    /**
     * A signed heatmap of {@code m} at most CHAIN_SIDE on its longer side, captioned with its shape; a single
     * row is drawn wrapped ({@link #wrapWidth}), which the caption says.
     */
    private static VBox smallMap(String id, String caption, FMatrixRMaj m) {
        int cols = m.numRows == 1 ? wrapWidth(m.numCols) : m.numCols, rows = m.getNumElements() / cols;
        ImageView view = new ImageView(Heatmaps.signed(copy(m.data, 0, m.getNumElements()), null, cols, rows));
        double scale = Math.min(CHAIN_SIDE / cols, CHAIN_SIDE / rows);
        // a single row or column stays visible: at least 4 pixels thick
        view.setFitWidth(Math.max(4, cols * scale));
        view.setFitHeight(Math.max(4, rows * scale));
        view.setSmooth(scale < 1);
        Label l = new Label(caption + "\n" + m.numRows + "×" + m.numCols + (cols != m.numCols ? "\n" + cols + " a line" : ""));
        l.setId(id + "Caption");
        l.setStyle("-fx-font-size: 10px; -fx-text-fill: #555;");
        VBox box = new VBox(2, Controls.framed(view, null), l);
        box.setId(id);
        box.setAlignment(Pos.TOP_CENTER);
        return box;
    }

    /** Shows nothing: no title, no shape, only a hint. */
    public void clear() {
        showAgain = null;
        title.setText("");
        shape.setText("");
        Label hint = new Label("Pick a node of the graph to see its value and gradient");
        hint.setId("inspectorHint");
        hint.setStyle("-fx-text-fill: #777;");
        hint.setWrapText(true);
        body.getChildren().setAll(hint);
    }

    /** The width a grid may take: the inspector's inside, between MIN_GRID_WIDTH and GRID_WIDTH (GRID_WIDTH before any layout). */
    private double gridWidth() {
        double inside = getWidth() - getPadding().getLeft() - getPadding().getRight();
        return getWidth() > 0 ? Math.max(MIN_GRID_WIDTH, Math.min(GRID_WIDTH, inside)) : GRID_WIDTH;
    }

    private static String shapeOf(FMatrixRMaj m) {
        return m.numRows + "×" + m.numCols;
    }

    // ---------------------------------------------------------------- sections

    private static VBox section(String name, Node... content) {
        Label heading = new Label(name);
        heading.setStyle("-fx-font-weight: bold;");
        VBox box = new VBox(4, heading);
        box.getChildren().addAll(content);
        box.setId(name + "Section");
        return box;
    }

    private static VBox missingGradient(String why) {
        Label none = new Label(why);
        none.setWrapText(true);
        none.setId("gradientMissing");
        none.setStyle("-fx-text-fill: #777;");
        return section("gradient", none);
    }

    private static Label stats(String section, FMatrixRMaj m) {
        Label line = new Label(MatrixStats.of(m).describe());
        line.setId(section + "Stats");
        line.setWrapText(true);
        line.setStyle("-fx-font-family: monospace; -fx-font-size: 11px;");
        return line;
    }

    private static VBox matrixSection(String name, FMatrixRMaj m) {
        if (m.numRows == 1 && m.numCols == 1) {
            Label number = new Label(NumberText.number(m.data[0]));
            number.setId(name + "Number");
            number.setStyle("-fx-font-size: 28px;");
            return section(name, number);
        }
        if (m.getNumElements() == 0) {
            // nothing to draw, and an image cannot have a side of zero
            return section(name, stats(name, m));
        }
        float[] values = copy(m.data, 0, m.getNumElements());
        ImageView heatmap = new ImageView(Heatmaps.signed(values, null, m.numCols, m.numRows));
        heatmap.setId(name + "Heatmap");
        fit(heatmap, m.numCols, m.numRows);
        return section(name, Controls.framed(heatmap, null), legend(name, values), stats(name, m));
    }

    /**
     * Sizes {@code view} of a width×height image to fit in MAX_WIDTH×MAX_HEIGHT keeping its aspect
     * ratio (modifies the view's fit size and smoothing).
     */
    private static void fit(ImageView view, int width, int height) {
        double scale = Math.min(MAX_WIDTH / width, MAX_HEIGHT / height);
        if (scale >= 1) {
            // whole screen pixels per element, so that every element is drawn the same size
            scale = Math.floor(scale);
        }
        view.setFitWidth(width * scale);
        view.setFitHeight(height * scale);
        view.setPreserveRatio(true);
        // sharp squares when enlarging; when shrinking, smoothing lets neighbours blend rather than vanish
        view.setSmooth(scale < 1);
    }

    /** The colour scale with its ends labelled by the actual largest |v| of {@code values}. */
    private static VBox legend(String section, float[] values) {
        double max = ColourScale.maxAbs(values);
        ImageView scale = new ImageView(Heatmaps.signedLegend((int) LEGEND_WIDTH, 10));
        Label low = legendLabel(MatrixStats.number(-max, 2), section + "LegendLow");
        Label zero = legendLabel("0", null);
        Label high = legendLabel(MatrixStats.number(max, 2), section + "LegendHigh");
        BorderPane ends = new BorderPane(zero, null, high, null, low);
        ends.setMaxWidth(LEGEND_WIDTH);
        ends.setPrefWidth(LEGEND_WIDTH);
        return new VBox(1, scale, ends);
    }

    private static Label legendLabel(String text, String id) {
        Label l = new Label(text);
        l.setId(id);
        l.setStyle("-fx-font-size: 10px; -fx-text-fill: #555;");
        return l;
    }

    private static List<Node> imageSections(FMatrixRMaj value, FMatrixRMaj gradient) {
        float[] image = copy(value.data, 0, PIXELS);
        ImageView picture = enlarged(Heatmaps.ink(image, SIDE, SIDE), "valueImage");
        List<Node> shown = new ArrayList<>(List.of(Controls.framed(picture, null)));
        if (value.numRows > 1) {
            Label which = new Label("the first of " + value.numRows + " images");
            which.setId("imageRow");
            shown.add(which);
        }
        shown.add(stats("value", value));
        VBox valueSection = section("value", shown.toArray(Node[]::new));
        if (gradient == null) {
            return List.of(valueSection, missingGradient(RUN_BACKWARD));
        }
        float[] push = copy(gradient.data, 0, PIXELS);
        ImageView heatmap = enlarged(Heatmaps.signed(push, image, SIDE, SIDE), "gradientImage");
        return List.of(valueSection, section("gradient", Controls.framed(heatmap, null), legend("gradient", push),
                stats("gradient", gradient)));
    }

    private static ImageView enlarged(Image image, String id) {
        ImageView view = new ImageView(image);
        view.setId(id);
        view.setFitWidth(IMAGE_SIDE);
        view.setFitHeight(IMAGE_SIDE);
        view.setSmooth(false);
        return view;
    }

    private static List<Node> tileSections(FMatrixRMaj value, FMatrixRMaj gradient) {
        int units = value.numRows;
        Image[] weights = tiles(value), pushes = gradient == null ? null : tiles(gradient);
        TilePane grid = new TilePane(2, 2);
        grid.setId("tiles");
        grid.setPrefColumns(TILES_PER_ROW);
        grid.setPrefTileWidth(TILE_SIDE);
        grid.setPrefTileHeight(TILE_SIDE);
        // keep 8 to a row (the inspector's width) whatever the width the scroll pane offers
        grid.setMaxWidth(Region.USE_PREF_SIZE);
        grid.setMinWidth(Region.USE_PREF_SIZE);
        ImageView[] views = new ImageView[units];
        Tooltip[] tips = new Tooltip[units];
        for (int u = 0; u < units; u++) {
            views[u] = new ImageView(weights[u]);
            views[u].setId("tile-" + u);
            views[u].setFitWidth(TILE_SIDE);
            views[u].setFitHeight(TILE_SIDE);
            views[u].setSmooth(false);
            tips[u] = new Tooltip(weightTip(u));
            Tooltip.install(views[u], tips[u]);
            grid.getChildren().add(views[u]);
        }

        ToggleGroup which = new ToggleGroup();
        ToggleButton showWeights = new ToggleButton("weights"), showGradients = new ToggleButton("gradients");
        showWeights.setId("showWeights");
        showGradients.setId("showGradients");
        showWeights.setToggleGroup(which);
        showGradients.setToggleGroup(which);
        showWeights.setSelected(true);
        showGradients.setDisable(pushes == null);
        if (pushes == null) {
            showGradients.setTooltip(new Tooltip("no gradient: run backward"));
        }
        which.selectedToggleProperty().addListener((o, was, is) -> {
            if (is == null) {
                // clicking the selected button again would leave neither: keep it selected
                which.selectToggle(was);
                return;
            }
            boolean gradients = is == showGradients;
            for (int u = 0; u < units; u++) {
                views[u].setImage(gradients ? pushes[u] : weights[u]);
                tips[u].setText(gradients ? gradientTip(u) : weightTip(u));
            }
        });
        HBox toggles = new HBox(0, showWeights, showGradients);

        ScrollPane scroll = new ScrollPane(grid);
        scroll.setId("tilesScroll");
        scroll.setPrefViewportHeight(Math.min(8, (units + TILES_PER_ROW - 1) / TILES_PER_ROW) * (TILE_SIDE + 2));
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);

        VBox valueSection = section("value", stats("value", value));
        VBox gradientSection = gradient == null ? missingGradient(RUN_BACKWARD) : section("gradient", stats("gradient", gradient));
        return List.of(toggles, scroll, valueSection, gradientSection);
    }

    /** Each row of {@code m} (784 wide) as a 28×28 signed heatmap scaled to that row's own largest |v|. */
    private static Image[] tiles(FMatrixRMaj m) {
        Image[] tiles = new Image[m.numRows];
        for (int r = 0; r < m.numRows; r++) {
            tiles[r] = Heatmaps.signed(copy(m.data, r * PIXELS, PIXELS), null, SIDE, SIDE);
        }
        return tiles;
    }

    // ---------------------------------------------------------------- maps and kernels

    /**
     * The first row of {@code m} as its C feature maps of H×W (shape {@code row}), a grid of heatmaps all on
     * the scale of the largest |v| among them, with that scale's legend and the whole matrix's statistics.
     */
    private static VBox mapSection(String name, FMatrixRMaj m, Shape row, double width) {
        int maps = row.channels(), side = row.height() * row.width();
        TileLayout layout = TileLayout.wrapped(maps, row.width(), row.height(), width, MAP_SIDE);
        float[] first = copy(m.data, 0, row.size());
        double max = ColourScale.maxAbs(first);
        Pane grid = grid(name, layout);
        for (int c = 0; c < maps; c++) {
            grid.getChildren().add(tile(name, c, first, c * side, layout, max,
                    "map " + c + " (channel " + c + " of " + maps + ")"));
        }
        String of = maps + (maps == 1 ? " map" : " maps") + " of " + row.height() + "×" + row.width()
                + (m.numRows > 1 ? ", the first of " + m.numRows + " images" : "") + "; all on one scale";
        return section(name, caption(name, of), grid, legend(name, first), stats(name, m));
    }

    /**
     * Each row of {@code m}, a filter of C input channels of k×k (shape {@code row}), as tiles: a tile per filter
     * when C = 1, else a row of C tiles (one per input channel) per filter; each filter scaled to its own
     * largest |v|, as the weight tiles are.
     */
    private static VBox kernelSection(String name, FMatrixRMaj m, Shape row, double width) {
        int filters = m.numRows, channels = row.channels(), k = row.height(), side = k * row.width();
        TileLayout layout = channels == 1
                ? TileLayout.wrapped(filters, row.width(), k, width, KERNEL_SIDE)
                : TileLayout.rows(filters * channels, channels, row.width(), k, width, KERNEL_SIDE);
        Pane grid = grid(name, layout);
        for (int f = 0; f < filters; f++) {
            double max = SignedTiles.maxAbs(m.data, f * row.size(), row.size());
            for (int c = 0; c < channels; c++) {
                int i = f * channels + c;
                grid.getChildren().add(tile(name, i, m.data, i * side, layout, max, channels == 1 ? "filter " + f
                        : "filter " + f + ", input channel " + c));
            }
        }
        String of = channels == 1
                ? filters + (filters == 1 ? " filter" : " filters") + " of " + k + "×" + row.width()
                        + ", each on its own scale"
                : "a row per filter (" + filters + "), a tile per input channel it reads (" + channels + ") of " + k
                        + "×" + row.width() + "; each filter on its own scale";
        return section(name, caption(name, of), grid, stats(name, m));
    }

    /** A pane as large as {@code layout}'s grid. */
    private static Pane grid(String name, TileLayout layout) {
        Pane grid = new Pane();
        grid.setId(name + "Tiles");
        grid.setPrefSize(layout.totalWidth(), layout.totalHeight());
        // no minimum: a narrower inspector is let narrow, and then lays the grid out again to fit
        grid.setMinSize(0, Region.USE_PREF_SIZE);
        grid.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        return grid;
    }

    /**
     * Tile {@code i} of {@code layout}: the numbers of {@code data} from {@code from}, on a scale of {@code max};
     * they are kept (copied) as the view's user data, so that what a tile shows can be checked.
     */
    private static ImageView tile(String name, int i, float[] data, int from, TileLayout layout, double max, String tip) {
        int length = layout.width() * layout.height();
        ImageView view = new ImageView(SignedTiles.tile(data, from, layout.width(), layout.height(), max, layout.scale()));
        view.setId(name + "Tile-" + i);
        view.setUserData(copy(data, from, length));
        view.setLayoutX(layout.x(i));
        view.setLayoutY(layout.y(i));
        Tooltip.install(view, new Tooltip(tip + " (largest |v| " + MatrixStats.number(max, 3) + ")"));
        return view;
    }

    private static Label caption(String name, String text) {
        Label l = new Label(text);
        l.setId(name + "Caption");
        l.setWrapText(true);
        l.setStyle("-fx-text-fill: #555; -fx-font-size: 11px;");
        return l;
    }

    private static String weightTip(int unit) {
        return "unit " + unit + ": what it looks for (red: ink here raises it)";
    }

    private static String gradientTip(int unit) {
        return "unit " + unit + ": how the gradient pushes it";
    }

    private static float[] copy(float[] data, int from, int length) {
        float[] out = new float[length];
        System.arraycopy(data, from, out, 0, length);
        return out;
    }

}
