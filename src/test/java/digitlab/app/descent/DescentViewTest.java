package digitlab.app.descent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import javafx.application.Application;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
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
import digitlab.app.descent.DescentPresenter.Point;
import digitlab.engine.Tensor;
import digitlab.expr.Expression;

/** The Descent view, headless: what a learner sees when descending with a small rate, a large one, and in x and z. */
@Tag("gui")
class DescentViewTest {
    private final FxRobot robot = new FxRobot();
    private Application app;
    private DescentView view;

    @BeforeEach
    void openTheDescentTab() throws Exception {
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(DigitLabApp.class);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> robot.lookup(".tab-pane").queryAs(TabPane.class).getSelectionModel().select(3));
        view = robot.lookup("#descentView").queryAs(DescentView.class);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void closeTheApp() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    private String text(String id) {
        return robot.lookup("#" + id).queryAs(Label.class).getText();
    }

    private Button button(String id) {
        return robot.lookup("#" + id).queryAs(Button.class);
    }

    @SuppressWarnings("unchecked")
    private void example(int index) {
        robot.interact(() -> robot.lookup("#examples").queryAs(ChoiceBox.class).getSelectionModel().select(index));
    }

    private void rate(String text) {
        robot.interact(() -> {
            TextField f = robot.lookup("#rateField").queryAs(TextField.class);
            f.setText(text);
            f.fireEvent(new ActionEvent());
        });
    }

    private void descend(int times) {
        robot.interact(() -> {
            for (int i = 0; i < times; i++) {
                button("descend").fire();
            }
        });
    }

    @Test
    void aSmallRateOnTheBowlConvergesToXEquals3AndTheViewSaysConverged() {
        example(0);
        rate("0.1");
        descend(1);
        assertTrue(text("verdict").startsWith("Converging"), text("verdict"));
        assertTrue(text("point").startsWith("Now: x = -0.2, y = 10.24, dy/dx = -6.4"), text("point"));
        descend(100);
        assertTrue(text("verdict").startsWith("Converged after 57 steps: x = 3"), text("verdict"));
        assertTrue(button("descend").isDisabled(), "nothing left to descend");
        assertEquals(3, view.presenter().current().at()[0], 1e-4);
    }

    @Test
    void aLargeRateOnTheBowlDivergesStopsAndSaysHowFarXWent() {
        example(0);
        rate("1.5");
        descend(1);
        assertTrue(text("verdict").startsWith("Overshooting and diverging"), text("verdict"));
        descend(100);
        assertTrue(text("verdict").startsWith("Diverged: x = -1.049e6 at step 18"), text("verdict"));
        assertTrue(text("point").startsWith("Now: x = -1.049e6"), text("point"));
        assertTrue(button("descend").isDisabled());
        // Reset starts over, and a small rate then converges
        robot.interact(() -> button("reset").fire());
        rate("0.3");
        descend(200);
        assertTrue(text("verdict").startsWith("Converged"), text("verdict"));
    }

    @Test
    void theTangentDrawnHasTheEnginesDerivativeAsItsSlope() {
        example(2);
        descend(3);
        Point now = view.presenter().current();
        Expression e = Expression.parse("2*x^3 + 4*x^2 + 3*x + 2");
        e.set("x", (float) now.at()[0]);
        Tensor y = e.output();
        y.backward();
        float engine = e.variables().get("x").gradItem();
        assertNotNull(view.tangent());
        assertEquals(engine, view.tangent().slope(), 1e-4 * Math.abs(engine));
        assertEquals(now.y(), (view.tangent().y1() + view.tangent().y2()) / 2, 1e-4, "the tangent touches the curve at the point");
        assertTrue(text("point").endsWith("dy/dx = " + DescentPresenter.number(engine)), text("point"));
    }

    @Test
    void theSliderSetsTheRateOnALogScaleAndTheFieldFollows() {
        robot.interact(() -> robot.lookup("#rateSlider").queryAs(Slider.class).setValue(0));
        assertEquals("1", robot.lookup("#rateField").queryAs(TextField.class).getText());
        assertEquals(1, view.presenter().rate());
        rate("0.02");
        assertEquals(Math.log10(0.02), robot.lookup("#rateSlider").queryAs(Slider.class).getValue(), 1e-12);
        assertEquals(0.02, view.presenter().rate());
    }

    @Test
    void runTakesStepsByItselfUntilConvergedAndStopStopsIt() throws Exception {
        example(0);
        rate("0.4");
        robot.interact(() -> button("run").fire());
        assertTrue(view.running());
        assertEquals("_Stop", button("run").getText());
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.presenter().finished());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(view.running());
        assertTrue(text("verdict").startsWith("Converged"), text("verdict"));
        robot.interact(() -> button("reset").fire());
        rate("1");
        robot.interact(() -> button("run").fire());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.presenter().path().size() >= 3);
        robot.interact(() -> button("run").fire());
        int steps = view.presenter().path().size();
        assertFalse(view.running());
        WaitForAsyncUtils.sleep(3 * DescentView.RUN_MILLIS, TimeUnit.MILLISECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(steps, view.presenter().path().size(), "no step after Stop");
        assertTrue(text("verdict").startsWith("Oscillating"), text("verdict"));
    }

    @Test
    void theContourModeMovesBothXAndZAgainstTheirPartialDerivatives() throws Exception {
        example(4);
        assertEquals("x^2 + 5*z^2", robot.lookup("#descentFormula").queryAs(TextField.class).getText());
        descend(1);
        Point now = view.presenter().current();
        assertEquals(3.6, now.at()[0], 1e-6);
        assertEquals(1, now.at()[1], 1e-6);
        assertTrue(text("point").startsWith("Now: x = 3.6, z = 1, y = 17.96, dy/dx = 7.2, dy/dz = 10"), text("point"));
        assertNull(view.tangent(), "no tangent line in the contour picture");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.contours() != null);
        ContourGrid grid = view.contours();
        assertEquals("x^2 + 5*z^2", grid.formula());
        assertTrue(grid.xs().contains(0) && grid.zs().contains(0) && grid.xs().contains(4) && grid.zs().contains(2),
                "the contours show the start and the bottom: " + grid.xs() + " × " + grid.zs());
        descend(300);
        assertTrue(text("verdict").startsWith("Converged"), text("verdict"));
    }

    @Test
    void aFormulaThatDoesNotParseOrHasThreeVariablesIsShownAsAProblem() {
        robot.interact(() -> {
            TextField f = robot.lookup("#descentFormula").queryAs(TextField.class);
            f.setText("x*(z+");
            f.fireEvent(new ActionEvent());
        });
        assertTrue(text("descentProblem").startsWith("column 6"), text("descentProblem"));
        robot.interact(() -> {
            TextField f = robot.lookup("#descentFormula").queryAs(TextField.class);
            f.setText("x*z*a");
            f.fireEvent(new ActionEvent());
        });
        assertTrue(text("descentProblem").contains("one or two variables"), text("descentProblem"));
        assertNotEquals("", text("verdict"), "the last good descent stays on show");
    }
}
