package digitlab.app.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Slider;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

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
import digitlab.engine.Graph;
import digitlab.engine.Tensor;
import digitlab.image.InkImage;
import digitlab.model.Model;
import digitlab.model.ModelFile;

/** The Graph view, headless: formulas, the network on a drawing, backward one step at a time, export. */
@Tag("gui")
class GraphViewTest {
    private final FxRobot robot = new FxRobot();
    private Application app;
    private GraphView view;

    @BeforeEach
    void openTheGraphTab() throws Exception {
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(DigitLabApp.class);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> robot.lookup(".tab-pane").queryAs(TabPane.class).getSelectionModel().select(2));
        view = robot.lookup("#graphView").queryAs(GraphView.class);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void closeTheApp() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    private Tensor node(String name) {
        return view.shown().nodes().stream().filter(t -> t.isLeaf() && t.name().equals(name)).findFirst().orElseThrow();
    }

    private String text(String id) {
        return robot.lookup("#" + id).queryAs(Label.class).getText();
    }

    private void type(String id, String text) {
        robot.interact(() -> robot.lookup("#" + id).queryAs(TextField.class).setText(text));
    }

    @Test
    void theClassicFormulaShowsY33AndTheGradients40And2OnTheXAndZNodes() {
        robot.interact(() -> view.setValues("x=2 z=0"));
        type("formula", "3*x*x*x + 4*x + 1 + x*z");
        assertEquals("y = 33\ndy/dx = 40\ndy/dz = 2", text("result"));
        Tensor x = node("x"), z = node("z"), y = view.shown().output();
        assertEquals("∂ 40", text("grad-" + x.id()));
        assertEquals("∂ 2", text("grad-" + z.id()));
        assertEquals("= 33", text("value-" + y.id()));
        assertEquals("= 2", text("value-" + x.id()));
        // changing a value updates every node at once
        robot.interact(() -> view.setValues("x=1 z=5"));
        assertEquals("∂ 18", text("grad-" + node("x").id()));
        assertEquals("= 13", text("value-" + view.shown().output().id()));
    }

    @Test
    void eachVariableHasAFieldAndEditingItUpdatesEveryNode() {
        robot.interact(() -> view.setValues("x=2 z=0"));
        type("formula", "3*x*x*x + 4*x + 1 + x*z");
        assertEquals("2", robot.lookup("#var-x").queryAs(TextField.class).getText());
        type("var-z", "1");
        assertEquals(1.0, robot.lookup("#slider-z").queryAs(Slider.class).getValue(), "the slider follows the field");
        assertEquals("y = 35\ndy/dx = 41\ndy/dz = 2", text("result"));
        type("var-x", "abc");
        assertTrue(text("formulaError").contains("not a number"), text("formulaError"));
    }

    @Test
    void eachEdgeShowsTheGradientItCarriesBackwards() {
        robot.interact(() -> view.setValues("x=3 z=-4"));
        type("formula", "x*z");
        Tensor x = node("x"), z = node("z"), y = view.shown().output();
        Label toX = robot.lookup("#edge-" + x.id() + "-" + y.id()).queryAs(Label.class);
        Label toZ = robot.lookup("#edge-" + z.id() + "-" + y.id()).queryAs(Label.class);
        assertEquals("∂ -4", toX.getText());
        assertEquals("∂ 3", toZ.getText());
    }

    @Test
    void aSyntaxErrorIsShownAtItsColumnAndTheLastGoodGraphStays() {
        type("formula", "x*(z+a)");
        ShownGraph good = view.shown();
        type("formula", "x*(z+");
        String error = text("formulaError");
        assertTrue(error.startsWith("     ^ column 6: "), error);
        assertSame(good, view.shown());
        assertEquals(good.nodes().size(), view.picture().nodes().size());
    }

