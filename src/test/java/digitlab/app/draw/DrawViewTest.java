package digitlab.app.draw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Arrays;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javafx.application.Application;
import javafx.geometry.Point2D;
import javafx.scene.AccessibleRole;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.GridPane;
import javafx.scene.paint.Color;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import digitlab.app.DigitLabApp;
import digitlab.app.shared.AppState;
import digitlab.app.widgets.ColourScale;
import digitlab.image.ImageFiles;
import digitlab.image.InkImage;
import digitlab.model.Model;
import digitlab.model.ModelFile;
import digitlab.model.Provenance;
import digitlab.nn.Classifier;
import digitlab.nn.Parameters;

/** A robot draws on the Draw view's canvas, headless, and reads what the view says. */
@Tag("gui")
class DrawViewTest {
    private final FxRobot robot = new FxRobot();
    private Application app;
    private DrawView view;
    private Canvas canvas;

    @BeforeEach
    void openTheApp() throws Exception {
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(DigitLabApp.class);
        WaitForAsyncUtils.waitForFxEvents();
        view = robot.lookup("#drawView").queryAs(DrawView.class);
        canvas = robot.lookup("#canvas").queryAs(Canvas.class);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.model() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void closeTheApp() throws Exception {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }

    /** A point of the canvas on screen, (x, y) in canvas sides. */
    private Point2D at(double x, double y) {
        return canvas.localToScreen(x * canvas.getWidth(), y * canvas.getHeight());
    }

    /** Drags the mouse through {@code points} (canvas sides) with {@code button} held. */
    private void stroke(MouseButton button, double[]... points) {
        robot.moveTo(at(points[0][0], points[0][1]));
        robot.press(button);
        for (int i = 1; i < points.length; i++) {
            robot.moveTo(at(points[i][0], points[i][1]));
        }
        robot.release(button);
    }

    private void stroke(double[]... points) {
        stroke(MouseButton.PRIMARY, points);
    }

    private static double[][] loop(double cx, double cy, double size) {
        double[][] p = new double[25][];
        for (int i = 0; i <= 24; i++) {
            double a = 2 * Math.PI * i / 24;
            p[i] = new double[] {cx + size * 0.32 * Math.sin(a), cy - size * 0.48 * Math.cos(a)};
        }
        return p;
    }

    private static double[][] seven(double cx, double cy, double size) {
        double[][] shape = {{0.15, 0.05}, {0.5, 0.05}, {0.85, 0.05}, {0.7, 0.35}, {0.55, 0.65}, {0.45, 0.95}};
        double[][] p = new double[shape.length][];
        for (int i = 0; i < shape.length; i++) {
            p[i] = new double[] {cx + (shape[i][0] - 0.5) * size, cy + (shape[i][1] - 0.5) * size};
        }
        return p;
    }

    /** Waits until the view shows its answer for the drawing as it is now, and returns that answer. */
    private Reading answer() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> {
            Reading r = view.lastReading();
            return r != null && r.version() == view.drawing().version();
        });
        WaitForAsyncUtils.waitForFxEvents();
        return view.lastReading();
    }

    /** Calls {@code action} on the JavaFX thread and returns its result. */
    private static <T> T onFx(java.util.concurrent.Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(10, TimeUnit.SECONDS);
    }

    private String predictionText() {
        return robot.lookup("#prediction").queryAs(Label.class).getText();
    }

    private Color canvasPixel(double x, double y) {
        WritableImage[] shot = new WritableImage[1];
        robot.interact(() -> shot[0] = canvas.snapshot(null, null));
        return shot[0].getPixelReader().getColor((int) (x * canvas.getWidth()), (int) (y * canvas.getHeight()));
    }

    @Test
    void anEmptyCanvasShowsAPromptNotAGuess() throws Exception {
        assertEquals("Draw a digit", predictionText());
        assertEquals("–", robot.lookup("#probability-3").queryAs(Label.class).getText());
    }

    @Test
    void aVerticalStrokeIsReadAsOne() throws Exception {
        stroke(new double[] {0.5, 0.15}, new double[] {0.5, 0.5}, new double[] {0.5, 0.85});
        Reading r = answer();
        assertEquals(1, r.best());
        assertEquals("1", predictionText());
        assertTrue(r.probabilities()[1] > 0.5f);
    }

    @Test
    void aClosedLoopIsReadAsZero() throws Exception {
        stroke(loop(0.5, 0.5, 0.8));
        assertEquals(0, answer().best());
        assertEquals("0", predictionText());
    }

    @Test
    void theSameDigitSmallInACornerOrLargeInTheMiddleGetsTheSameAnswer() throws Exception {
        stroke(seven(0.5, 0.5, 0.8));
        int large = answer().best();
        robot.clickOn("#clear");
        stroke(seven(0.15, 0.16, 0.22));
        int small = answer().best();
        assertEquals(7, large);
        assertEquals(large, small);
    }

    @Test
    void clearByButtonOrEscapeReturnsToThePrompt() throws Exception {
        stroke(loop(0.5, 0.5, 0.7));
        assertFalse(answer().isBlank());
        robot.clickOn("#clear");
        assertTrue(answer().isBlank());
        assertEquals("Draw a digit", predictionText());

        stroke(loop(0.5, 0.5, 0.7));
        assertFalse(answer().isBlank());
        robot.clickOn(at(0.98, 0.98)); // the canvas has the focus
        robot.type(KeyCode.ESCAPE);
        assertTrue(answer().isBlank());
        assertEquals("Draw a digit", predictionText());
        assertEquals(Color.WHITE, canvasPixel(0.5, 0.15));
    }

    @Test
    void undoRemovesTheLastStrokeFromTheCanvasAndTheAnswer() throws Exception {
        stroke(new double[] {0.3, 0.2}, new double[] {0.3, 0.8});
        stroke(new double[] {0.7, 0.2}, new double[] {0.7, 0.8});
        answer();
        assertTrue(canvasPixel(0.7, 0.5).getBrightness() < 0.2, "the second stroke is on the canvas");
        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        Reading r = answer();
        assertEquals(Color.WHITE, canvasPixel(0.7, 0.5), "the second stroke is gone");
        assertTrue(canvasPixel(0.3, 0.5).getBrightness() < 0.2, "the first stroke stays");
        assertEquals(1, view.drawing().strokes().size());
        assertEquals(1, r.best(), "one vertical stroke left: a 1");
        robot.clickOn("#undo");
        assertTrue(answer().isBlank());
    }

    @Test
    void escapeThenCtrlZBringsBackTheSameStrokesAndTheSameAnswer() throws Exception {
        stroke(seven(0.5, 0.5, 0.8));
        stroke(new double[] {0.3, 0.5}, new double[] {0.7, 0.5});
        robot.clickOn(at(0.98, 0.98)); // the canvas has the focus (a dot in the corner)
        Reading before = answer();
        var strokes = view.drawing().strokes();
        robot.type(KeyCode.ESCAPE);
        assertTrue(answer().isBlank());
        assertEquals(Color.WHITE, canvasPixel(0.5, 0.5));

        robot.press(KeyCode.CONTROL).type(KeyCode.Z).release(KeyCode.CONTROL);
        Reading after = answer();

        assertTrue(strokes.equals(view.drawing().strokes()), "the same strokes as before Esc");
        assertEquals(3, strokes.size());
        assertEquals(before.best(), after.best());
        assertArrayEquals(before.probabilities(), after.probabilities(), 1e-6f);
        assertTrue(canvasPixel(0.5, 0.5).getBrightness() < 0.2, "the strokes are painted again");
    }

    @Test
    void clickingADigitsBarExplainsThatDigitAndEnterOnAFocusedBarDoesToo() throws Exception {
        stroke(loop(0.5, 0.5, 0.8));
        assertEquals(0, answer().best());
        Node bar = robot.lookup("#bar-4").query();
        assertEquals(Cursor.HAND, bar.getCursor(), "the bar shows it can be clicked");
        assertEquals(AccessibleRole.BUTTON, bar.getAccessibleRole());
        assertTrue(bar.getAccessibleText().startsWith("Explain 4"), bar.getAccessibleText());

        robot.clickOn(bar);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.lastReading().why() == 4);
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        ComboBox<String> why = robot.lookup("#why").queryAs(ComboBox.class);
        assertEquals("4", why.getValue());
        String title = robot.lookup("#whyTitle").queryAs(Label.class).getText();
        assertTrue(title.startsWith("Why not 4"), title);

        robot.interact(() -> robot.lookup("#bar-0").query().requestFocus());
        robot.type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.lastReading().why() == 0);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("0", why.getValue());
        title = robot.lookup("#whyTitle").queryAs(Label.class).getText();
        assertTrue(title.startsWith("Why 0"), title);
    }

    @Test
    void thePenWidthIsShownInPixelsBesideItsSliderAndFollowsIt() {
        Label width = robot.lookup("#penWidth").queryAs(Label.class);
        assertEquals("21 px", width.getText(), "0.075 of 280 px");
        Slider pen = robot.lookup("#pen").queryAs(Slider.class);
        robot.interact(() -> pen.setValue(0.05));
        assertEquals("14 px", width.getText());
    }

    @Test
    void aPictureThatCouldNotBeOpenedIsNoLongerMentionedOnceThePersonDraws(@TempDir Path dir) throws Exception {
        Path broken = Files.write(dir.resolve("broken.png"), new byte[] {1, 2, 3});
        assertFalse(onFx(() -> view.openImage(broken)).get(10, TimeUnit.SECONDS));
        Label status = robot.lookup("#status").queryAs(Label.class);
        assertTrue(status.getText().contains("broken.png"), status.getText());

        stroke(new double[] {0.5, 0.2}, new double[] {0.5, 0.8});

        assertEquals("", status.getText());
    }

    @Test
    void theRightButtonErases() throws Exception {
        stroke(new double[] {0.5, 0.2}, new double[] {0.5, 0.8});
        stroke(MouseButton.SECONDARY, new double[] {0.3, 0.5}, new double[] {0.7, 0.5});
        answer();
        assertEquals(Color.WHITE, canvasPixel(0.5, 0.5));
        assertTrue(canvasPixel(0.5, 0.25).getBrightness() < 0.2);
    }

    @Test
    void theHeatmapIsTheGradientOfTheChosenDigitsScore() throws Exception {
        // the shipped MLP: finite differences agree with its gradient; a CNN's max-pooling ties in blank
        // areas (every pixel there equal) make finite differences disagree with any choice of subgradient
        Model mlp = ModelFile.loadBundled("mnist-mlp");
        robot.interact(() -> view.offerTrained(mlp));
        stroke(loop(0.5, 0.5, 0.8));
        Reading predicted = answer();
        assertEquals(0, predicted.why());
        assertTrue(robot.lookup("#whyTitle").queryAs(Label.class).getText().startsWith("Why 0"));

        @SuppressWarnings("unchecked")
        ComboBox<String> why = robot.lookup("#why").queryAs(ComboBox.class);
        robot.interact(() -> why.setValue("4"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.lastReading().why() == 4);
        WaitForAsyncUtils.waitForFxEvents();
        Reading r = view.lastReading();
        assertTrue(robot.lookup("#whyTitle").queryAs(Label.class).getText().startsWith("Why not 4"));

        // a few pixels of the shown gradient against central differences of the score of 4
        Classifier classifier = new Classifier(view.model().parameters());
        float[] x = r.prepared().pixels().clone();
        int checked = 0;
        for (int p = 0; p < x.length && checked < 6; p += 37) {
            if (Math.abs(r.saliency()[p]) < 1e-3) {
                continue;
            }
            float original = x[p];
            double h = 1e-2;
            x[p] = (float) (original + h);
            double plus = classifier.score(x, 4);
            x[p] = (float) (original - h);
            double minus = classifier.score(x, 4);
            x[p] = original;
            double numeric = (plus - minus) / (2 * h);
            assertEquals(numeric, r.saliency()[p], 2e-3 + 0.02 * Math.abs(numeric), "pixel " + p);
            checked++;
        }
        assertEquals(6, checked);
    }

    @Test
    void anImageFileOpensIntoTheCanvasAndABrokenOneChangesNothing(@TempDir Path dir) throws Exception {
        // a light 1 on a dark background, the other polarity from the canvas
        float[] ink = new float[60 * 60];
        for (int y = 10; y < 50; y++) {
            for (int x = 28; x < 33; x++) {
                ink[y * 60 + x] = 1;
            }
        }
        Path png = dir.resolve("one.png");
        ImageFiles.write(png, new InkImage(ink, 60, 60));
        assertTrue(onFx(() -> view.openImage(png)).get(10, TimeUnit.SECONDS));
        assertEquals(1, answer().best());

        Path broken = dir.resolve("broken.png");
        Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        long version = view.drawing().version();
        assertFalse(onFx(() -> view.openImage(broken)).get(10, TimeUnit.SECONDS));
        assertEquals(version, view.drawing().version(), "the drawing is unchanged");
        String status = robot.lookup("#status").queryAs(Label.class).getText();
        assertTrue(status.contains("broken.png"), status);
        assertEquals("1", predictionText());
    }

    @Test
    void theDrawingSavesAsAPngThatReadsBackAsTheSameDigit(@TempDir Path dir) throws Exception {
        stroke(loop(0.5, 0.5, 0.8));
        int drawn = answer().best();
        Path file = dir.resolve("zero.png");
        assertTrue(onFx(() -> view.saveImage(file)).get(10, TimeUnit.SECONDS));
        robot.clickOn("#clear");
        answer();
        assertTrue(onFx(() -> view.openImage(file)).get(10, TimeUnit.SECONDS));
        assertEquals(drawn, answer().best());
        try (var list = Files.list(dir)) {
            assertEquals(1, list.count(), "no temporary file left behind");
        }
    }

    @Test
    void aJustTrainedModelCanBeChosenAndItsNameAndAccuracyAreShown() throws Exception {
        String shipped = robot.lookup("#modelInfo").queryAs(Label.class).getText();
        assertTrue(shipped.contains("98."), shipped);
        Model trained = new Model("fresh", Parameters.initial(new int[] {784, 128, 64, 10}, 7),
                Provenance.unknown());
        robot.interact(() -> view.offerTrained(trained));
        assertTrue(view.modelChoices().stream().anyMatch(e -> e.label().equals("fresh (trained here, not saved)")));
        assertEquals(trained, view.model());
        assertEquals("fresh (trained here, not saved) · test accuracy unknown",
                robot.lookup("#modelInfo").queryAs(Label.class).getText());
        stroke(loop(0.5, 0.5, 0.8));
        assertEquals(trained, answer().model());
    }

    @Test
    void aSecondTrainedModelReplacesTheFirstInTheListAndReads() throws Exception {
        Model first = new Model("first", Parameters.initial(new int[] {784, 16, 10}, 1),
                Provenance.unknown());
        Model second = new Model("second", Parameters.initial(new int[] {784, 16, 10}, 2),
                Provenance.unknown());
        robot.interact(() -> view.offerTrained(first));
        robot.interact(() -> view.offerTrained(second));
        @SuppressWarnings("unchecked")
        ComboBox<ModelCatalogue.Entry> list = robot.lookup("#modelChoice").queryAs(ComboBox.class);
        assertEquals(second, view.model());
        assertEquals("second (trained here, not saved)", list.getValue().label());
        assertEquals(1, list.getItems().stream().filter(e -> e.label().endsWith("(trained here, not saved)")).count());
        assertEquals(view.modelChoices(), list.getItems());
    }

    @Test
    void throughTheAppStateItTakesUpAnOfferedModelAndAPictureAndPublishesWhatItReads() throws Exception {
        AppState state = new AppState();
        DrawView own = onFx(() -> new DrawView(state, null));
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> own.model() != null);
            Model offered = new Model("offered", Parameters.initial(new int[] {784, 16, 10}, 5),
                    Provenance.unknown());
            robot.interact(() -> state.offeredModel.set(offered));
            assertEquals(offered, own.model());
            assertNull(state.offeredModel.get(), "taken up, so that the same model offered again counts");

            float[] ink = new float[28 * 28];
            for (int y = 4; y < 24; y++) {
                ink[y * 28 + 14] = 1;
            }
            InkImage one = new InkImage(ink, 28, 28);
            robot.interact(() -> state.pictureToDraw.set(new AppState.PictureToDraw(one, "a test one")));
            assertEquals(one, own.drawing().picture());
            assertEquals("a test one", ((Label) own.lookup("#status")).getText());
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> state.lastDrawing.get() != null);
            WaitForAsyncUtils.waitForFxEvents();
            AppState.DrawnDigit digit = state.lastDrawing.get();
            assertEquals(offered, digit.model());
            assertEquals(own.lastReading().best(), digit.best());
            assertEquals(784, digit.pixels().length);

            robot.interact(own::clear);
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> state.lastDrawing.get() == null);
        } finally {
            robot.interact(own::close);
        }
    }

    @Test
    void aModelOfferedByTheTrainViewIsNotSavedUntilTheTrainViewSavesItThenItIsNamedByItsFile(@TempDir Path dir)
            throws Exception {
        AppState state = new AppState();
        DrawView own = onFx(() -> new DrawView(state, null));
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> own.model() != null);
            Model offered = new Model("mlp 2026-11-30 14:05 · 12 epochs · 97.93%",
                    Parameters.initial(new int[] {784, 16, 10}, 5), Provenance.unknown());
            robot.interact(() -> state.offeredModel.set(offered));
            assertEquals("mlp 2026-11-30 14:05 · 12 epochs · 97.93% (trained here, not saved) · test accuracy unknown",
                    own.modelDescription());

            Path file = Files.createDirectories(dir.resolve("models")).resolve("mlp-12-epochs.json");
            ModelFile.save(offered, file);
            robot.interact(() -> state.savedModel.set(new AppState.SavedModel(offered, file)));

            assertEquals("mlp-12-epochs (file in models) · test accuracy unknown", own.modelDescription());
            assertEquals(file, own.modelFile());
            assertEquals(offered, own.model());
        } finally {
            robot.interact(own::close);
        }
    }

    @Test
    void aModelFileOfTheWrongShapeIsRefusedAndTheCurrentModelStays(@TempDir Path dir) throws Exception {
        Model current = view.model();
        Path file = dir.resolve("small.json");
        ModelFile.save(new Model("small", Parameters.initial(new int[] {64, 10}, 1),
                Provenance.unknown()), file);
        assertFalse(onFx(() -> view.openModel(file)).get(10, TimeUnit.SECONDS));
        assertEquals(current, view.model());
        String status = robot.lookup("#status").queryAs(Label.class).getText();
        assertTrue(status.contains("needs 784 inputs"), status);
    }

    /**
     * The colours the view should show for {@code conv}'s maps, from its output computed here, scaled to the
     * largest |value| in the layer, or in each map.
     */
    private static void assertMapsShow(int conv, int maps, int side, float[] output, boolean perMap) {
        int background = ColourScale.grey(0.1);
        GridPane grid = (GridPane) new FxRobot().lookup("#maps-" + conv).query();
        assertEquals(maps, grid.getChildren().size(), "conv " + conv + " shows one image per filter");
        for (int m = 0; m < maps; m++) {
            Image image = new FxRobot().lookup("#map-" + conv + "-" + m).queryAs(ImageView.class).getImage();
            assertEquals(side, image.getWidth(), "conv " + conv + " map " + m);
            assertEquals(side, image.getHeight());
            double largest = ColourScale.maxAbs(perMap ? Arrays.copyOfRange(output, m * side * side, (m + 1) * side * side)
                    : output);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int expected = ColourScale.signed(output[m * side * side + y * side + x], largest, background);
                    assertEquals(Integer.toHexString(expected), Integer.toHexString(image.getPixelReader().getArgb(x, y)),
                            "conv " + conv + " map " + m + " pixel (" + x + ", " + y + ")");
                }
            }
        }
    }

    @Test
    void withACnnEachConvolutionLayersMapsAreShownAsTheClassifierComputesThemForTheDrawing() throws Exception {
        Model cnn = new Model("small cnn", Parameters.initial(FeatureMapsTest.SMALL_CNN, 1),
                Provenance.unknown());
        robot.interact(() -> view.offerTrained(cnn));
        assertTrue(robot.lookup("#featureMaps").query().isVisible());

        stroke(loop(0.5, 0.5, 0.8));
        Reading r = answer();
        assertEquals(cnn, r.model());
        Classifier classifier = new Classifier(cnn.parameters());
        classifier.probabilities(r.prepared().pixels());
        float[] conv1 = classifier.layerOutput(0, new float[4 * 28 * 28]);
        float[] conv2 = classifier.layerOutput(2, new float[8 * 14 * 14]);
        assertTrue(ColourScale.maxAbs(conv1) > 0 && ColourScale.maxAbs(conv2) > 0, "the loop lights some filters up");
        assertMapsShow(1, 4, 28, conv1, false);
        assertMapsShow(2, 8, 14, conv2, false);
        String caption = robot.lookup("#mapsCaption-2").queryAs(Label.class).getText();
        assertTrue(caption.startsWith("conv 2: 8 filters 3×3, 14×14 · colour 0 to "), caption);

        // hovering shows a map larger, each of its pixels a block
        Image map = robot.lookup("#map-2-5").queryAs(ImageView.class).getImage();
        Image large = FeatureMapsPane.enlarged(map, 12);
        assertEquals(14 * 12, large.getWidth());
        for (int y = 0; y < 14 * 12; y += 5) {
            for (int x = 0; x < 14 * 12; x += 7) {
                assertEquals(map.getPixelReader().getArgb(x / 12, y / 12), large.getPixelReader().getArgb(x, y));
            }
        }

        robot.clickOn("#clear");
        assertTrue(answer().isBlank());
        assertMapsShow(1, 4, 28, new float[4 * 28 * 28], false);
    }

    @Test
    void scaledPerMapEachMapRunsFromZeroToItsOwnLargestValue() throws Exception {
        Model cnn = new Model("small cnn", Parameters.initial(FeatureMapsTest.SMALL_CNN, 1),
                Provenance.unknown());
        robot.interact(() -> view.offerTrained(cnn));
        stroke(seven(0.5, 0.5, 0.8));
        Reading r = answer();
        @SuppressWarnings("unchecked")
        ChoiceBox<String> scale = robot.lookup("#mapsScale").queryAs(ChoiceBox.class);
        robot.interact(() -> scale.setValue(FeatureMapsPane.PER_MAP));

        Classifier classifier = new Classifier(cnn.parameters());
        classifier.probabilities(r.prepared().pixels());
        assertMapsShow(1, 4, 28, classifier.layerOutput(0, new float[4 * 28 * 28]), true);
        assertMapsShow(2, 8, 14, classifier.layerOutput(2, new float[8 * 14 * 14]), true);
        String caption = robot.lookup("#mapsCaption-1").queryAs(Label.class).getText();
        assertTrue(caption.endsWith("· each map 0 to its largest"), caption);
    }

    @Test
    void withAnMlpThereAreNoFeatureMaps() throws Exception {
        Node area = robot.lookup("#featureMaps").query();
        Model shippedMlp = ModelFile.loadBundled("mnist-mlp");
        robot.interact(() -> view.offerTrained(shippedMlp));
        stroke(loop(0.5, 0.5, 0.8));
        assertTrue(answer().maps().isEmpty());
        assertFalse(area.isVisible() || area.isManaged(), "the shipped MLP has no convolution layer");

        Model cnn = new Model("small cnn", Parameters.initial(FeatureMapsTest.SMALL_CNN, 1),
                Provenance.unknown());
        robot.interact(() -> view.offerTrained(cnn));
        assertTrue(area.isVisible() && area.isManaged());
        Model mlp = new Model("mlp", Parameters.initial(new int[] {784, 16, 10}, 2), Provenance.unknown());
        robot.interact(() -> view.offerTrained(mlp));
        assertFalse(area.isVisible() || area.isManaged(), "gone again with an MLP");
    }

    @Test
    void everyButtonHasATooltipAndAKeyboardMnemonic() {
        for (String id : new String[] {"#clear", "#undo", "#openImage", "#saveImage", "#openModel"}) {
            Button b = robot.lookup(id).queryAs(Button.class);
            assertNotNull(b.getTooltip(), id);
            assertTrue(b.isMnemonicParsing() && b.getText().contains("_"), id);
            assertTrue(b.isFocusTraversable(), id);
        }
    }
}
