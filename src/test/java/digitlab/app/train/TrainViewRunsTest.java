package digitlab.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import digitlab.app.widgets.ConfusionGrid;

/**
 * A person follows runs in the Train view alone in a window, on a small made-up MNIST served from a local
 * mirror (600 training and 200 test images of noise): Reset, Continue training, a learning rate far too
 * high, setting problems, and the view at the smallest and the usual size.
 */
@Tag("gui")
class TrainViewRunsTest {
    private final FxRobot robot = new FxRobot();
    @TempDir
    Path dir;
    private TrainWindow window;
    private TrainingSession session;
    private TrainView view;

    @BeforeEach
    void serveSmallData() throws Exception {
        window = new TrainWindow(dir.resolve("cache"), Duration.ofSeconds(2), Duration.ofMillis(500));
        session = window.session();
        view = window.view();
    }

    @AfterEach
    void closeTheView() throws Exception {
        window.close();
    }

    private void show(double width, double height) throws Exception {
        window.show(width, height);
    }

    private void type(String field, String text) {
        robot.interact(() -> lookup("#" + field, TextField.class).setText(text));
    }

    private <T extends Node> T lookup(String query, Class<T> type) {
        return robot.from(view).lookup(query).queryAs(type);
    }

    private String text(String id) {
        return lookup("#" + id, Label.class).getText();
    }

    private void click(String id) {
        robot.interact(() -> lookup("#" + id, Button.class).fire());
    }

