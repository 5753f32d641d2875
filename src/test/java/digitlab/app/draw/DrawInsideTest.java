package digitlab.app.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import javafx.application.Application;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.paint.Paint;
import javafx.scene.shape.Rectangle;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import digitlab.app.DigitLabApp;

/** Inside the network as a robot draws: the MLP's hidden units light up, a hover shows a unit, a nudge flips the answer. */
@Tag("gui")
class DrawInsideTest {
    private final FxRobot robot = new FxRobot();
    private Application app;
    private DrawView view;
    private Canvas canvas;

    @BeforeEach
    void openTheAppWithTheShippedMlp() throws Exception {
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(DigitLabApp.class);
        WaitForAsyncUtils.waitForFxEvents();
        view = robot.lookup("#drawView").queryAs(DrawView.class);
        canvas = robot.lookup("#canvas").queryAs(Canvas.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.model() != null);
        @SuppressWarnings("unchecked")
        ComboBox<ModelCatalogue.Entry> list = robot.lookup("#modelChoice").queryAs(ComboBox.class);
        robot.interact(() -> list.setValue(list.getItems().stream().filter(e -> e.label().startsWith("mnist-mlp"))
                .findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> view.model() != null && view.model().parameters().architecture().isDenseOnly());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void closeTheApp() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    private Point2D at(double x, double y) {
        return canvas.localToScreen(x * canvas.getWidth(), y * canvas.getHeight());
    }

    /** A 7 across the canvas, and the answer to it. */
    private Reading drawSeven() throws Exception {
        double[][] seven = {{0.3, 0.2}, {0.5, 0.2}, {0.72, 0.2}, {0.62, 0.45}, {0.52, 0.7}, {0.45, 0.85}};
        robot.moveTo(at(seven[0][0], seven[0][1]));
        robot.press(javafx.scene.input.MouseButton.PRIMARY);
        for (double[] p : seven) {
            robot.moveTo(at(p[0], p[1]));
        }
        robot.release(javafx.scene.input.MouseButton.PRIMARY);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            Reading r = view.lastReading();
            return r != null && !r.isBlank() && r.version() == view.drawing().version();
        });
        WaitForAsyncUtils.waitForFxEvents();
        return view.lastReading();
    }

    private HiddenUnitsPane units() {
        return robot.lookup("#hiddenUnits").queryAs(HiddenUnitsPane.class);
    }

    @Test
    void theHiddenUnitsAppearAsGridsAndLightUpWithADrawing() throws Exception {
        assertTrue(units().isVisible());
        assertFalse(robot.lookup("#featureMaps").query().isVisible());
        assertEquals(128, robot.lookup("#units-1").queryAs(GridPane.class).getChildren().size());
        assertEquals(64, robot.lookup("#units-2").queryAs(GridPane.class).getChildren().size());
        assertEquals(0, units().unitsOn(1));
        Paint[] before = new Paint[128];
        for (int j = 0; j < 128; j++) {
            before[j] = robot.lookup("#unit-1-" + j).queryAs(Rectangle.class).getFill();
        }
        Reading r = drawSeven();
        assertEquals(7, r.best());
        int on = units().unitsOn(1);
        assertTrue(on > 10 && on < 128, on + " units on");
        HiddenUnits.Layer first = r.units().layers().get(0);
        for (int j = 0; j < 128; j++) {
            boolean lit = !before[j].equals(robot.lookup("#unit-1-" + j).queryAs(Rectangle.class).getFill());
            float a = first.activations()[j];
            // a unit barely on may round to the colour of off; one on with a twentieth of the largest may not
            assertTrue(lit ? a > 0 : a < 0.05 * first.largest(), "unit " + j + " at " + a + (lit ? " lit" : " dark"));
        }
        assertTrue(robot.lookup("#unitsCaption-1").queryAs(Label.class).getText().contains(on + " on"));
    }

