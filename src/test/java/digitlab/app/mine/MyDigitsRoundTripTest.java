package digitlab.app.mine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javafx.application.Application;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.MouseButton;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import digitlab.app.DigitLabApp;
import digitlab.app.draw.DrawView;
import digitlab.app.widgets.TrainingCharts;
import digitlab.data.MyDigits;
import digitlab.model.ModelFile;
import digitlab.nn.TrainingListener;

/** A robot draws a 4, keeps it with "It's a 4", and relabels and deletes it in the My digits window, headless. */
@Tag("gui")
class MyDigitsRoundTripTest {
    private final FxRobot robot = new FxRobot();
    @TempDir
    Path folder;
    private Application app;
    private DrawView view;
    private Canvas canvas;

    @BeforeEach
    void openTheAppOnAnEmptyFolder() throws Exception {
        System.setProperty(MyDigits.FOLDER_PROPERTY, folder.toString());
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(DigitLabApp.class);
        WaitForAsyncUtils.waitForFxEvents();
        view = robot.lookup("#drawView").queryAs(DrawView.class);
        canvas = robot.lookup("#canvas").queryAs(Canvas.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.model() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void closeTheApp() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        System.clearProperty(MyDigits.FOLDER_PROPERTY);
    }

    private Point2D at(double x, double y) {
        return canvas.localToScreen(x * canvas.getWidth(), y * canvas.getHeight());
    }

    private void stroke(double[]... points) {
        robot.moveTo(at(points[0][0], points[0][1]));
        robot.press(MouseButton.PRIMARY);
        for (int i = 1; i < points.length; i++) {
            robot.moveTo(at(points[i][0], points[i][1]));
        }
        robot.release(MouseButton.PRIMARY);
    }

    /** A 4 in two strokes: down and across, then the long upright. */
    private void drawFour() throws Exception {
        stroke(new double[] {0.35, 0.2}, new double[] {0.3, 0.4}, new double[] {0.27, 0.55}, new double[] {0.5, 0.55},
                new double[] {0.72, 0.55});
        stroke(new double[] {0.6, 0.2}, new double[] {0.6, 0.5}, new double[] {0.6, 0.8});
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.lastReading() != null && !view.lastReading().isBlank()
                && view.lastReading().version() == view.drawing().version());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String keepStatus() {
        return robot.lookup("#keepStatus").queryAs(Label.class).getText();
    }

    @SuppressWarnings("unchecked")
    private void choose(String id, int digit) {
        ChoiceBox<Integer> box = robot.lookup(id).queryAs(ChoiceBox.class);
        robot.interact(() -> box.setValue(digit));
    }

    private List<String> storedFiles() throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aDrawingKeptAsAFourIsListedThenRelabelledAsANineThenDeleted() throws Exception {
        drawFour();
        robot.clickOn("#keep4");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> keepStatus().startsWith("Saved"));
        assertEquals("Saved as a 4 (1 digit in My digits)", keepStatus());
        MyDigits store = new MyDigits(folder);
        assertEquals(4, store.list().get(0).label());
        assertEquals(3, storedFiles().size(), "labels.csv and the two pictures: " + storedFiles());
        assertEquals(MyDigits.STROKES_SIDE, store.strokes(store.list().get(0)).width());

        robot.clickOn("#openMyDigits");
        MyDigitsPane pane = robot.lookup("#myDigitsPane").queryAs(MyDigitsPane.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> pane.rows().size() == 1);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(4, pane.rows().get(0).entry().label());
        assertTrue(robot.lookup("#digit0").queryAs(ToggleButton.class).getText().startsWith("4 · "));
        assertTrue(robot.lookup("#myDigitsSummary").queryAs(Label.class).getText().startsWith("1 digit; the model reads"));

        robot.clickOn("#digit0");
        choose("#relabelDigit", 9);
        robot.clickOn("#relabel");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> pane.rows().get(0).entry().label() == 9);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(9, store.list().get(0).label());
        assertTrue(robot.lookup("#digit0").queryAs(ToggleButton.class).getText().startsWith("9 · "));

