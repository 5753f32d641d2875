package digitlab.app.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import digitlab.app.DigitLabApp;
import digitlab.app.draw.DrawView;
import digitlab.engine.ForwardWalk;
import digitlab.engine.Tensor;
import digitlab.image.InkImage;
import digitlab.model.Model;
import digitlab.model.ModelFile;

/** The Graph view tells the chain rule at each backward step, and shows lazy evaluation node by node. */
@Tag("gui")
class GraphChainRuleTest {
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

    private void formula(String formula, String values) {
        robot.interact(() -> view.setValues(values));
        robot.interact(() -> robot.lookup("#formula").queryAs(TextField.class).setText(formula));
    }

    private Tensor leaf(String name) {
        return view.shown().nodes().stream().filter(t -> t.isLeaf() && t.name().equals(name)).findFirst().orElseThrow();
    }

    private Tensor op(String op) {
        return view.shown().nodes().stream().filter(t -> t.op().equals(op)).findFirst().orElseThrow();
    }

    private String text(String id) {
        return robot.lookup("#" + id).queryAs(Label.class).getText();
    }

    private String step() {
        robot.interact(view::stepWalk);
        return text("walkStatus");
    }

    @Test
    void theProductXTimesZSaysEachLocalDerivativeAndTheProductThatTravels() {
        formula("x*z", "x=2 z=0.5");
        Tensor y = view.shown().output(), x = leaf("x"), z = leaf("z");
        step();
        assertEquals("step 1 of 3: mul#" + y.id() + " = x·z: ∂(x·z)/∂x = z = 0.5; 1 × 0.5 = 0.5 → x; "
                + "∂(x·z)/∂z = x = 2; 1 × 2 = 2 → z", step());
        assertEquals("∂(x·z)/∂x = z = 0.5\n1 × 0.5 = 0.5 → x", text("chain-" + x.id() + "-" + y.id()));
        assertEquals("∂(x·z)/∂z = x = 2\n1 × 2 = 2 → z", text("chain-" + z.id() + "-" + y.id()));
        assertEquals("x: 0.5", text("sum-" + x.id()));
        assertEquals("step 2 of 3: z is a leaf: its gradient is final", step());
        assertTrue(robot.lookup("#chain-" + x.id() + "-" + y.id()).tryQuery().isEmpty(), "a leaf's step writes no chain rule");
    }

    @Test
    void xTimesASumPassesTheSumOnAsTheLocalDerivativeOfX() {
        formula("x*(z+a)", "x=2 z=1 a=1");
        Tensor y = view.shown().output(), sum = op("add");
        step();
        assertEquals("step 1 of 5: mul#" + y.id() + " = x·(z + a): ∂(x·(z + a))/∂x = (z + a) = 2; 1 × 2 = 2 → x; "
                + "∂(x·(z + a))/∂(z + a) = x = 2; 1 × 2 = 2 → (z + a)", step());
        assertEquals("step 2 of 5: add#" + sum.id() + " = z + a: ∂(z + a)/∂z = 1; 2 × 1 = 2 → z; "
                + "∂(z + a)/∂a = 1; 2 × 1 = 2 → a", step());
    }

    @Test
    void theClassicFormulaAddsUpTheUsesOfXTermByTermToForty() {
        formula("3*x*x*x + 4*x + 1 + x*z", "x=2 z=0");
        Tensor x = leaf("x");
        step();
        List<String> sums = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        while (!text("walkStatus").contains("Done")) {
            String status = step();
            statuses.add(status);
            robot.lookup("#sum-" + x.id()).tryQueryAs(Label.class).filter(l -> sums.isEmpty() || !sums.get(sums.size() - 1).equals(l.getText()))
                    .ifPresent(l -> sums.add(l.getText()));
        }
        assertEquals(List.of("x: 0", "x: 0 + 4 = 4", "x: 0 + 4 + 12 = 16", "x: 0 + 4 + 12 + 12 = 28",
                "x: 0 + 4 + 12 + 12 + 12 = 40"), sums, String.join("\n", statuses));
    }

    @Test
    void theInspectorShowsUpstreamTimesLocalDerivativeForEachInput() {
        formula("x*z", "x=2 z=0.5");
        robot.interact(() -> view.inspect(view.shown().output()));
        Label first = robot.lookup("#chainSection").lookup(".label").nth(1).queryAs(Label.class);
        assertEquals("x: ∂(x·z)/∂x = z = 0.5; 1 × 0.5 = 0.5", first.getText());
        Label second = robot.lookup("#chainSection").lookup(".label").nth(2).queryAs(Label.class);
        assertEquals("z: ∂(x·z)/∂z = x = 2; 1 × 2 = 2", second.getText());
    }

    /** The MLP reading a ring in the Draw view, shown by the Graph view's "Network on the drawing". */
    private void networkOnADrawing() throws Exception {
        DrawView draw = robot.lookup("#drawView").queryAs(DrawView.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> draw.model() != null);
        Model mlp = ModelFile.loadBundled("mnist-mlp");
        robot.interact(() -> draw.offerTrained(mlp));
        float[] ring = new float[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                ring[y * 28 + x] = (float) Math.exp(-Math.pow((Math.hypot(x - 13.5, (y - 13.5) * 0.8) - 7) / 1.5, 2));
            }
        }
        robot.interact(() -> draw.showPicture(new InkImage(ring, 28, 28), "a ring"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.state().lastDrawing.get() != null);
        robot.interact(() -> robot.lookup("#drawSource").queryAs(RadioButton.class).setSelected(true));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> view.shown() != null && view.shown().nodes().stream().anyMatch(t -> "W1".equals(t.name())));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** "1×128" under caption {@code caption}, as the small map {@code id} says it. */
    private String caption(String id) {
        return robot.lookup("#" + id + "Caption").queryAs(Label.class).getText();
    }