    @Test
    void hoveringAUnitShowsItsWeightTileAndItsPushOnEachDigit() throws Exception {
        Reading r = drawSeven();
        HiddenUnits.Layer first = r.units().layers().get(0);
        int strongest = 0;
        for (int j = 1; j < first.units(); j++) {
            strongest = first.activations()[j] > first.activations()[strongest] ? j : strongest;
        }
        Node cell = robot.lookup("#unit-1-" + strongest).query();
        Tooltip tip = (Tooltip) cell.getProperties().get("javafx.scene.control.Tooltip");
        assertNotNull(tip);
        robot.moveTo(cell);
        robot.moveBy(1, 1);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, tip::isShowing);
        WaitForAsyncUtils.waitForFxEvents();
        ImageView tile = (ImageView) tip.getGraphic().lookup("#unitTile");
        assertEquals(28 * 5, tile.getImage().getWidth());
        assertEquals(28 * 5, tile.getImage().getHeight());
        String push = ((Label) tip.getGraphic().lookup("#unitPush")).getText();
        assertEquals(first.pushText(strongest), push);
        assertTrue(push.startsWith("0 ") && push.contains("\n5 "), push);
    }

    @Test
    void withTheCnnHoveringAFeatureMapShowsItsKernelTilesOnePerInputChannel() throws Exception {
        @SuppressWarnings("unchecked")
        ComboBox<ModelCatalogue.Entry> list = robot.lookup("#modelChoice").queryAs(ComboBox.class);
        robot.interact(() -> list.setValue(list.getItems().stream().filter(e -> e.label().startsWith("mnist-cnn"))
                .findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !view.model().parameters().architecture().isDenseOnly());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(units().isVisible());
        drawSeven();
        int[][] expected = {{1, 1}, {2, 16}}; // conv 1 reads the image, conv 2 the 16 maps of conv 1
        for (int[] e : expected) {
            Node map = robot.lookup("#map-" + e[0] + "-0").query();
            Tooltip tip = (Tooltip) map.getProperties().get("javafx.scene.control.Tooltip");
            robot.moveTo(map);
            robot.moveBy(1, 1);
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, tip::isShowing);
            WaitForAsyncUtils.waitForFxEvents();
            javafx.scene.layout.Pane tiles = (javafx.scene.layout.Pane) tip.getGraphic().lookup("#kernelTiles-" + e[0] + "-0");
            assertEquals(e[1], tiles.getChildren().size());
            assertEquals(5 * 8, ((ImageView) tiles.getChildren().get(0)).getImage().getWidth());
            robot.moveTo(at(0.05, 0.95));
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !tip.isShowing());
        }
    }

    @Test
    void aNudgeTowardThreeTurnsADrawnSevenIntoAThree() throws Exception {
        assertEquals(7, drawSeven().best());
        robot.interact(() -> view.nudge(3));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.isNudging());
        WaitForAsyncUtils.waitForFxEvents();
        NudgeProgress end = view.lastNudge();
        assertTrue(end.done());
        assertFalse(end.stopped());
        assertEquals(3, end.step().best());
        assertEquals(3, view.lastReading().best());
        assertNotNull(end.flipped());
        assertTrue(end.flipped().l2() > 0);
        assertTrue(robot.lookup("#status").queryAs(Label.class).getText().contains("the answer became 3 at step "
                + end.flipped().number()));
    }

    @Test
    void theNudgeButtonStopsANudgeUnderWayAndDrawingStartsAfresh() throws Exception {
        drawSeven();
        robot.interact(() -> view.nudge(2));
        robot.clickOn("#nudge"); // now "Stop"
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !view.isNudging());
        WaitForAsyncUtils.waitForFxEvents();
        NudgeProgress end = view.lastNudge();
        assertTrue(end.stopped(), end.text());
        assertNotEquals(2, end.step().best());
        assertTrue(end.step().number() < Nudger.MAX_STEPS);
        assertTrue(robot.lookup("#status").queryAs(Label.class).getText().startsWith("Nudge toward 2 stopped at step"));
        int steps = end.step().number();
        Thread.sleep(3 * Nudger.STEP_MILLIS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(steps, view.lastNudge().step().number(), "no step after the stop");
    }
}
