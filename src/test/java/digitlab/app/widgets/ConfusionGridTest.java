package digitlab.app.widgets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.Background;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

@Tag("gui")
class ConfusionGridTest {

    @Test
    void shadeIsZeroForNoImagesOrAnEmptyRow() {
        assertEquals(0, ConfusionGrid.shade(0, 100));
        assertEquals(0, ConfusionGrid.shade(5, 0));
        assertEquals(0, ConfusionGrid.shade(-1, 10));
    }

    @Test
    void shadeIsTheSquareRootOfTheShareOfTheRowSoThatRareMistakesShow() {
        assertEquals(1, ConfusionGrid.shade(980, 980));
        assertEquals(0.1, ConfusionGrid.shade(10, 1000), 1e-12);
        assertEquals(0.5, ConfusionGrid.shade(25, 100), 1e-12);
        assertEquals(1, ConfusionGrid.shade(12, 10), "never beyond 1");
        assertTrue(ConfusionGrid.shade(3, 1000) < ConfusionGrid.shade(4, 1000));
    }

    /** The grid on a headless screen. */
    @Nested
    class OnScreen {
        private final FxRobot robot = new FxRobot();
        private final List<String> clicks = new ArrayList<>();
        private ConfusionGrid grid;

        /** A 10×10 matrix with 90 right on each row except row 3: 80 right, 12 read as 5, 1 as 8. */
        private int[][] confusion() {
            int[][] c = new int[10][10];
            for (int t = 0; t < 10; t++) {
                c[t][t] = 90;
            }
            c[3][3] = 80;
            c[3][5] = 12;
            c[3][8] = 1;
            return c;
        }

        @BeforeEach
        void showTheGrid() throws Exception {
            FxToolkit.registerPrimaryStage();
            FxToolkit.setupSceneRoot(() -> {
                grid = new ConfusionGrid(10);
                grid.setOnCellClicked((t, p) -> clicks.add(t + "→" + p));
                grid.show(confusion());
                return new StackPane(grid);
            });
            FxToolkit.setupStage(stage -> {
                stage.setWidth(700);
                stage.setHeight(500);
                stage.show();
            });
            WaitForAsyncUtils.waitForFxEvents();
        }

        @AfterEach
        void closeTheStage() throws Exception {
            FxToolkit.cleanupStages();
        }

        private Label cell(int t, int p) {
            return robot.lookup("#cell-" + t + "-" + p).queryAs(Label.class);
        }

        private Color fill(int t, int p) {
            robot.interact(() -> grid.applyCss());
            Background b = cell(t, p).getBackground();
            return b == null || b.getFills().isEmpty() ? Color.TRANSPARENT : (Color) b.getFills().get(0).getFill();
        }

        @Test
        void everyCellShowsItsCountAndSaysWhatItCountsInItsTooltip() {
            assertEquals("12", cell(3, 5).getText());
            assertEquals("0", cell(5, 3).getText());
            assertEquals("true 3, predicted 5: 12 images", cell(3, 5).getTooltip().getText());
            assertEquals("true 3, predicted 8: 1 image", cell(3, 8).getTooltip().getText());
            assertEquals("true 3, predicted 8: 1 image", cell(3, 8).getAccessibleText());
        }

        @Test
        void theDiagonalIsGreenMistakesAreRedAndZerosArePlain() {
            Color right = fill(3, 3), wrong = fill(3, 5), none = fill(5, 3);
            assertTrue(right.getGreen() > right.getRed() + 0.2, right.toString());
            assertTrue(wrong.getRed() > wrong.getGreen() + 0.2, wrong.toString());
            assertEquals(Color.WHITE, none);
            // 12 of 93 shades more than 1 of 93
            assertTrue(fill(3, 8).getGreen() > wrong.getGreen());
        }

        @Test
        void clickingACellHandsOverItsTrueAndPredictedDigits() {
            robot.clickOn("#cell-3-5");
            robot.clickOn("#cell-0-0");
            assertEquals(List.of("3→5", "0→0"), clicks);
        }

        @Test
        void enterOrSpaceOnACellReachedWithTabActsLikeAClick() {
            robot.clickOn("#cell-3-5");
            robot.type(KeyCode.TAB);
            assertTrue(cell(3, 6).isFocused(), "Tab moves along the row");
            robot.type(KeyCode.ENTER);
            robot.type(KeyCode.SPACE);
            assertEquals(List.of("3→5", "3→6", "3→6"), clicks);
        }

        @Test
        void anEmptyGridShowsNothingAndIgnoresClicks() {
            robot.interact(() -> grid.show(null));
            assertEquals("", cell(3, 5).getText());
            assertNull(cell(3, 5).getTooltip());
            assertEquals(Color.WHITE, fill(3, 3));
            robot.clickOn("#cell-3-5");
            assertEquals(List.of(), clicks);
            robot.interact(() -> grid.show(confusion()));
            assertEquals("12", cell(3, 5).getText());
        }

        @Test
        void aMatrixOfTheWrongSizeIsRefused() {
            assertThrows(IllegalArgumentException.class, () -> grid.show(new int[9][10]));
            assertThrows(IllegalArgumentException.class, () -> grid.show(new int[][] {new int[10], null,
                new int[10], new int[10], new int[10], new int[10], new int[10], new int[10], new int[10], new int[10]}));
        }
    }
}
