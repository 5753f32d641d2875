package digitlab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Screen;
import javafx.stage.Stage;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import digitlab.app.draw.DrawView;
import digitlab.model.Model;
import digitlab.model.ModelFile;
import digitlab.model.Provenance;
import digitlab.nn.Parameters;

/** The real application starts, shows its window, computes, and shuts down cleanly, without a display. */
@Tag("gui")
class DigitLabAppTest {
    /** The shipped model the Draw view starts with: the one that reads drawn digits best. */
    private static final String SHIPPED_FIRST = "mnist-cnn";

    @Test
    void theWindowTitledDigitLabOpensComputesAFormulaAndClosesCleanly() throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        Application app = FxToolkit.setupApplication(DigitLabApp.class);
        WaitForAsyncUtils.waitForFxEvents();
        FxRobot robot = new FxRobot();

        assertTrue(stage.isShowing());
        assertEquals("DigitLab", stage.getTitle());
        // the Train and Graph views are built when first shown
        assertTrue(robot.lookup("#graphView").tryQuery().isEmpty());
        robot.interact(() -> robot.lookup(".tab-pane").queryAs(TabPane.class).getSelectionModel().select(2));
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
    void theWindowComesBackAtItsLastSizeAndPlaceWithTheLastModelAndHasAnIcon(@TempDir Path dir) throws Exception {
        Path modelFile = dir.resolve("mine.json");
        ModelFile.save(new Model("mine", Parameters.initial(new int[] {784, 128, 64, 10}, 3),
                Provenance.unknown()), modelFile);
        Path config = dir.resolve("config");
        Settings.defaults().withWindow(900, 640, 30, 40, false).withLastModel(modelFile.toString()).save(config);
        withConfig(config, () -> {
            Stage stage = FxToolkit.registerPrimaryStage();
            Application app = FxToolkit.setupApplication(DigitLabApp.class);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(List.of(30.0, 40.0, 900.0, 640.0), List.of(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()),
                    "the window's place and size");
            assertEquals(List.of(800.0, 600.0), List.of(stage.getMinWidth(), stage.getMinHeight()), "the minimum size");
            assertFalse(stage.getIcons().isEmpty(), "the window has an icon");
            DrawView draw = new FxRobot().lookup("#drawView").queryAs(DrawView.class);
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> draw.model() != null && draw.model().name().equals("mine"));
            new FxRobot().interact(() -> {
                stage.setX(60);
                stage.setWidth(1000);
                stage.setHeight(700);
            });
            WaitForAsyncUtils.waitForFxEvents();
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
            Settings saved = Settings.load(config);
            assertEquals(Settings.defaults().withWindow(1000, 700, 60, 40, false).withLastModel(modelFile.toAbsolutePath().toString()),
                    saved, "the window's size and place, as the stage has them");
        });
    }

    @Test
    void theFirstStartOpensAt85PercentOfTheScreenCentredAndCtrlQClosesTheWindow(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("config");
        withConfig(config, () -> {
            Stage stage = FxToolkit.registerPrimaryStage();
            Application app = FxToolkit.setupApplication(DigitLabApp.class);
            WaitForAsyncUtils.waitForFxEvents();
            Rectangle2D screen = Screen.getPrimary().getVisualBounds();
            double w = Math.min(1440, Math.round(screen.getWidth() * 0.85)), h = Math.min(900, Math.round(screen.getHeight() * 0.85));
            assertEquals(List.of(w, h), List.of(stage.getWidth(), stage.getHeight()), "85% of " + screen);
            assertEquals((screen.getWidth() - w) / 2, stage.getX(), 1, "centred");
            assertEquals((screen.getHeight() - h) / 2, stage.getY(), 1, "centred");
            FxRobot robot = new FxRobot();
            robot.clickOn("#drawTab");
            robot.press(KeyCode.CONTROL, KeyCode.Q).release(KeyCode.Q, KeyCode.CONTROL);
            WaitForAsyncUtils.waitForFxEvents();
            assertFalse(stage.isShowing(), "Ctrl+Q closed the window");
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
            Settings saved = Settings.load(config);
            assertEquals(List.of(w, h), List.of(saved.width(), saved.height()), "the size is remembered");
        });
    }

    @Test
    void askedForALayoutReportTheAppWritesTheViewTheWindowAndEveryControlOnTheScreen(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("layout.json");
        System.setProperty(LayoutReport.PROPERTY, report.toString());
        try {
            withConfig(dir.resolve("config"), () -> {
                Stage stage = FxToolkit.registerPrimaryStage();
                Application app = FxToolkit.setupApplication(DigitLabApp.class);
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(report));
                JsonNode first = new ObjectMapper().readTree(report.toFile());
                assertEquals("DRAW", first.path("view").asText());
                assertEquals(stage.getWidth(), first.path("window").path("width").asDouble(), 0.5);
                assertTrue(first.path("controls").size() > 5, first.toString());
                new FxRobot().press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
                WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                        () -> new ObjectMapper().readTree(report.toFile()).path("view").asText().equals("GRAPH"));
                JsonNode graph = new ObjectMapper().readTree(report.toFile());
                JsonNode formula = null;
                for (JsonNode c : graph.path("controls")) {
                    formula = c.path("name").asText().equals("TextField #formula") ? c : formula;
                }
                assertTrue(formula != null, "the Graph view's formula field is in the report: " + graph);
                Node field = new FxRobot().lookup("#formula").query();
                assertEquals(field.localToScreen(field.getLayoutBounds()).getMinX(), formula.path("x").asDouble(), 0.5,
                        "its place on the screen");
                FxToolkit.cleanupApplication(app);
                FxToolkit.cleanupStages();
            });
        } finally {
            System.clearProperty(LayoutReport.PROPERTY);
        }
    }

    private interface FxSteps {
        void run() throws Exception;
    }

    /** Runs {@code steps} with the settings in {@code config}. */
    private static void withConfig(Path config, FxSteps steps) throws Exception {
        String before = System.getProperty("digitlab.config");
        System.setProperty("digitlab.config", config.toString());
        try {
            steps.run();
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
        assertTrue(text.startsWith(SHIPPED_FIRST + " | "), text);
        assertTrue(text.contains("The model used last time could not be read") && text.contains(gone.toString())
                && text.contains("no such model file") && text.contains("shipped"), text);
    }

    @Test
    void aLastModelPathWithANulStillOpensTheWindowWithTheShippedModel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        String text = statusWithSettings(dir.resolve("config"), "window.width=900\nmodel.last=/home/me/a\\u0000b.json\n",
                status -> true);
        assertEquals(SHIPPED_FIRST + " | ", text);
    }
}
