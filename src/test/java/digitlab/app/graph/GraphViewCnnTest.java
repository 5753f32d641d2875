package digitlab.app.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import digitlab.app.shared.AppState;
import digitlab.app.widgets.SignedTiles;
import digitlab.engine.Tensor;
import digitlab.model.Model;
import digitlab.model.Provenance;
import digitlab.nn.Architecture;
import digitlab.nn.Parameters;

/** A small CNN on a drawing in the Graph view: conv and pool nodes, kernels as tiles, feature maps, their gradients. */
@Tag("gui")
class GraphViewCnnTest {
    private static final String SPEC = "conv3x4,pool2,dense10";
    private final FxRobot robot = new FxRobot();
    private GraphView view;

    /** A ring of ink, so that the feature maps and gradients are not all zero. */
    static float[] ring() {
        float[] ring = new float[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double r = Math.hypot(x - 13.5, (y - 13.5) * 0.8);
                ring[y * 28 + x] = (float) Math.exp(-Math.pow((r - 7) / 1.5, 2));
            }
        }
        return ring;
    }

    /** An app state whose last drawing was read by a fresh CNN of {@code spec}. */
    static AppState drawnWith(String spec) {
        AppState state = new AppState();
        Parameters p = Parameters.initial(Architecture.parse(spec, new Architecture.Shape(1, 28, 28), 10), 1);
        float[] probabilities = new float[10];
        probabilities[0] = 1;
        state.lastDrawing.set(new AppState.DrawnDigit(new Model("small cnn", p, Provenance.unknown()), ring(),
                probabilities, 0));
        return state;
    }

    @BeforeEach
    void showTheCnnOnTheDrawing() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        AppState state = drawnWith(SPEC);
        robot.interact(() -> {
            view = new GraphView(state);
            stage.setScene(new Scene(view, 1224, 740));
            stage.sizeToScene();
            stage.show();
        });
        robot.interact(() -> robot.lookup("#drawSource").queryAs(RadioButton.class).setSelected(true));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.shown() != null && view.shown().description().contains("small cnn"));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(view::fit);
    }

    @AfterEach
    void closeTheView() {
        robot.interact(view::close);
    }

    private Tensor op(String op) {
        return view.shown().nodes().stream().filter(t -> t.op().equals(op)).findFirst().orElseThrow();
    }

    private Tensor leaf(String name) {
        return view.shown().nodes().stream().filter(t -> name.equals(t.name())).findFirst().orElseThrow();
    }

    private String text(String id) {
        return robot.lookup("#" + id).queryAs(Label.class).getText();
    }

    private List<ImageView> tiles(String section) {
        return robot.lookup("#" + section + "Tiles").lookup((Node n) -> n instanceof ImageView).queryAllAs(ImageView.class)
                .stream().sorted((a, b) -> Integer.compare(index(a), index(b))).toList();
    }

    private static int index(ImageView v) {
        return Integer.parseInt(v.getId().substring(v.getId().indexOf('-') + 1));
    }

    private static float[] row(FMatrixRMaj m, int r) {
        return Arrays.copyOfRange(m.data, r * m.numCols, (r + 1) * m.numCols);
    }

    @Test
    void theGraphShowsTheConvolutionAndThePoolingWithTheirMaps() {
        Tensor conv = op("conv2d"), pool = op("maxpool");
        assertEquals("conv2d 3×3, 4 filters, same", GraphGeometry.lines(conv).get(0));
        assertEquals("4 maps 28×28", text("picture-" + conv.id()));
        assertEquals("4 maps 28×28", text("picture-" + op("relu").id()), "the ReLU after the convolution too");
        assertEquals("4 maps 14×14", text("picture-" + pool.id()));
        assertEquals("4 filters 1×3×3", text("picture-" + leaf("K1").id()));
        assertTrue(robot.lookup("#picture-" + leaf("W2").id()).tryQuery().isEmpty(), "W2 is a plain matrix");
    }

    @Test
    void clickingK1ShowsItsFourFiltersAsThreeByThreeTilesAndTheirGradients() {
        Tensor k1 = leaf("K1");
        robot.clickOn(view.picture().boxOf(k1));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("K1 (leaf)", text("inspectorTitle"));
        List<ImageView> values = tiles("value");
        assertEquals(4, values.size());
        for (int f = 0; f < 4; f++) {
            ImageView tile = values.get(f);
            assertEquals(39, tile.getImage().getWidth(), "3 weights of 13 screen pixels");
            assertEquals(39, tile.getImage().getHeight());
            assertArrayEquals(row(k1.value(), f), (float[]) tile.getUserData(), "filter " + f);
        }
        // each filter on its own scale: its largest weight at full colour
        float[] first = row(k1.value(), 0);
        double max = SignedTiles.maxAbs(first, 0, 9);
        assertEquals(SignedTiles.colour(first[4], max), values.get(0).getImage().getPixelReader().getArgb(13, 13));
        assertEquals(SignedTiles.colour(first[4], max), values.get(0).getImage().getPixelReader().getArgb(25, 25));
        assertEquals(SignedTiles.colour(first[5], max), values.get(0).getImage().getPixelReader().getArgb(26, 25));
        List<ImageView> gradients = tiles("gradient");
        assertEquals(4, gradients.size());
        for (int f = 0; f < 4; f++) {
            assertArrayEquals(row(k1.grad(), f), (float[]) gradients.get(f).getUserData(), "gradient of filter " + f);
        }
        assertTrue(SignedTiles.maxAbs(k1.grad().data, 0, 36) > 0, "the drawing's score moves the kernels");
    }

    @Test
    void steppingBackwardThroughTheCnnFillsK1sGradientTilesAtTheEnd() {
        Tensor k1 = leaf("K1");
        robot.interact(() -> view.inspect(k1));
        int nodes = view.shown().nodes().size();
        robot.interact(view::stepWalk); // starts: only the output has a gradient
        assertEquals(0, SignedTiles.maxAbs((float[]) tiles("gradient").get(0).getUserData(), 0, 9), "K1 has none yet");
        for (int i = 0; i <= nodes && !text("walkStatus").contains("Done"); i++) {
            robot.interact(view::stepWalk);
        }
        assertTrue(text("walkStatus").contains("Done"), text("walkStatus"));
        List<ImageView> gradients = tiles("gradient");
        for (int f = 0; f < 4; f++) {
            assertArrayEquals(row(k1.grad(), f), (float[]) gradients.get(f).getUserData(), "gradient of filter " + f);
        }
        assertTrue(SignedTiles.maxAbs(k1.grad().data, 0, 36) > 0);
    }

    @Test
    void theConvolutionsOutputShowsFourMapsOf28By28WithTheirGradients() {
        Tensor relu = op("relu");
        robot.clickOn(view.picture().boxOf(relu));
        WaitForAsyncUtils.waitForFxEvents();
        List<ImageView> maps = tiles("value");
        assertEquals(4, maps.size());
        for (int c = 0; c < 4; c++) {
            assertEquals(56, maps.get(c).getImage().getWidth(), "28 pixels of two screen pixels each");
            assertArrayEquals(Arrays.copyOfRange(relu.value().data, c * 784, (c + 1) * 784), (float[]) maps.get(c).getUserData());
        }
        assertTrue(text("valueCaption").startsWith("4 maps of 28×28"), text("valueCaption"));
        List<ImageView> gradients = tiles("gradient");
        assertEquals(4, gradients.size());
        assertArrayEquals(Arrays.copyOfRange(relu.grad().data, 3 * 784, 4 * 784), (float[]) gradients.get(3).getUserData());
        robot.interact(() -> view.inspect(op("maxpool")));
        assertEquals(56, tiles("value").get(0).getImage().getWidth(), "14 pixels of four screen pixels each");
        assertNotNull(robot.lookup("#gradientTiles").tryQuery().orElse(null));
    }
}