    private void await(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
        Thread.sleep(150); // one refresh of the view
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void runToTheEnd(String button) throws Exception {
        click(button);
        await(() -> session.status().state() == TrainingSession.State.IDLE && session.losses().size() > 0);
    }

    /** The current run's series of a chart, by name ("loss per batch", "test accuracy", …). */
    private XYChart.Series<?, ?> series(String chart, String name) {
        LineChart<?, ?> c = lookup("#" + chart, LineChart.class);
        return c.getData().stream().filter(s -> name.equals(s.getName())).findFirst().orElseThrow();
    }

    private List<String> audit() {
        return window.audit();
    }

    private void smallRuns() {
        type("batch", "10");
        type("epochs", "2");
        type("threads", "1");
    }

    @Test
    void resetClearsTheChartsTheProgressAndTheEpochPanelAndKeepsTheRunFadedWithItsSettings() throws Exception {
        smallRuns();
        runToTheEnd("start");
        assertEquals(120, series("lossChart", "loss per batch").getData().size());
        assertEquals(2, series("accuracyChart", "test accuracy").getData().size());
        assertEquals(2, series("accuracyChart", "training accuracy").getData().size());

        Platform.runLater(() -> lookup("#reset", Button.class).fire()); // the question waits for an answer
        await(() -> robot.lookup("Discard").tryQuery().isPresent());
        robot.clickOn("Discard");
        await(() -> session.losses().size() == 0);

        assertEquals(0, series("lossChart", "loss per batch").getData().size());
        assertEquals(0, series("lossChart", "smoothed loss").getData().size());
        assertEquals(0, series("accuracyChart", "test accuracy").getData().size());
        NumberAxis accuracy = (NumberAxis) lookup("#accuracyChart", LineChart.class).getYAxis();
        assertEquals(0, accuracy.getLowerBound());
        assertEquals(100, accuracy.getUpperBound(), "0–100 %, not 0–150 %");
        assertEquals("Not started.", text("progressText"));
        assertEquals("", text("lastLoss"));
        assertEquals(TrainingReadout.NO_EPOCH_YET, text("epochSummary"));
        assertEquals("Model: new weights, not trained yet.", text("modelLine"));
        VBox legend = lookup("#runLegend", VBox.class);
        assertEquals(1, legend.getChildren().size());
        assertTrue(((Label) legend.getChildren().get(0)).getText().startsWith("━ run 1: sgd · rate 0.05 cosine · batch 10 · 2 epochs"),
                ((Label) legend.getChildren().get(0)).getText());
        LineChart<?, ?> loss = lookup("#lossChart", LineChart.class);
        assertEquals(120, loss.getData().get(0).getData().size(), "the earlier run, faded");

        click("clearRuns");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(0, legend.getChildren().size());
        assertEquals(2, lookup("#lossChart", LineChart.class).getData().size(), "only this run's two series");
    }

    @Test
    void continueTrainingCountsTheEpochsOnInTheProgressTheChartAndTheGallery() throws Exception {
        smallRuns();
        runToTheEnd("start");
        assertEquals("_Continue training", lookup("#start", Button.class).getText());
        assertTrue(text("modelLine").matches("Trained: mlp .* · 2 epochs · .*% \\(not saved\\)"), text("modelLine"));

        click("step");
        await(() -> session.losses().size() == 121);
        assertEquals("epoch 3 of 4 · batch 1 of 60", text("progressText"));
        assertTrue(text("lastLoss").startsWith("Last batch (1 of epoch 3): loss "), text("lastLoss"));
        assertTrue(text("galleryTitle").startsWith("Misread by mlp ") && text("galleryTitle").contains("after epoch 2:"),
                "until epoch 3 ends the gallery is the model's after epoch 2: " + text("galleryTitle"));

        click("pause"); // resume
        await(() -> session.status().state() == TrainingSession.State.IDLE);
        assertEquals("epoch 4 of 4 · batch 60 of 60", text("progressText"));
        List<? extends XYChart.Data<?, ?>> points = series("accuracyChart", "test accuracy").getData();
        assertEquals(List.of(1, 2, 3, 4), points.stream().map(d -> ((Number) d.getXValue()).intValue()).toList());
        assertEquals(4.5, ((NumberAxis) lookup("#accuracyChart", LineChart.class).getXAxis()).getUpperBound(),
                "the last point half an epoch from the edge");
        assertEquals(240, session.losses().size());
        assertTrue(text("epochSummary").startsWith("After epoch 4: "), text("epochSummary"));
        assertTrue(text("galleryTitle").contains("· 4 epochs · ") && text("galleryTitle").contains("after epoch 4:"),
                text("galleryTitle"));
    }

    @Test
    void aLearningRateOf100IsFlaggedAsDivergenceWithTheHintAndALogScale() throws Exception {
        smallRuns();
        type("epochs", "20");
        type("rate", "100");
        runToTheEnd("start");

        String status = text("trainStatus");
        assertTrue(status.startsWith("Training diverged at batch ") && status.contains("Try a lower learning rate than 100;"),
                status);
        assertTrue(lookup("#trainStatus", Label.class).getStyle().contains("c92a2a"), "shown as a problem");
        assertTrue(session.losses().size() < 300, "flagged after " + session.losses().size() + " batches");
        float stopped = session.losses().raw(session.losses().size() - 1);
        assertTrue(status.contains("(the loss reached " + digitlab.engine.NumberText.compact(stopped) + ", over 10 times its start"),
                "the loss that stopped the run is the chart's last: " + stopped + " / " + status);
        assertTrue(lookup("#logScale", javafx.scene.control.CheckBox.class).isSelected(),
                "a loss from 2.5 to " + stopped + " is shown on a log scale by itself");
        NumberAxis loss = (NumberAxis) lookup("#lossChart", LineChart.class).getYAxis();
        assertEquals(Math.ceil(Math.log10(stopped)), loss.getUpperBound(), "the axis in powers of ten, up to the loss that stopped the run");
        if (session.epochs().isEmpty()) {
            assertEquals("_Start", lookup("#start", Button.class).getText(), "the weights are still as drawn: nothing to continue");
            assertEquals("Model: new weights, not trained yet.", text("modelLine"));
        }
        for (float w : session.parametersNow().weight(0).data) {
            assertTrue(Float.isFinite(w));
        }
    }

    @Test
    void everySettingProblemShowsAtOnceAndNothingMoves() throws Exception {
        Bounds start = sceneBounds("#start"), augment = sceneBounds("#augment"), threads = sceneBounds("#threads");

        type("epochs", "-1");
        type("rate", "fast");
        type("threads", "0");
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals("Epochs must be from 1 to 10000, not -1", text("epochsError"));
        assertEquals("Learning rate must be a number like 0.05, not 'fast'", text("rateError"));
        assertEquals("Threads must be from 1 to 64, not 0", text("threadsError"));
        for (String id : List.of("epochsError", "rateError", "threadsError")) {
            assertTrue(lookup("#" + id, Label.class).isVisible(), id);
        }
        assertTrue(lookup("#start", Button.class).isDisabled());
        assertEquals(start, sceneBounds("#start"), "Start stays where it was");
        assertEquals(augment, sceneBounds("#augment"), "the augmentation box stays where it was");
        assertEquals(threads, sceneBounds("#threads"));
        assertEquals(List.of(), audit(), "no problem line is cut");
    }

    private Bounds sceneBounds(String query) {
        Node n = lookup(query, Node.class);
        Bounds[] b = new Bounds[1];
        robot.interact(() -> b[0] = n.localToScene(n.getLayoutBounds())); // without a focus ring's room
        return b[0];
    }

    @Test
    void atTheSmallestAndTheUsualSizeEveryControlAndTheWholeConfusionMatrixCanBeReached() throws Exception {
        assertEquals(List.of(), audit(), "1224×740, before training");
        show(800, 530);
        assertEquals(List.of(), audit(), "800×530, before training");
        type("rate", "a long wrong rate");
        type("epochs", "-1");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), audit(), "800×530, with problems");
        type("rate", "0.05");
        smallRuns();
        runToTheEnd("start");
        assertEquals(List.of(), audit(), "800×530, after training");
        assertWholeConfusionMatrix();
        show(1224, 740);
        assertEquals(List.of(), audit(), "1224×740, after training");
        assertWholeConfusionMatrix();
    }

    /** The confusion matrix is laid out at its full width (no column cut off), inside a scroll pane when needed. */
    private void assertWholeConfusionMatrix() {
        ConfusionGrid grid = lookup("#confusion", ConfusionGrid.class);
        double[] widths = new double[2];
        robot.interact(() -> {
            widths[0] = grid.getWidth();
            widths[1] = grid.prefWidth(-1);
        });
        assertTrue(widths[0] >= widths[1] - 0.5, "the grid is " + widths[0] + " wide but needs " + widths[1]);
        assertFalse(grid.getChildrenUnmodifiable().isEmpty());
    }

    @Test
    void closingWithAnUnsavedModelAsksFirstAndCancelKeepsTheWindowOpen() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Boolean> mayClose = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable neverClosedLater = () -> { throw new AssertionError("closed after a save nobody made"); };
        robot.interact(() -> mayClose.set(view.mayClose(neverClosedLater)));
        assertEquals(true, mayClose.get(), "nothing trained: it closes without a question");

        smallRuns();
        type("epochs", "1");
        runToTheEnd("start");
        mayClose.set(null);
        Platform.runLater(() -> mayClose.set(view.mayClose(neverClosedLater)));
        await(() -> robot.lookup("Cancel").tryQuery().isPresent());
        assertTrue(robot.lookup(".dialog-pane .content").queryAs(Label.class).getText()
                .matches("The model “mlp .* · 1 epoch · .*%” is not saved\\. Save it before closing DigitLab\\?"));
        robot.clickOn("Cancel");
        await(() -> mayClose.get() != null);
        assertEquals(false, mayClose.get(), "Cancel: the window stays");

        mayClose.set(null);
        Platform.runLater(() -> mayClose.set(view.mayClose(neverClosedLater)));
        await(() -> robot.lookup("Discard").tryQuery().isPresent());
        robot.clickOn("Discard");
        await(() -> mayClose.get() != null);
        assertEquals(true, mayClose.get(), "Discard: it closes");
    }
}
