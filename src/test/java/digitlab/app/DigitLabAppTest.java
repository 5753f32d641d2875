package digitlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The real application starts, shows its window, computes, and shuts down cleanly, without a display. */
class DigitLabAppTest {

    @Test
    void theWindowTitledDigitLabOpensComputesAFormulaAndClosesCleanly() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        Application app = FxToolkit.setupApplication(DigitLabApp.class);
        WaitForAsyncUtils.waitForFxEvents();
        FxRobot robot = new FxRobot();

        assertTrue(stage.isShowing());
        assertEquals("DigitLab", stage.getTitle());
        Label result = robot.lookup("#result").queryAs(Label.class);
        assertEquals("y = 33\ndy/dx = 40\ndy/dz = 2", result.getText());

        robot.interact(() -> robot.lookup("#values").queryAs(TextField.class).setText("x=1 z=5"));
        assertEquals("y = 13\ndy/dx = 18\ndy/dz = 1", result.getText());

        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(stage.isShowing());
    }
}
