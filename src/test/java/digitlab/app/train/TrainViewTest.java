package digitlab.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
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
import digitlab.testing.RealMnist;

/** A person clicks through training runs in the Train view, headless, on real MNIST. */
@Tag("gui")
class TrainViewTest {
    private final FxRobot robot = new FxRobot();
    private Application app;
    private TrainView view;
    private TrainingSession session;

    @BeforeAll
    static void haveMnistCached() {
        RealMnist.get(); // fetched into the cache the app uses, if it is not there yet
    }

    @BeforeEach
    void openTheTrainTab() throws Exception {
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(DigitLabApp.class);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> robot.lookup(".tab-pane").queryAs(TabPane.class).getSelectionModel().select(1));
        view = robot.lookup("#trainView").queryAs(TrainView.class);
        session = view.session();
    }

    @AfterEach
    void closeTheApp() throws Exception {
        session.stop();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> session.status().state() == TrainingSession.State.IDLE);
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    private void type(String field, String text) {
        robot.interact(() -> robot.lookup("#" + field).queryAs(TextField.class).setText(text));
    }

    private Label label(String id) {
        return robot.lookup("#" + id).queryAs(Label.class);
    }

    private Button button(String id) {
        return robot.lookup("#" + id).queryAs(Button.class);
    }

    private void click(String id) {
        robot.interact(() -> button(id).fire());
    }

    private long samples() {
        var b = session.status().lastBatch();
        return b == null ? 0 : b.samplesSeen();
    }

    private int lossPoints() {
        LineChart<?, ?> chart = robot.lookup("#lossChart").queryAs(LineChart.class);
        return chart.getData().get(0).getData().size();
    }

    private void await(java.util.concurrent.Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void awaitIdle() throws Exception {
        await(() -> session.status().state() == TrainingSession.State.IDLE);
        Thread.sleep(150); // one refresh of the view
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void anInvalidLearningRateIsRefusedBesideItsFieldAndStartIsDisabled() {
        type("rate", "fast");
        assertTrue(label("rateError").isVisible());
        assertEquals("Learning rate must be a number like 0.05, not 'fast'", label("rateError").getText());
        assertTrue(button("start").isDisabled());
        type("rate", "-0.1");
        assertTrue(label("rateError").getText().startsWith("Learning rate must be a number above 0"),
                label("rateError").getText());
        assertTrue(button("start").isDisabled());
        type("rate", "0.05");
        assertFalse(label("rateError").isVisible());
        assertFalse(button("start").isDisabled());
        type("images", "10");
        assertEquals("A batch of 64 is larger than the 10 training images", label("batchError").getText());
    }

    @Test
    void aShortRunOnASubsetFillsTheChartsTheProgressAndTheEpochPanel(@TempDir Path dir) throws Exception {
        type("images", "3000");
        type("epochs", "2");
        click("start");
        awaitIdle();
        int batches = 2 * (3000 / 64);
        assertEquals(batches, session.losses().size());
        assertEquals(Math.min(batches, TrainingCharts.CHART_POINTS), lossPoints());
        LineChart<?, ?> accuracy = robot.lookup("#accuracyChart").queryAs(LineChart.class);
        assertEquals(2, accuracy.getData().get(0).getData().size());
        assertEquals(1.0, robot.lookup("#progress").queryAs(ProgressBar.class).getProgress(), 1e-9);
        assertTrue(label("trainStatus").getText().startsWith("Finished 2 epochs"), label("trainStatus").getText());
        assertTrue(label("epochSummary").getText().startsWith("After epoch 2: "), label("epochSummary").getText());
        double accuracyAfter = session.epochs().get(1).report().testAccuracy();
        assertTrue(accuracyAfter > 0.8, "3,000 images, 2 epochs: " + accuracyAfter);
        int wrong = session.epochs().get(1).report().evaluation().misclassified().length;
        assertEquals(Math.min(60, wrong), robot.lookup(".digit-tile").queryAll().size());

        view.exportCsv(dir.resolve("loss.csv"));
        await(() -> Files.exists(dir.resolve("loss-epochs.csv")));
        List<String> lines = Files.readAllLines(dir.resolve("loss.csv"));
        assertEquals("batch,loss,smoothed_loss", lines.get(0));
        assertEquals(batches + 1, lines.size());
        assertEquals(3, Files.readAllLines(dir.resolve("loss-epochs.csv")).size());
        robot.interact(() -> view.exportPng(dir.resolve("charts.png")));
        await(() -> Files.exists(dir.resolve("charts.png")));
        assertNotNull(javax.imageio.ImageIO.read(dir.resolve("charts.png").toFile()));
    }

    @Test
    void pauseHoldsTheCounterStepRunsOneBatchAndTheUiKeepsItsPulse() throws Exception {
        // the JavaFX pulse: the longest gap between two frames while training runs
        AtomicLong previous = new AtomicLong(), longest = new AtomicLong();
        java.util.Queue<Long> gaps = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AnimationTimer pulse = new AnimationTimer() {
            @Override
            public void handle(long now) {
                long before = previous.getAndSet(now);
                if (before != 0) {
                    longest.accumulateAndGet(now - before, Math::max);
                    gaps.add(now - before);
                }
            }
        };
        robot.interact(pulse::start);
        type("epochs", "100");
        click("start");
        await(() -> samples() > 64 * 50);
        int pointsEarly = lossPoints();
        await(() -> samples() > 64 * 800 && lossPoints() > pointsEarly);
        assertTrue(robot.lookup("#progress").queryAs(ProgressBar.class).getProgress() > 0);
        assertTrue(label("speed").getText().contains("samples/s"), label("speed").getText());

        click("pause");
        await(() -> session.status().state() == TrainingSession.State.PAUSED);
        Thread.sleep(200); // a batch under way when Pause came finishes
        long held = samples();
        Thread.sleep(400);
        assertEquals(held, samples(), "paused: no more samples");
        Thread.sleep(150);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("paused", label("speed").getText());
        assertTrue(button("pause").getText().contains("u"), "Pause has become Resume");

        click("step");
        await(() -> samples() == held + 64);
        Thread.sleep(400);
        assertEquals(held + 64, samples(), "one batch, then paused again");

        click("pause"); // resume
        await(() -> samples() > held + 64 * 20);
        click("stop");
        awaitIdle();
        robot.interact(pulse::stop);
        assertTrue(label("trainStatus").getText().startsWith("Stopped"), label("trainStatus").getText());
        long gapMs = longest.get() / 1_000_000;
        long[] sorted = gaps.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("JavaFX pulses while training: %d frames, gap median %.1f ms, p99 %.1f ms, longest %d ms%n",
                sorted.length, sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6, gapMs);
        assertTrue(gapMs < 1000, "the UI thread stalled for " + gapMs + " ms");

        // Stop leaves a usable model, which the Draw view picks up
        DrawView draw = robot.lookup("#drawView").queryAs(DrawView.class);
        click("useForDrawing");
        await(() -> draw.model() != null && draw.model().name().startsWith("mlp "));
        assertTrue(draw.modelChoices().stream().anyMatch(e -> e.label().endsWith("(trained here, not saved)")));
        Double accuracy = draw.model().provenance().testAccuracy();
        assertTrue(accuracy != null && accuracy > 0.9, "a stopped run's model still reads digits: " + accuracy);
    }

    @Test
    void stepFromIdleRunsExactlyOneBatchAndResetStartsAgain() throws Exception {
        type("batch", "32");
        click("step");
        await(() -> samples() == 32 && session.status().state() == TrainingSession.State.PAUSED);
        Thread.sleep(300);
        assertEquals(32, samples());
        assertEquals(1, session.losses().size());
        click("stop");
        awaitIdle();
        var before = session.parametersNow();
        javafx.application.Platform.runLater(() -> button("reset").fire()); // a trained model: it asks first
        await(() -> robot.lookup("Discard").tryQuery().isPresent());
        robot.clickOn("Discard");
        await(() -> session.losses().size() == 0);
        assertEquals(0, session.losses().size());
        assertFalse(java.util.Arrays.equals(before.weight(0).data, session.parametersNow().weight(0).data),
                "Reset draws the weights again from the seed");
    }

    @Test
    void aLossThatBecomesNanStopsTrainingWithAnExplanation() throws Exception {
        type("rate", "100");
        type("epochs", "1");
        type("images", "6400");
        click("start");
        awaitIdle();
        String status = label("trainStatus").getText();
        assertTrue(status.contains("Try a lower learning rate"), status);
        assertTrue(label("trainStatus").getStyle().contains("c92a2a"), "shown as a problem");
        for (float w : session.parametersNow().weight(0).data) {
            assertTrue(Float.isFinite(w), "the last good weights are kept");
        }
    }

    @Test
    void clickingAMisreadDigitOpensItInTheDrawView() throws Exception {
        type("images", "2000");
        type("epochs", "1");
        click("start");
        awaitIdle();
        await(() -> !robot.lookup(".digit-tile").queryAll().isEmpty());
        javafx.scene.Node tile = robot.lookup(".digit-tile").queryAs(javafx.scene.Node.class);
        robot.interact(() -> scrollIntoView(tile)); // in a small window the gallery is below the charts, as a person scrolls
        robot.clickOn(tile);
        WaitForAsyncUtils.waitForFxEvents();
        DrawView draw = robot.lookup("#drawView").queryAs(DrawView.class);
        assertEquals(0, robot.lookup(".tab-pane").queryAs(TabPane.class).getSelectionModel().getSelectedIndex());
        assertNotNull(draw.drawing().picture());
        assertEquals(28, draw.drawing().picture().width());
    }

    /** Scrolls every scroll pane around {@code node} so that the node is on show. */
    private static void scrollIntoView(javafx.scene.Node node) {
        for (javafx.scene.Parent p = node.getParent(); p != null; p = p.getParent()) {
            if (p instanceof javafx.scene.control.ScrollPane pane && pane.getContent() != null) {
                javafx.geometry.Bounds inContent = pane.getContent().sceneToLocal(node.localToScene(node.getLayoutBounds()));
                double contentHeight = pane.getContent().getLayoutBounds().getHeight();
                double viewport = pane.getViewportBounds().getHeight();
                if (contentHeight > viewport) {
                    pane.setVvalue(Math.min(1, Math.max(0, (inContent.getMinY() - 10) / (contentHeight - viewport))));
                }
                pane.layout();
            }
        }
    }

    @Test
    void savingOntoAReadOnlyModelFileIsRefusedInTheStatusLineAndTheFileIsKept(@TempDir Path dir) throws Exception {
        Path mine = Files.writeString(dir.resolve("mine.json"), "my own model");
        Files.setPosixFilePermissions(mine, java.nio.file.attribute.PosixFilePermissions.fromString("r--r--r--"));

        var saving = new java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<Boolean>>();
        robot.interact(() -> saving.set(view.saveModel(mine)));
        boolean saved = saving.get().get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();

        assertFalse(saved);
        String status = label("trainStatus").getText();
        assertTrue(status.contains("read-only") && status.contains("does not overwrite a file you protected"), status);
        assertEquals("my own model", Files.readString(mine));
    }
}
