package digitlab.app.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.TilePane;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import digitlab.app.graph.NodeInspector.Kind;
import digitlab.app.widgets.ColourScale;
import digitlab.app.widgets.SignedTiles;
import digitlab.engine.NumberText;
import digitlab.nn.Architecture.Shape;

@Tag("gui")
class NodeInspectorTest {

    @Test
    void theInputLeafXWithRowsOf784PixelsIsShownAsAnImage() {
        assertEquals(Kind.IMAGE, NodeInspector.kindFor("x", 1, 784));
        assertEquals(Kind.IMAGE, NodeInspector.kindFor("x", 64, 784));
        assertEquals(Kind.MATRIX, NodeInspector.kindFor("x", 1, 10), "not 784 wide");
        assertEquals(Kind.MATRIX, NodeInspector.kindFor("xs", 1, 784), "only the leaf called x");
    }

    @Test
    void aWeightMatrixOfSeveralRowsOf784IsShownAsTilesAndAnythingElseAsAMatrix() {
        assertEquals(Kind.WEIGHT_TILES, NodeInspector.kindFor("W1", 128, 784));
        assertEquals(Kind.WEIGHT_TILES, NodeInspector.kindFor("W", 2, 784));
        assertEquals(Kind.MATRIX, NodeInspector.kindFor("W1", 1, 784), "a single row");
        assertEquals(Kind.MATRIX, NodeInspector.kindFor("W2", 64, 128), "not 784 wide");
        assertEquals(Kind.MATRIX, NodeInspector.kindFor("h1", 128, 784), "not a weight");
        assertEquals(Kind.MATRIX, NodeInspector.kindFor(null, 128, 784));
    }

    /** The inspector on a headless screen. */
    @Nested
    class OnScreen {
        private final FxRobot robot = new FxRobot();
        private NodeInspector inspector;

        @BeforeEach
        void showTheInspector() throws Exception {
            FxToolkit.registerPrimaryStage();
            FxToolkit.setupSceneRoot(() -> {
                inspector = new NodeInspector();
                return new StackPane(inspector);
            });
            FxToolkit.setupStage(stage -> {
                stage.setWidth(900);
                stage.setHeight(800);
                stage.show();
            });
            WaitForAsyncUtils.waitForFxEvents();
        }

        @AfterEach
        void closeTheStage() throws Exception {
            FxToolkit.cleanupStages();
        }

        private void show(String title, FMatrixRMaj value, FMatrixRMaj gradient, Kind kind) {
            robot.interact(() -> inspector.show(title, value, gradient, kind));
        }

