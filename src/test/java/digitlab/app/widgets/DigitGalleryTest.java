package digitlab.app.widgets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import digitlab.dataset.Dataset;
import digitlab.image.InkImage;

@Tag("gui")
class DigitGalleryTest {
    private final FxRobot robot = new FxRobot();
    private final List<InkImage> clicked = new ArrayList<>();
    private DigitGallery gallery;
    /** 500 images of 28×28, image i labelled i % 10, its pixels differing from every other image's. */
    private final Dataset images = dataset(500);
    /** The odd images, 250 of them. */
    private final int[] odd = new int[250];
    /** Predictions for every image: (label + 3) % 10. */
    private final int[] predictions = new int[500];

    private static Dataset dataset(int count) {
        byte[] pixels = new byte[count * 784], labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
            for (int p = 0; p < 784; p++) {
                pixels[i * 784 + p] = (byte) (i * 7 + p * 13);
            }
        }
        return new Dataset("test", count, 28, 28, pixels, labels);
    }

    @BeforeEach
    void showTheGallery() throws Exception {
        for (int k = 0; k < odd.length; k++) {
            odd[k] = 2 * k + 1;
        }
        for (int i = 0; i < predictions.length; i++) {
            predictions[i] = (i + 3) % 10;
        }
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupSceneRoot(() -> {
            gallery = new DigitGallery();
            gallery.setOnDigitClicked(clicked::add);
            gallery.show(images, odd, predictions, 60);
            return gallery;
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

    private String header() {
        return robot.lookup("#galleryHeader").queryAs(Label.class).getText();
    }

    private void assertIsImage(int image, InkImage ink) {
        assertEquals(28, ink.width());
        assertEquals(28, ink.height());
        for (int p = 0; p < 784; p++) {
            assertEquals(images.pixel(image, p) / 255f, ink.ink()[p], "pixel " + p);
        }
    }

    @Test
    void aCutListSaysHowManyOfHowManyAreShown() {
        assertEquals("showing 60 of 250", header());
        assertEquals(60, gallery.tileCount());
        assertTrue(robot.lookup("#digit-119").tryQuery().isPresent(), "the 60th odd image");
        assertFalse(robot.lookup("#digit-121").tryQuery().isPresent(), "the 61st is left out");
        assertFalse(robot.lookup("#digit-2").tryQuery().isPresent());
    }

    @Test
    void aWholeListSaysHowManyImagesItHas() {
        robot.interact(() -> gallery.show(images, new int[] {4, 9, 16}, predictions, 60));
        assertEquals("3 images", header());
        assertEquals(3, gallery.tileCount());
        robot.interact(() -> gallery.show(images, new int[] {4}, predictions, 1));
        assertEquals("1 image", header());
        robot.interact(() -> gallery.show(null, null, null, 60));
        assertEquals("no images", header());
        assertEquals(0, gallery.tileCount());
    }

    @Test
    void eachTileShowsTheImageAtTwiceItsSizeOverItsTrueAndPredictedDigits() {
        VBox tile = robot.lookup("#digit-17").queryAs(VBox.class);
        ImageView view = (ImageView) tile.getChildren().get(0);
        assertEquals(56, view.getFitWidth());
        assertEquals(56, view.getFitHeight());
        assertFalse(view.isSmooth());
        assertEquals(28, view.getImage().getWidth());
        // pixel (3, 0) of image 17 is 7·17 + 13·3 mod 256 = 158: grey 158 on screen
        assertEquals(158, view.getImage().getPixelReader().getArgb(3, 0) & 0xFF);
        assertEquals("true 7 → 0", ((Label) tile.getChildren().get(1)).getText());
        robot.interact(() -> gallery.show(images, odd, null, 5));
        assertEquals("true 7", ((Label) robot.lookup("#digit-7").queryAs(VBox.class).getChildren().get(1)).getText());
    }

    @Test
    void clickingATileHandsOverItsImageAsInk() {
        robot.clickOn("#digit-3");
        robot.clickOn("#digit-17");
        assertEquals(2, clicked.size());
        assertIsImage(3, clicked.get(0));
        assertIsImage(17, clicked.get(1));
    }

    @Test
    void enterOnATileReachedWithTabActsLikeAClick() {
        robot.clickOn("#digit-1");
        robot.type(KeyCode.TAB);
        assertTrue(robot.lookup("#digit-3").query().isFocused());
        robot.type(KeyCode.ENTER);
        assertEquals(2, clicked.size());
        assertIsImage(3, clicked.get(1));
    }

    @Test
    void aTileGivenTheFocusOutOfSightIsScrolledIntoView() {
        robot.interact(() -> gallery.show(images, odd, predictions, 250));
        WaitForAsyncUtils.waitForFxEvents();
        Node last = robot.lookup("#digit-499").query();
        robot.interact(last::requestFocus);
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(gallery.getVvalue() > 0.9, "scrolled to " + gallery.getVvalue());
        Bounds tile = last.localToScene(last.getBoundsInLocal()), pane = gallery.localToScene(gallery.getBoundsInLocal());
        assertTrue(tile.getMinY() >= pane.getMinY() && tile.getMaxY() <= pane.getMaxY(), tile + " in " + pane);
    }

    @Test
    void inkOfDividesEveryPixelBy255() {
        InkImage ink = DigitGallery.inkOf(images, 42);
        assertIsImage(42, ink);
        assertTrue(ink.ink() != DigitGallery.inkOf(images, 42).ink(), "a new array each time");
    }

    @Test
    void aNegativeLimitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> gallery.show(images, odd, predictions, -1));
    }
}
