package digitlab.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import digitlab.model.Model;
import digitlab.model.ModelFile;
import digitlab.nn.Architecture;

/**
 * A person builds a network in the Train view's Network section, alone in a window, and trains it on a
 * small made-up MNIST served from a local mirror (600 training and 200 test images of noise).
 */
@Tag("gui")
class TrainViewBuilderTest {
    private final FxRobot robot = new FxRobot();
    @TempDir
    Path dir;
    private TrainWindow window;
    private TrainingSession session;
    private TrainView view;

    @BeforeEach
    void serveSmallData() throws Exception {
        // generous timeouts: a loaded machine is slow to serve
        window = new TrainWindow(dir.resolve("cache"), Duration.ofSeconds(10), Duration.ofSeconds(5));
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

    private <T extends Node> T lookup(String query, Class<T> type) {
        return robot.from(view).lookup(query).queryAs(type);
    }

    private boolean present(String id) {
        return robot.from(view).lookup("#" + id).tryQuery().isPresent();
    }

    private void type(String field, String text) {
        robot.interact(() -> lookup("#" + field, TextField.class).setText(text));
    }

    private Label label(String id) {
        return lookup("#" + id, Label.class);
    }

    private Button button(String id) {
        return lookup("#" + id, Button.class);
    }

    private void click(String id) {
        robot.interact(() -> button(id).fire());
    }

    @SuppressWarnings("unchecked")
    private void choose(String id, Object value) {
        robot.interact(() -> lookup("#" + id, ChoiceBox.class).setValue(value));
    }

    private String spec() {
        return lookup("#networkSpec", TextField.class).getText();
    }

    private void await(Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, condition);
        Thread.sleep(150); // one refresh of the view
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<String> audit() {
        return window.audit();
    }

    @Test
    void choosingTheCnnPresetShowsItsLayersTheirShapesAndItsParameterCount() {
        assertTrue(label("networkSummary").getText().startsWith("109,386 parameters"), label("networkSummary").getText());
        choose("networkPreset", Architecture.CNN_NAME);
        assertTrue(label("networkSummary").getText().startsWith("215,370 parameters"), label("networkSummary").getText());
        assertEquals("conv5x16,pool2,conv5x32,pool2,dense128,dense10", spec());
        assertTrue(present("layerKind5") && !present("layerKind6"), "five rows and the fixed output layer");
        assertEquals("→ 16×28×28 · 416 parameters", label("layerMessage1").getText());
        assertEquals("→ 32×7×7", label("layerMessage4").getText());
        assertTrue(label("outputLayer").getText().startsWith("6. dense 10 (fixed)"), label("outputLayer").getText());
        assertFalse(button("start").isDisabled());
    }

    @Test
    void aSpecThatCannotWorkIsRefusedBesideTheFieldAndTrainIsOffUntilItCan() {
        type("networkSpec", "dense64,conv3x8,dense10");
        assertTrue(label("networkSpecError").isVisible());
        assertTrue(label("networkSpecError").getText().startsWith("layer 2 (conv3x8): a convolution needs an image"),
                label("networkSpecError").getText());
        assertTrue(button("start").isDisabled());
        assertTrue(button("step").isDisabled());

        type("networkSpec", "conv3x8,pool2,dense10");
        assertFalse(label("networkSpecError").isVisible());
        assertFalse(button("start").isDisabled());
        assertEquals("pool", lookup("#layerKind2", ChoiceBox.class).getValue().toString().toLowerCase());

        type("layerKernel1", "4"); // an even kernel cannot pad both sides alike
        Label row = label("layerMessage1");
        assertTrue(row.getText().contains("needs an odd kernel size"), row.getText());
        assertTrue(row.getStyle().contains("c92a2a"), "in red");
        assertTrue(button("start").isDisabled());
        assertEquals("conv4x8,pool2,dense10", spec(), "the text follows the rows");
        type("layerKernel1", "3");
        assertFalse(button("start").isDisabled());
        assertEquals("→ 8×28×28 · 80 parameters", label("layerMessage1").getText());
    }

    @Test
    void addMoveAndRemoveChangeTheRowsAndTheSpec() {
        choose("networkPreset", Architecture.TINY_NAME);
        click("addLayer");
        assertEquals("dense32,dense64,dense10", spec());
        assertEquals(NetworkDraft.CUSTOM, lookup("#networkPreset", ChoiceBox.class).getValue());
        choose("layerKind2", NetworkDraft.Kind.CONV);
        assertTrue(label("layerMessage2").getText().contains("a convolution needs an image"), label("layerMessage2").getText());
        assertTrue(button("start").isDisabled());
        click("layerUp2");
        assertEquals("conv3x8,dense32,dense10", spec());
        assertFalse(button("start").isDisabled());
        click("layerRemove1");
        assertEquals(Architecture.TINY_NAME, lookup("#networkPreset", ChoiceBox.class).getValue());
    }

    @Test
    void theTimeOfAnEpochIsMeasuredForTheNetworkAndFollowsTheImageCount() throws Exception {
        type("networkSpec", "conv3x8,pool2,dense10");
        await(() -> label("epochTime").getText().contains("per epoch on this machine (measured"));
        String all = label("epochTime").getText();
        assertTrue(all.startsWith("≈ "), all);
        type("images", "600");
        String few = label("epochTime").getText();
        assertTrue(few.contains("per epoch on this machine (measured"), "at once, from the same measurement: " + few);
        assertNotEquals(all, few);
        type("networkSpec", "dense64,conv3x8,dense10");
        assertEquals("Time per epoch: once the network can work.", label("epochTime").getText());
    }

    @Test
    void aSmallCnnBuiltHereTrainsAndFillsTheChartsAndTheEpochPanel() throws Exception {
        type("networkSpec", "conv3x4,pool2,dense10");
        type("batch", "10");
        type("epochs", "1");
        type("threads", "1");
        click("start");
        await(() -> session.status().state() == TrainingSession.State.IDLE
                && (session.epochs().size() == 1 || session.status().failed()));
        assertEquals(1, session.epochs().size(), session.status().message());
        assertEquals("conv3x4,pool2,dense10", session.architecture().spec());
        assertEquals(60, session.losses().size());
        assertTrue(label("epochSummary").getText().startsWith("After epoch 1: "), label("epochSummary").getText());
        assertTrue(label("modelLine").getText().startsWith("Trained: cnn "), label("modelLine").getText());
        assertEquals("_Continue training", button("start").getText());

        Path saved = dir.resolve("small-cnn.json");
        assertTrue(view.saveModel(saved).get(60, TimeUnit.SECONDS), session.status().message());
        Model back = ModelFile.load(saved);
        assertEquals(session.architecture(), back.parameters().architecture(), "saved as a version 2 file and read back");
        assertEquals("conv3x4,pool2,dense10", back.provenance().architecture());

        choose("networkPreset", Architecture.TINY_NAME);
        assertEquals("_Start", button("start").getText(), "another network starts from new weights");
    }

    @Test
    void withTheCnnPresetEveryControlCanBeReachedAtTheSmallestWindow() throws Exception {
        choose("networkPreset", Architecture.CNN_NAME);
        type("layerKernel3", "4");
        show(800, 530);
        assertEquals(List.of(), audit(), "800×530, the cnn with a refused row");
        show(1224, 740);
        assertEquals(List.of(), audit(), "1224×740");
    }
}