        /** What show(…) throws on the JavaFX thread. */
        private Throwable refusal(FMatrixRMaj value, FMatrixRMaj gradient, Kind kind) throws Exception {
            // caught on the JavaFX thread, so that WaitForAsyncUtils does not print it as a failure
            Throwable thrown = WaitForAsyncUtils.asyncFx(() -> {
                try {
                    inspector.show("bad", value, gradient, kind);
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            }).get(10, TimeUnit.SECONDS);
            if (thrown == null) {
                throw new AssertionError("show accepted a " + value.numRows + "×" + value.numCols + " " + kind);
            }
            return thrown;
        }

        private String text(String id) {
            return robot.lookup(id).queryAs(Label.class).getText();
        }

        private ImageView image(String id) {
            return robot.lookup(id).queryAs(ImageView.class);
        }

        private boolean exists(String id) {
            return robot.lookup(id).tryQuery().isPresent();
        }

        private static int argb(ImageView view, int x, int y) {
            return view.getImage().getPixelReader().getArgb(x, y);
        }

        private static FMatrixRMaj random(int rows, int cols, long seed) {
            Random random = new Random(seed);
            FMatrixRMaj m = new FMatrixRMaj(rows, cols);
            for (int i = 0; i < m.data.length; i++) {
                m.data[i] = (float) random.nextGaussian() * 0.1f;
            }
            return m;
        }

        /** The colour Heatmaps.signed gives element i of the 784 numbers of {@code row} of m, on no background. */
        private static int signedColour(FMatrixRMaj m, int row, int i) {
            float[] values = Arrays.copyOfRange(m.data, row * 784, row * 784 + 784);
            return ColourScale.signed(values[i], ColourScale.maxAbs(values), ColourScale.grey(0.1));
        }

        @Test
        void weightTilesShowEveryRowAndTheToggleSwitchesThemToGradientRows() {
            FMatrixRMaj w = random(128, 784, 1), g = random(128, 784, 2);
            show("W1", w, g, Kind.WEIGHT_TILES);
            assertEquals("W1", text("#inspectorTitle"));
            assertEquals("128×784", text("#inspectorShape"));
            TilePane tiles = robot.lookup("#tiles").queryAs(TilePane.class);
            assertEquals(128, tiles.getChildren().size());
            assertEquals(NodeInspector.TILES_PER_ROW, tiles.getPrefColumns());
            assertTrue(exists("#tile-127"));

            ImageView tile = image("#tile-17");
            assertEquals(40, tile.getFitWidth());
            assertEquals(28, tile.getImage().getWidth());
            // pixel (5, 3) of tile 17 is element 3·28 + 5 of row 17
            assertEquals(signedColour(w, 17, 89), argb(tile, 5, 3));
            Image weights = tile.getImage();
            assertEquals("unit 17: what it looks for (red: ink here raises it)", tooltip(tile).getText());

            robot.clickOn("#showGradients");
            assertTrue(robot.lookup("#showGradients").queryAs(ToggleButton.class).isSelected());
            assertNotEquals(weights, tile.getImage());
            assertEquals(signedColour(g, 17, 89), argb(tile, 5, 3));
            assertNotEquals(signedColour(w, 17, 89), argb(tile, 5, 3));
            assertEquals("unit 17: how the gradient pushes it", tooltip(tile).getText());

            robot.clickOn("#showWeights");
            assertEquals(signedColour(w, 17, 89), argb(tile, 5, 3));
        }

        private Tooltip tooltip(ImageView tile) {
            return (Tooltip) tile.getProperties().get("javafx.scene.control.Tooltip");
        }

        @Test
        void clickingTheSelectedToggleAgainLeavesItSelected() {
            show("W1", random(4, 784, 1), random(4, 784, 2), Kind.WEIGHT_TILES);
            robot.clickOn("#showWeights");
            assertTrue(robot.lookup("#showWeights").queryAs(ToggleButton.class).isSelected());
        }

        @Test
        void eachTileIsScaledToItsOwnLargestValue() {
            FMatrixRMaj w = new FMatrixRMaj(2, 784);
            Arrays.fill(w.data, 0, 784, 0.001f);
            w.data[100] = 0.002f;
            Arrays.fill(w.data, 784, 1568, 100f);
            w.data[784 + 200] = -200f;
            show("W", w, null, Kind.WEIGHT_TILES);
            int red = ColourScale.signed(1, 1, ColourScale.grey(0.1)), blue = ColourScale.signed(-1, 1, ColourScale.grey(0.1));
            assertEquals(red, argb(image("#tile-0"), 100 % 28, 100 / 28), "the tiny row still reaches full red");
            assertEquals(blue, argb(image("#tile-1"), 200 % 28, 200 / 28));
            assertEquals(ColourScale.signed(0.5, 1, ColourScale.grey(0.1)), argb(image("#tile-1"), 0, 0));
        }

        @Test
        void withoutAGradientTheGradientsToggleIsOffAndTheSectionSaysRunBackward() {
            show("W1", random(3, 784, 1), null, Kind.WEIGHT_TILES);
            assertTrue(robot.lookup("#showGradients").queryAs(ToggleButton.class).isDisabled());
            assertEquals("no gradient: run backward", text("#gradientMissing"));
            assertFalse(exists("#gradientStats"));
            assertTrue(text("#valueStats").startsWith("min −"));
        }

        @Test
        void theInspectorKeepsNoReferenceToTheMatricesItShows() {
            FMatrixRMaj w = random(3, 784, 1), g = random(3, 784, 2), originalG = g.copy();
            show("W1", w, g, Kind.WEIGHT_TILES);
            String stats = text("#valueStats");
            Arrays.fill(w.data, 0);
            Arrays.fill(g.data, 0);
            robot.clickOn("#showGradients");
            assertEquals(signedColour(originalG, 2, 89), argb(image("#tile-2"), 5, 3));
            assertEquals(stats, text("#valueStats"));
        }

        @Test
        void aOneByOneMatrixIsJustItsNumberInLargeText() {
            show("loss", new FMatrixRMaj(1, 1, true, 0.1f), new FMatrixRMaj(1, 1, true, 33f), Kind.MATRIX);
            assertEquals(NumberText.number(0.1f), text("#valueNumber"));
            assertEquals("0.1", text("#valueNumber"));
            assertEquals("33", text("#gradientNumber"));
            assertEquals("1×1", text("#inspectorShape"));
            assertFalse(exists("#valueHeatmap"));
            assertFalse(exists("#valueStats"));
        }

        @Test
        void aMatrixWithoutAGradientShowsItsHeatmapLegendAndStatsAndSaysRunBackward() {
            FMatrixRMaj m = new FMatrixRMaj(3, 4, true, -2, 1, 4, -1, 0, 0, 0, 0, 0, 0, 0, 2);
            show("z", m, null, Kind.MATRIX);
            assertEquals("no gradient: run backward", text("#gradientMissing"));
            assertEquals("min −2 · max 4 · mean 0.333 · ‖·‖ 5.1", text("#valueStats"));
            assertEquals("−4", text("#valueLegendLow"));
            assertEquals("4", text("#valueLegendHigh"));

            ImageView heatmap = image("#valueHeatmap");
            assertEquals(4, heatmap.getImage().getWidth());
            assertEquals(3, heatmap.getImage().getHeight());
            // 73 whole screen pixels an element: 220 / 3 rounded down
            assertEquals(292, heatmap.getFitWidth());
            assertEquals(219, heatmap.getFitHeight());
            assertFalse(heatmap.isSmooth());
            assertEquals(ColourScale.signed(1, 1, ColourScale.grey(0.1)), argb(heatmap, 2, 0));
            assertEquals(ColourScale.signed(-0.5, 1, ColourScale.grey(0.1)), argb(heatmap, 0, 0));
        }

        @Test
        void aLargeMatrixIsShrunkIntoTheSpaceWithSmoothingAndItsLegendGivesTheActualRange() {
            FMatrixRMaj m = random(128, 784, 3);
            for (int i = 0; i < m.data.length; i++) {
                m.data[i] = Math.max(-0.1f, Math.min(0.1f, m.data[i]));
            }
            m.data[5000] = 0.213f;
            FMatrixRMaj g = random(128, 784, 4);
            show("h", m, g, Kind.MATRIX);
            ImageView heatmap = image("#valueHeatmap");
            assertEquals(784 * 128, heatmap.getImage().getWidth() * heatmap.getImage().getHeight());
            assertEquals(340, heatmap.getFitWidth(), 1e-9);
            assertEquals(128 * 340.0 / 784, heatmap.getFitHeight(), 1e-9);
            assertTrue(heatmap.isSmooth());
            assertEquals("−0.21", text("#valueLegendLow"));
            assertEquals("0.21", text("#valueLegendHigh"));
            assertEquals(MatrixStats.of(g).describe(), text("#gradientStats"));
            assertTrue(exists("#gradientHeatmap"));
        }

        @Test
        void anImageShowsItsFirstRowInGreyAndTheGradientAsASignedHeatmapOverIt() {
            FMatrixRMaj x = new FMatrixRMaj(2, 784), g = new FMatrixRMaj(2, 784);
            x.data[5 * 28 + 10] = 1;
            x.data[784 + 20 * 28 + 20] = 1;
            g.data[5 * 28 + 10] = 1;
            g.data[3 * 28 + 3] = -0.5f;
            show("x", x, g, Kind.IMAGE);
            ImageView picture = image("#valueImage");
            assertEquals(28, picture.getImage().getWidth());
            assertEquals(168, picture.getFitWidth());
            assertFalse(picture.isSmooth());
            assertEquals(0xFFFFFFFF, argb(picture, 10, 5));
            assertEquals(0xFF000000, argb(picture, 20, 20), "the second row is not shown");
            assertEquals("the first of 2 images", text("#imageRow"));

            ImageView heatmap = image("#gradientImage");
            assertEquals(168, heatmap.getFitHeight());
            assertEquals(ColourScale.signed(1, 1, ColourScale.grey(0.4)), argb(heatmap, 10, 5), "red over ink");
            assertEquals(ColourScale.signed(-0.5, 1, ColourScale.grey(0.1)), argb(heatmap, 3, 3), "blue over paper");
            assertEquals(MatrixStats.of(x).describe(), text("#valueStats"));
            assertEquals("min −0.5 · max 1 · mean 0.000319 · ‖·‖ 1.12", text("#gradientStats"));
        }

        @Test
        void showingAnotherNodeReplacesTheLastAndClearLeavesNothing() {
            show("W1", random(20, 784, 1), random(20, 784, 2), Kind.WEIGHT_TILES);
            show("b1", random(1, 10, 3), null, Kind.MATRIX);
            assertFalse(exists("#tiles"));
            assertFalse(exists("#tile-0"));
            assertEquals("b1", text("#inspectorTitle"));
            assertEquals("1×10", text("#inspectorShape"));
            assertTrue(exists("#valueHeatmap"));

            robot.interact(inspector::clear);
            assertEquals("", text("#inspectorTitle"));
            assertEquals("", text("#inspectorShape"));
            assertFalse(exists("#valueHeatmap"));
            assertFalse(exists("#valueStats"));
            assertFalse(exists("#gradientMissing"));
        }

        @Test
        void aGradientOfAnotherShapeOrAPictureThatIsNot784WideIsRefused() throws Exception {
            assertInstanceOf(IllegalArgumentException.class,
                    refusal(new FMatrixRMaj(2, 3), new FMatrixRMaj(3, 2), Kind.MATRIX));
            assertInstanceOf(IllegalArgumentException.class, refusal(new FMatrixRMaj(1, 10), null, Kind.IMAGE));
            assertInstanceOf(IllegalArgumentException.class, refusal(new FMatrixRMaj(4, 10), null, Kind.WEIGHT_TILES));
            assertEquals("", text("#inspectorTitle"), "nothing was shown");
        }

        @Test
        void kernelsOfThreeInputChannelsAreARowOfThreeTilesPerFilterInChannelOrder() {
            FMatrixRMaj k = new FMatrixRMaj(2, 12); // 2 filters of 3 channels of 2×2
            for (int i = 0; i < k.data.length; i++) {
                k.data[i] = i - 11.5f;
            }
            robot.interact(() -> inspector.show("K2", k, null, Kind.KERNEL_TILES, new Shape(3, 2, 2), "none yet"));
            // tile f·3 + c is filter f's input channel c
            ImageView tile = image("#valueTile-5");
            assertArrayEquals(new float[] {8.5f, 9.5f, 10.5f, 11.5f}, (float[]) tile.getUserData());
            ImageView first = image("#valueTile-3");
            assertEquals(first.getLayoutX(), image("#valueTile-0").getLayoutX(), "filter 1 starts a row of its own");
            assertTrue(first.getLayoutY() > image("#valueTile-0").getLayoutY());
            // filter 1 on its own scale: its largest |w| (11.5) at full colour
            assertEquals(SignedTiles.colour(11.5, 11.5), argb(tile, (int) tile.getImage().getWidth() - 1, (int) tile.getImage().getHeight() - 1));
            assertTrue(text("#valueCaption").contains("a row per filter (2), a tile per input channel it reads (3)"),
                    text("#valueCaption"));
            assertEquals("none yet", text("#gradientMissing"));
        }

        @Test
        void featureMapsOfABatchShowTheFirstImagesMapsOnOneScale() {
            FMatrixRMaj maps = new FMatrixRMaj(2, 2 * 3 * 3); // 2 images of 2 maps of 3×3
            maps.data[4] = 2; // image 0, map 0, centre
            maps.data[9 + 4] = -1; // image 0, map 1, centre
            maps.data[18] = 50; // image 1: not shown, and not on the scale
            robot.interact(() -> inspector.show("relu", maps, maps, Kind.FEATURE_MAPS, new Shape(2, 3, 3), "none"));
            ImageView map1 = image("#valueTile-1");
            int centre = (int) map1.getImage().getWidth() / 2;
            assertEquals(SignedTiles.colour(-1, 2), argb(map1, centre, centre), "half the colour of map 0's 2");
            assertTrue(text("#valueCaption").contains("the first of 2 images"), text("#valueCaption"));
            assertTrue(exists("#gradientTile-1"));
            assertEquals("2", text("#valueLegendHigh"));
        }

        @Test
        void aNarrowerInspectorLaysItsKernelTilesOutAgainToFit() {
            FMatrixRMaj k = random(32, 16 * 25, 4);
            robot.interact(() -> inspector.show("K2", k, k, Kind.KERNEL_TILES, new Shape(16, 5, 5), "none"));
            Pane wide = robot.lookup("#valueTiles").queryAs(Pane.class);
            assertEquals(16 * 17 - 2, wide.getPrefWidth(), 0, "16 tiles of 3 pixels per weight in 334");
            robot.interact(() -> inspector.setMaxWidth(220));
            WaitForAsyncUtils.waitForFxEvents();
            Pane narrow = robot.lookup("#valueTiles").queryAs(Pane.class);
            assertEquals(16 * 12 - 2, narrow.getPrefWidth(), 0, "2 pixels per weight fit in 220 − 16");
            assertEquals(204, inspector.getWidth() - 16, 0.5);
            assertArrayEquals(Arrays.copyOfRange(k.data, 25, 50), (float[]) image("#gradientTile-1").getUserData(),
                    "the same numbers drawn again");
        }

        @Test
        void mapsOrKernelsWithoutAShapeOrOfAnotherSizeAreRefused() throws Exception {
            for (Shape row : new Shape[] {null, new Shape(2, 2, 2)}) {
                Throwable thrown = WaitForAsyncUtils.asyncFx(() -> {
                    try {
                        inspector.show("bad", new FMatrixRMaj(1, 9), null, Kind.FEATURE_MAPS, row, "none");
                        return null;
                    } catch (RuntimeException e) {
                        return e;
                    }
                }).get(10, TimeUnit.SECONDS);
                assertInstanceOf(IllegalArgumentException.class, thrown, "row " + row);
            }
            assertEquals("", text("#inspectorTitle"), "nothing was shown");
        }
    }
}