    @Test
    void steppingBackwardVisitsTheNodesInReverseTopologicalOrder() {
        robot.interact(() -> view.setValues("x=2 z=1 a=1"));
        type("formula", "x*(z+a)");
        List<Tensor> expected = Graph.of(view.shown().output()).backwardOrder();
        robot.interact(view::stepWalk); // starts: only the output has a gradient
        assertEquals("∂ 0", text("grad-" + node("x").id()));
        assertEquals("∂ 1", text("grad-" + view.shown().output().id()));
        List<Tensor> visited = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            robot.interact(view::stepWalk);
            for (Tensor t : view.shown().nodes()) {
                VBox box = view.picture().boxOf(t);
                if (box.getStyle().contains("#f76707")) {
                    visited.add(t);
                }
            }
            assertEquals(i + 1, visited.size(), "one node pushes at each step");
        }
        assertEquals(expected, visited);
        assertTrue(text("walkStatus").contains("Done"), text("walkStatus"));
        assertEquals("∂ 2", text("grad-" + node("x").id()), "x(z+a): ∂/∂x = z+a");
        assertEquals("∂ 2", text("grad-" + node("z").id()));
    }

    private Tensor product(float value) {
        return view.shown().nodes().stream().filter(t -> t.op().equals("mul") && t.item() == value).findFirst().orElseThrow();
    }

    @Test
    void anInspectedOperationNodeStaysInspectedAsTheSameProductWhenTheValuesChange() {
        robot.interact(() -> view.setValues("x=2 z=3"));
        type("formula", "x*z + x*x");
        robot.interact(view::fit);
        robot.clickOn(view.picture().boxOf(product(4))); // x*x, an operation: it has no name
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("mul", text("inspectorTitle"));
        assertEquals("4", text("valueNumber"));
        robot.interact(() -> view.setValues("x=5 z=1")); // the graph is rebuilt: x*z = 5, x*x = 25
        assertEquals("mul", text("inspectorTitle"));
        assertEquals("25", text("valueNumber"), "still x*x, not the first product x*z");
        type("formula", "x + z"); // no product left: nothing to inspect
        assertTrue(robot.lookup("#inspectorTitle").tryQuery().isEmpty(), "the inspector is put away");
        assertFalse(view.picture().nodes().stream().anyMatch(view.picture()::isSelected), "and no node is marked");
    }

    @Test
    void clickingTheFirstWeightNodeOfTheNetworkOpensItsTileGrid() throws Exception {
        DrawView draw = robot.lookup("#drawView").queryAs(DrawView.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> draw.model() != null);
        Model mlp = ModelFile.loadBundled("mnist-mlp"); // the view starts with the CNN, which reads drawings best
        robot.interact(() -> draw.offerTrained(mlp));
        float[] ring = new float[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double r = Math.hypot(x - 13.5, (y - 13.5) * 0.8);
                ring[y * 28 + x] = (float) Math.exp(-Math.pow((r - 7) / 1.5, 2));
            }
        }
        robot.interact(() -> draw.showPicture(new InkImage(ring, 28, 28), "a ring"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> draw.lastReading() != null && !draw.lastReading().isBlank());
        // the Graph view learns of the drawing through the views' shared state
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.state().lastDrawing.get() != null);
        robot.interact(() -> robot.lookup("#drawSource").queryAs(RadioButton.class).setSelected(true));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> view.shown() != null && view.shown().nodes().stream().anyMatch(t -> "W1".equals(t.name())));
        WaitForAsyncUtils.waitForFxEvents();
        Tensor w1 = node("W1");
        assertEquals("128×784", w1.shape());
        robot.interact(view::fit);
        robot.clickOn(view.picture().boxOf(w1));
        WaitForAsyncUtils.waitForFxEvents();
        Node tiles = robot.lookup("#tiles").query();
        assertNotNull(tiles);
        java.util.function.Predicate<Node> tile = n -> n.getId() != null && n.getId().startsWith("tile-");
        assertEquals(128, robot.lookup("#tiles").lookup(tile).queryAll().size());
        // the input node shows the image and its gradient
        robot.clickOn(view.picture().boxOf(node("x")));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(text("inspectorTitle").startsWith("x"), text("inspectorTitle"));
    }

    @Test
    void theTrainingBatchSourceShowsTheGraphOfABatchTheTrainerRan() throws Exception {
        digitlab.testing.RealMnist.get(); // cached for the app's session
        // training starts in the Train view, as a person would start it (the view is built when first shown)
        TabPane tabs = robot.lookup(".tab-pane").queryAs(TabPane.class);
        robot.interact(() -> tabs.getSelectionModel().select(1));
        robot.interact(() -> {
            robot.lookup("#images").queryAs(TextField.class).setText("3000");
            robot.lookup("#epochs").queryAs(TextField.class).setText("1000");
            robot.lookup("#start").queryAs(javafx.scene.control.Button.class).fire();
        });
        robot.interact(() -> tabs.getSelectionModel().select(2));
        robot.interact(() -> robot.lookup("#trainSource").queryAs(RadioButton.class).setSelected(true));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> view.shown() != null && view.shown().description().startsWith("the model being trained"));
        robot.interact(() -> robot.lookup("#stop").queryAs(javafx.scene.control.Button.class).fire());
        ShownGraph batch = view.shown();
        Tensor loss = batch.output();
        assertTrue(loss.item() > 0 && Float.isFinite(loss.item()), "a cross-entropy loss: " + loss.item());
        Tensor w1 = batch.nodes().stream().filter(t -> "W1".equals(t.name())).findFirst().orElseThrow();
        assertTrue(digitlab.app.graph.MatrixStats.of(w1.grad()).norm() > 0, "the batch's gradient reached W1");
        assertEquals("64×784", batch.nodes().stream().filter(t -> "x".equals(t.name())).findFirst().orElseThrow().shape());
    }

    @Test
    void theGraphExportsAsDotLikeTheGradCommandAndAsPng(@TempDir Path dir) throws Exception {
        robot.interact(() -> view.setValues("x=3 z=-4"));
        type("formula", "x*z");
        robot.interact(() -> view.exportDot(dir.resolve("g.dot")));
        robot.interact(() -> view.exportPng(dir.resolve("g.png")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(dir.resolve("g.dot")) && Files.exists(dir.resolve("g.png")));
        assertEquals(view.shown().graph().toDot(), Files.readString(dir.resolve("g.dot")));
        assertTrue(Files.readString(dir.resolve("g.dot")).startsWith("digraph G {"));
        assertNotNull(javax.imageio.ImageIO.read(dir.resolve("g.png").toFile()));
    }

    @Test
    void afterSteppingBackwardToTheEndTheConstantsShowTheirTrueGradients() {
        robot.interact(() -> view.setValues("x=2 z=0.5"));
        type("formula", "3*x*x*x + 4*x + 1 + x*z");
        int nodes = view.shown().nodes().size();
        for (int i = 0; i <= nodes && !text("walkStatus").contains("Done"); i++) {
            robot.interact(view::stepWalk);
        }
        assertTrue(text("walkStatus").contains("Done"), text("walkStatus"));
        assertEquals("∂ 8", text("grad-" + node("3").id()), "d/d3 of 3x³ is x³");
        assertEquals("∂ 2", text("grad-" + node("4").id()));
        assertEquals("∂ 1", text("grad-" + node("1").id()));
        assertEquals("∂ 40.5", text("grad-" + node("x").id()));
    }

    @Test
    void aHalfTypedFormulaGreysTheLastGraphThatParsedAndSaysWhichItIs() {
        type("formula", "x^2 + si");
        ShownGraph prefix = view.shown();
        assertFalse(view.canvas().stale());
        type("formula", "x^2 + sin(x");
        String error = text("formulaError");
        assertTrue(error.contains("column") && error.contains("showing the last formula that parsed: y = x^2 + si"), error);
        assertTrue(view.canvas().stale(), "the old graph is greyed out");
        assertSame(prefix, view.shown());
        assertTrue(robot.lookup("#stepBackward").queryButton().isDisabled(), "no walking through an old graph");
        type("formula", "x^2 + sin(x)");
        assertFalse(view.canvas().stale());
        assertEquals("", text("formulaError"));
        assertTrue(view.shown().nodes().stream().noneMatch(t -> "si".equals(t.name())), "no variable si any more");
    }

    @Test
    void draggingAVariablesSliderMovesItsValueAndTheGradientAtOnce() {
        robot.interact(() -> view.setValues("x=1"));
        type("formula", "x*x");
        Slider slider = robot.lookup("#slider-x").queryAs(Slider.class);
        TextField field = robot.lookup("#var-x").queryAs(TextField.class);
        assertEquals(1.0, slider.getValue());
        assertEquals(-1.0, slider.getMin(), "the range lies around the value: 1 ± 2");
        assertEquals(3.0, slider.getMax());
        robot.drag(slider.lookup(".thumb"), javafx.scene.input.MouseButton.PRIMARY).moveBy(45, 0).drop();
        WaitForAsyncUtils.waitForFxEvents();
        float x = Float.parseFloat(field.getText());
        assertTrue(x > 1.5f, "the field follows the slider: " + field.getText());
        assertEquals("y = " + digitlab.engine.NumberText.number(x * x) + "\ndy/dx = " + digitlab.engine.NumberText.number(2 * x),
                text("result"));
        assertEquals(GraphGeometry.gradientLine(2 * x), text("grad-" + node("x").id()));
        type("var-x", "25"); // beyond the slider's range: the range widens around it
        assertEquals(25.0, slider.getValue());
        assertTrue(slider.getMax() >= 25);
    }

    @Test
    void theNodeClickedIsMarkedAsSelected() {
        robot.interact(() -> view.setValues("x=3 z=-4"));
        type("formula", "x*z");
        robot.interact(view::fit);
        Tensor y = view.shown().output(), x = node("x");
        robot.clickOn(view.picture().boxOf(y));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.picture().isSelected(y));
        assertTrue(view.picture().boxOf(y).getStyle().contains("#7048e8"), view.picture().boxOf(y).getStyle());
        robot.clickOn(view.picture().boxOf(x));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(view.picture().isSelected(x));
        assertFalse(view.picture().boxOf(y).getStyle().contains("#7048e8"), "only one node is marked");
        assertEquals("mul#" + y.id(), "mul" + text("nodeId-" + y.id()), "the id the step messages use");
        assertTrue(robot.lookup("#inspectorPane").tryQuery().isPresent(), "the inspector shows beside the graph");
        robot.interact(() -> robot.lookup("#closeInspector").queryButton().fire());
        assertTrue(robot.lookup("#inspectorPane").tryQuery().isEmpty(), "Close puts it away");
        assertFalse(view.picture().isSelected(x), "and unmarks the node");
    }
}
