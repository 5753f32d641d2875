package digitlab.app.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javafx.scene.Scene;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import digitlab.app.shared.AppState;
import digitlab.app.widgets.LayoutAudit;
import digitlab.model.Model;
import digitlab.model.Provenance;
import digitlab.nn.Parameters;
import digitlab.nn.TrainingConfig;

/** The Graph view alone at the window's smallest and at its first-start size: everything reachable, nothing cut. */
@Tag("gui")
class GraphViewLayoutTest {
    private static final double[][] SIZES = {{800, 530}, {1224, 740}};
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startTheToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    /** Shows a new view in a window of width×height, brings it to a state, and returns what LayoutAudit finds. */
    private List<String> problems(double width, double height, AppState state, Consumer<GraphView> into) throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        GraphView[] view = new GraphView[1];
        Scene[] scene = new Scene[1];
        robot.interact(() -> {
            view[0] = new GraphView(state);
            scene[0] = new Scene(view[0], width, height);
            stage.setScene(scene[0]);
            stage.sizeToScene();
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        into.accept(view[0]);
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked") List<String>[] out = new List[1];
        robot.interact(() -> out[0] = LayoutAudit.problems(scene[0]));
        robot.interact(view[0]::close);
        return out[0];
    }

    private void assertAllReachable(String state, AppState app, Consumer<GraphView> into) throws Exception {
        for (double[] size : SIZES) {
            assertEquals(List.of(), problems(size[0], size[1], app, into), state + " at " + size[0] + "×" + size[1]);
        }
    }

    /** Picks the network on the drawing and waits for its graph, whose description contains {@code model}. */
    private void showDrawing(GraphView v, String model) {
        robot.interact(() -> robot.lookup("#drawSource").queryAs(RadioButton.class).setSelected(true));
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> v.shown() != null && v.shown().description().contains(model));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the drawing's graph was not built", e);
        }
    }

    private void type(String id, String text) {
        robot.interact(() -> robot.lookup("#" + id).queryAs(TextField.class).setText(text));
    }

    @Test
    void theFormulaBeforeAndAfterBackwardIsAllReachableAndUncut() throws Exception {
        assertAllReachable("the first formula", new AppState(), v -> { });
        assertAllReachable("after Finish backward, the output inspected", new AppState(), v -> robot.interact(() -> {
            v.stepWalk();
            v.finishWalk();
            v.inspect(v.shown().output());
        }));
        assertAllReachable("the sine example", new AppState(), v -> type("formula", "sin(2*x^3 + 4*x^2 + 3*x + 2)"));
    }

    @Test
    void aFormulaErrorAndManyVariablesAreAllReachableAndUncut() throws Exception {
        assertAllReachable("a half-typed formula", new AppState(), v -> type("formula", "x^2 + sin(x"));
        assertAllReachable("six variables", new AppState(), v -> type("formula", "a*b + c*d + e*f + x"));
    }

    @Test
    void theNetworkSourcesWithALongModelNameAreAllReachableAndUncut() throws Exception {
        AppState state = new AppState();
        Parameters p = Parameters.initial(TrainingConfig.MNIST_LAYERS, 1);
        float[] pixels = new float[784], probabilities = new float[10];
        probabilities[3] = 1;
        state.lastDrawing.set(new AppState.DrawnDigit(new Model("a model with a rather long name, trained overnight on "
                + "every digit of the training set with augmentation", p, Provenance.unknown()), pixels, probabilities, 3));
        assertAllReachable("the network on a drawing", state, v -> showDrawing(v, "rather long"));
        for (String name : List.of("W1", "x", "b3")) {
            assertAllReachable("the network on a drawing, " + name + " inspected", state, v -> {
                showDrawing(v, "rather long");
                robot.interact(() -> v.inspect(v.shown().nodes().stream().filter(t -> name.equals(t.name())).findFirst().orElseThrow()));
            });
        }
        assertAllReachable("waiting for a training batch", new AppState(),
                v -> robot.interact(() -> robot.lookup("#trainSource").queryAs(RadioButton.class).setSelected(true)));
    }

    @Test
    void aCnnsKernelsAndFeatureMapsInspectedAreAllReachableAndUncut() throws Exception {
        AppState state = GraphViewCnnTest.drawnWith("cnn");
        for (String name : List.of("K1", "K2", "relu")) {
            assertAllReachable("the cnn preset on a drawing, " + name + " inspected", state, v -> {
                showDrawing(v, "small cnn");
                robot.interact(() -> v.inspect(v.shown().nodes().stream()
                        .filter(t -> name.equals(t.name()) || name.equals(t.op())).findFirst().orElseThrow()));
            });
        }
    }

    @Test
    void theGraphIsFittedAgainWhenTheWindowGrowsUnlessAPersonZoomed() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        GraphView[] view = new GraphView[1];
        robot.interact(() -> {
            view[0] = new GraphView(new AppState());
            stage.setScene(new Scene(view[0], 800, 530));
            stage.sizeToScene();
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        GraphCanvas canvas = view[0].canvas();
        double small = canvas.scale();
        robot.interact(() -> {
            stage.setWidth(1400);
            stage.setHeight(880);
        });
        WaitForAsyncUtils.waitForFxEvents();
        double large = canvas.scale();
        assertTrue(large > small * 1.2, "the graph grew with the window: " + small + " → " + large);
        robot.interact(() -> canvas.zoomAt(0.5, 10, 10)); // as the wheel does
        double zoomed = canvas.scale();
        robot.interact(() -> {
            stage.setWidth(900);
            stage.setHeight(620);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(zoomed, canvas.scale(), "a zoom by hand is kept");
        robot.interact(view[0]::fit);
        assertTrue(canvas.scale() != zoomed, "Fit brings the whole graph back");
        robot.interact(view[0]::close);
    }
}