        robot.clickOn("#deleteDigit");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> pane.rows().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), store.list());
        assertEquals(List.of(MyDigits.LABELS), storedFiles());
        assertTrue(robot.lookup("#myDigitsSummary").queryAs(Label.class).getText().startsWith("No digits yet"));
    }

    @Test
    void keepingABlankCanvasSaysToDrawFirstAndStoresNothing() throws Exception {
        robot.clickOn("#keep3");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(keepStatus().startsWith("Draw a digit first"), keepStatus());
        assertEquals(List.of(), storedFiles());
    }

    @Test
    void fineTuningOnAKeptDigitChartsItsLossAndAccuracyShowsBothAccuraciesAndSavesAModelOnlyWhenItKeeps() throws Exception {
        drawFour();
        robot.clickOn("#keep4");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> keepStatus().startsWith("Saved"));
        robot.clickOn("#openMyDigits");
        MyDigitsPane pane = robot.lookup("#myDigitsPane").queryAs(MyDigitsPane.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> pane.rows().size() == 1);
        robot.clickOn("#fineTune");
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> pane.tuned() != null);
        WaitForAsyncUtils.waitForFxEvents();
        // the charts of the window (the Train view has its own): loss of every batch, MNIST test accuracy per epoch
        List<TrainingListener.EpochReport> epochs = pane.tuned().training().epochs();
        assertTrue(!epochs.isEmpty());
        List<XYChart.Data<Number, Number>> loss = series(pane, "#lossChart", 0);
        assertTrue(loss.size() > 1 && loss.size() <= TrainingCharts.CHART_POINTS, loss.size() + " loss points");
        assertEquals(loss.size(), series(pane, "#lossChart", 1).size(), "a smoothed point for every raw one");
        List<XYChart.Data<Number, Number>> accuracy = series(pane, "#accuracyChart", 0);
        assertEquals(epochs.size(), accuracy.size(), "one test accuracy per epoch");
        for (int e = 0; e < epochs.size(); e++) {
            assertEquals(e + 1, accuracy.get(e).getXValue().intValue());
            assertEquals(100 * epochs.get(e).testAccuracy(), accuracy.get(e).getYValue().doubleValue(), 1e-9);
        }
        String result = robot.lookup("#fineTuneResult").queryAs(Label.class).getText();
        assertTrue(result.matches("(?s)your digits: \\d+% → \\d+%; MNIST test: \\d+\\.\\d\\d% → \\d+\\.\\d\\d% "
                + "\\([−+]\\d+\\.\\d\\d points\\).*"), result);
        Button save = robot.lookup("#saveFineTuned").queryAs(Button.class);
        assertEquals(pane.tuned().keeps(), save.isVisible());
        assertEquals(pane.tuned().keeps(), !result.contains("Not kept"), result);
        if (pane.tuned().keeps()) {
            Path file = folder.resolveSibling(folder.getFileName() + "-tuned.json");
            assertTrue(WaitForAsyncUtils.asyncFx(() -> pane.saveTuned(file)).get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS));
            assertEquals(pane.tuned().parameters().outputs(), ModelFile.load(file).parameters().outputs());
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> file.equals(view.modelFile()));
            Files.delete(file);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<XYChart.Data<Number, Number>> series(MyDigitsPane pane, String chart, int index) {
        LineChart<Number, Number> c = (LineChart<Number, Number>) pane.lookup(chart);
        return List.copyOf(c.getData().get(index).getData());
    }

    @Test
    void cancellingFineTuningMidRunWithItsLossChartedKeepsNothingAndSaysWhy() throws Exception {
        drawFour();
        robot.clickOn("#keep4");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> keepStatus().startsWith("Saved"));
        robot.clickOn("#openMyDigits");
        MyDigitsPane pane = robot.lookup("#myDigitsPane").queryAs(MyDigitsPane.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> pane.rows().size() == 1);
        robot.clickOn("#fineTune");
        Button cancel = robot.lookup("#cancelFineTune").queryAs(Button.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> robot.lookup("#fineTuneEpoch").queryAs(Label.class).getText().startsWith("epoch"));
        // the loss chart grows while the run goes on, not only once it ends
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(
                () -> pane.tuned() == null && !series(pane, "#lossChart", 0).isEmpty()).get());
        robot.clickOn(cancel);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> pane.tuned() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(!pane.tuned().keeps());
        assertTrue(robot.lookup("#fineTuneResult").queryAs(Label.class).getText().contains("Not kept: "));
        assertTrue(!robot.lookup("#saveFineTuned").queryAs(Button.class).isVisible());
        assertTrue(cancel.isDisabled());
    }
}
