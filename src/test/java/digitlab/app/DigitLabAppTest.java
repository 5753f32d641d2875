package digitlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The real application starts, shows its window, computes, and shuts down cleanly, without a display. */
@Tag("gui")
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

        robot.interact(() -> {
            robot.lookup("#var-x").queryAs(TextField.class).setText("1");
            robot.lookup("#var-z").queryAs(TextField.class).setText("5");
        });
        assertEquals("y = 13\ndy/dx = 18\ndy/dz = 1", result.getText());

        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(stage.isShowing());
    }

    @Test
    void theWindowComesBackAtItsLastSizeWithTheLastModelAndHasAnIcon(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path modelFile = dir.resolve("mine.json");
        digitlab.model.ModelFile.save(new digitlab.model.Model("mine", digitlab.nn.Parameters.initial(new int[] {784, 128, 64, 10}, 3),
                digitlab.model.Model.RELU, digitlab.model.Provenance.unknown()), modelFile);
        java.nio.file.Path config = dir.resolve("config");
        Settings.defaults().withWindow(900, 640, Double.NaN, Double.NaN).withLastModel(modelFile.toString()).save(config);
        String before = System.getProperty("digitlab.config");
        System.setProperty("digitlab.config", config.toString());
        try {
            Stage stage = FxToolkit.registerPrimaryStage();
            Application app = FxToolkit.setupApplication(DigitLabApp.class);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(900, stage.getScene().getWidth(), 0.5);
            assertEquals(640, stage.getScene().getHeight(), 0.5);
            assertFalse(stage.getIcons().isEmpty(), "the window has an icon");
            digitlab.app.draw.DrawView draw = new FxRobot().lookup("#drawView").queryAs(digitlab.app.draw.DrawView.class);
            WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS,
                    () -> draw.model() != null && draw.model().name().equals("mine"));
            new FxRobot().interact(() -> {
                stage.setWidth(1000);
                stage.setHeight(700);
            });
            WaitForAsyncUtils.waitForFxEvents();
            double width = stage.getScene().getWidth(), height = stage.getScene().getHeight();
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
            Settings saved = Settings.load(config);
            assertEquals(width, saved.width(), 0.5);
            assertEquals(height, saved.height(), 0.5);
            assertEquals(modelFile.toAbsolutePath().toString(), saved.lastModel());
        } finally {
            if (before == null) {
                System.clearProperty("digitlab.config");
            } else {
                System.setProperty("digitlab.config", before);
            }
        }
    }

    /**
     * Starts the app with {@code settingsText} as its settings file; once a model reads and the status line
     * passes {@code settled}, returns the model's name and the status line.
     */
    private static String statusWithSettings(java.nio.file.Path config, String settingsText,
            java.util.function.Predicate<String> settled) throws Exception {
        java.nio.file.Files.createDirectories(config);
        java.nio.file.Files.writeString(config.resolve(Settings.FILE), settingsText);
        String before = System.getProperty("digitlab.config");
        System.setProperty("digitlab.config", config.toString());
        try {
            Stage stage = FxToolkit.registerPrimaryStage();
            Application app = FxToolkit.setupApplication(DigitLabApp.class);
            WaitForAsyncUtils.waitForFxEvents();
            assertTrue(stage.isShowing(), "the window opened");
            assertEquals(900, stage.getScene().getWidth(), 0.5, "the good settings are still used");
            digitlab.app.draw.DrawView draw = new FxRobot().lookup("#drawView").queryAs(digitlab.app.draw.DrawView.class);
            Label status = (Label) draw.lookup("#status");
            WaitForAsyncUtils.waitFor(20, java.util.concurrent.TimeUnit.SECONDS, () -> draw.model() != null
                    && settled.test(status.getText()));
            WaitForAsyncUtils.waitForFxEvents();
            String text = draw.model().name() + " | " + status.getText();
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
            return text;
        } finally {
            if (before == null) {
                System.clearProperty("digitlab.config");
            } else {
                System.setProperty("digitlab.config", before);
            }
        }
    }

    @Test
    void aLastModelFileThatIsGoneLeavesTheShippedModelInUseAndTheStatusLineSaysSo(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path gone = dir.resolve("gone.json");
        String text = statusWithSettings(dir.resolve("config"), "window.width=900\nmodel.last=" + gone + "\n",
                status -> status.contains("shipped"));
        assertTrue(text.startsWith(digitlab.model.ModelFile.loadBundled().name() + " | "), text);
        assertTrue(text.contains("The model used last time could not be read") && text.contains(gone.toString())
                && text.contains("no such model file") && text.contains("shipped"), text);
    }

    @Test
    void aLastModelPathWithANulStillOpensTheWindowWithTheShippedModel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String text = statusWithSettings(dir.resolve("config"), "window.width=900\nmodel.last=/home/me/a\\u0000b.json\n",
                status -> true);
        assertEquals(digitlab.model.ModelFile.loadBundled().name() + " | ", text);
    }
}