    @Test
    void theInspectorDrawsUpstreamLocalDerivativeAndProductAsHeatmapsForTheFirstLayersMatrices() throws Exception {
        networkOnADrawing();
        Tensor x = leaf("x"), w1 = leaf("W1");
        Tensor first = view.shown().nodes().stream()
                .filter(t -> t.op().equals("matmul_t") && t.inputs().contains(w1)).findFirst().orElseThrow();
        robot.interact(view::finishWalk);
        robot.interact(() -> view.inspect(first));
        // x·W1ᵀ: x receives G·W1 (the local derivative is W1 itself), W1 receives Gᵀ·x
        assertEquals("upstream gradient\n1×128\n16 a line", caption("chainUpstream-0"));
        assertEquals("local derivative\n= W1\n128×784, used whole", text("chainLocal-0"));
        assertEquals("product\n1×784\n28 a line", caption("chainProduct-0"));
        assertTrue(text("chainHow-0").startsWith("a matrix product"), text("chainHow-0"));
        assertEquals("local derivative\n= x (with G transposed)\n1×784, used whole", text("chainLocal-1"));
        assertEquals("product\n128×784", caption("chainProduct-1"));
        // two heatmaps and the operand in words
        assertEquals(2, robot.lookup("#chainMaps-0").lookup(".image-view").queryAll().size());
        assertEquals("1×784", x.shape());

        // relu: element by element, its local derivative 1 where the unit is on, else 0
        Tensor relu = view.shown().nodes().stream().filter(t -> t.op().equals("relu")).findFirst().orElseThrow();
        robot.interact(() -> view.inspect(relu));
        assertEquals("upstream gradient\n1×128\n16 a line", caption("chainUpstream-0"));
        assertEquals("local derivative\n1×128\n16 a line", caption("chainLocal-0"));
        assertEquals("product\n1×128\n16 a line", caption("chainProduct-0"));
        assertEquals(3, robot.lookup("#chainMaps-0").lookup(".image-view").queryAll().size());
        assertTrue(text("chainHow-0").startsWith("entry by entry"), text("chainHow-0"));
    }

    private ForwardWalk.State state(Tensor t) {
        return (ForwardWalk.State) view.picture().boxOf(t).getProperties().get("state");
    }

    @Test
    void stepForwardComputesOneNodeAtATimeInTopologicalOrder() {
        formula("x*(z+a)", "x=2 z=1 a=1");
        robot.interact(view::stepForward);
        Tensor y = view.shown().output(), sum = op("add");
        assertEquals("not computed", text("value-" + y.id()));
        assertEquals("not computed", text("value-" + sum.id()));
        assertEquals(ForwardWalk.State.NOT_COMPUTED, state(y));
        assertEquals(ForwardWalk.State.LEAF, state(leaf("x")));
        assertTrue(robot.lookup("#lazyLegend").query().isVisible(), "the colours are explained");
        robot.interact(view::stepForward);
        assertEquals("step 1: computed add#" + sum.id() + " = z + a = 2; its inputs were all up to date", text("walkStatus"));
        assertEquals("= 2", text("value-" + sum.id()));
        assertEquals("not computed", text("value-" + y.id()));
        robot.interact(view::stepForward);
        assertEquals("step 2: computed mul#" + y.id() + " = x·(z + a) = 4; every node is up to date now", text("walkStatus"));
        assertEquals(ForwardWalk.State.UP_TO_DATE, state(y));
        assertEquals(ForwardWalk.State.UP_TO_DATE, state(sum));
    }

    @Test
    void changingAValueMarksExactlyTheNodesDownstreamStaleAndStepForwardRecomputesOnlyThem() {
        formula("3*x*x*x + 4*x + 1 + x*z", "x=2 z=0");
        robot.interact(view::stepForward);
        for (int i = 0; i < 8; i++) {
            robot.interact(view::stepForward);
        }
        assertTrue(text("walkStatus").contains("every node is up to date now"), text("walkStatus"));
        robot.interact(() -> view.setValues("x=2 z=1"));
        List<Tensor> stale = view.shown().nodes().stream().filter(t -> state(t) == ForwardWalk.State.STALE).toList();
        assertEquals(2, stale.size(), "x·z and the last sum, the only node above it: " + stale);
        assertEquals("mul", stale.get(0).op());
        assertEquals("z changed: the nodes downstream of it are stale. Step forward computes only those again.", text("walkStatus"));
        Tensor y = view.shown().output();
        assertEquals("stale", text("grad-" + y.id()), "its second line says so");
        assertEquals("= 33", text("value-" + y.id()), "it still holds the value it was computed to");
        for (int i = 0; i < 2; i++) {
            robot.interact(view::stepForward);
            assertTrue(text("walkStatus").contains("computed again"), text("walkStatus"));
        }
        assertEquals("= 35", text("value-" + y.id()));
        assertFalse(view.shown().nodes().stream().anyMatch(t -> state(t) == ForwardWalk.State.STALE));
    }
}
