package digitlab.app.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import digitlab.app.shared.AppState;
import digitlab.app.widgets.LayoutAudit;
import digitlab.image.InkImage;
import digitlab.model.Model;
import digitlab.model.Provenance;
import digitlab.nn.Architecture;
import digitlab.nn.Parameters;

/**
 * The Draw view alone in a window of the view's smallest area (800×530) and of its first-start area on a
 * 1440×900 screen (1224×740): every control is in reach, no label is cut and the percentages stay inside
 * the answer column's scroll pane, before the model loads, with
 * the shipped model, with a long model name offered by the Train view, and with an error on the status line.
 */
@Tag("gui")
class DrawLayoutTest {
    private static final double[][] SIZES = {{800, 530}, {1224, 740}};
    private static final String LONG_NAME = "mlp 2026-11-30 14:05 · 12 epochs · 97.93%";

    private final FxRobot robot = new FxRobot();
    private Stage stage;
    private AppState state;
    private DrawView view;
    private Scene scene;

    @BeforeEach
    void openTheView() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        state = new AppState();
    }

    @AfterEach
    void closeTheView() throws Exception {
        if (view != null) {
            robot.interact(view::close);
        }
        FxToolkit.cleanupStages();
    }

    /** Shows a new Draw view in a window of {@code width}×{@code height} and audits it at once, before anything loads. */
    private List<String> freshViewProblems(double width, double height) throws Exception {
        List<String> problems = new ArrayList<>();
        robot.interact(() -> {
            view = new DrawView(state, null);
            show(width, height);
            scene.getRoot().applyCss();
            scene.getRoot().layout();
            problems.addAll(LayoutAudit.problems(scene));
            assertEquals("loading the shipped model…", ((Label) view.lookup("#modelInfo")).getText(),
                    "audited before the model loaded");
        });
        return problems;
    }

    private void show(double width, double height) {
        scene = new Scene(view, width, height);
        stage.setScene(scene);
        stage.sizeToScene();
        stage.show();
    }

    /** The problems at each size, in the state the view is in now, from the large to the small as a person shrinks the window. */
    private List<String> problemsAtEachSize() throws Exception {
        List<String> problems = new ArrayList<>();
        for (double[] size : new double[][] {SIZES[1], SIZES[0]}) {
            robot.interact(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
                scene.getRoot().resize(size[0], size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            robot.interact(() -> {
                assertEquals(size[0], scene.getWidth(), 1, "the scene has the size asked for");
                for (String p : LayoutAudit.problems(scene)) {
                    problems.add((int) size[0] + "×" + (int) size[1] + ": " + p);
                }
                ScrollPane column = (ScrollPane) view.lookup("#answerScroll");
                Node viewport = column.lookup(".viewport");
                double viewportRight = viewport.localToScene(viewport.getLayoutBounds()).getMaxX();
                for (int c = 0; c < 10; c++) {
                    Node percentage = view.lookup("#probability-" + c);
                    double right = percentage.localToScene(percentage.getLayoutBounds()).getMaxX();
                    if (right > viewportRight + 0.5) {
                        problems.add((int) size[0] + "×" + (int) size[1] + ": the percentage of " + c + " ends at x "
                                + right + ", past the answer column's visible edge at " + viewportRight);
                    }
                }
            });
        }
        return problems;
    }

    /** A 28×28 picture of a one: a bar three pixels wide. */
    private static InkImage one() {
        float[] ink = new float[28 * 28];
        for (int y = 4; y < 24; y++) {
            for (int x = 13; x <= 15; x++) {
                ink[y * 28 + x] = 1;
            }
        }
        return new InkImage(ink, 28, 28);
    }

    private void loaded() throws Exception {
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> view.model() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void beforeTheModelLoadsEverythingIsInReachAtBothSizes() throws Exception {
        for (double[] size : SIZES) {
            assertEquals(List.of(), freshViewProblems(size[0], size[1]));
            robot.interact(view::close);
        }
    }

    @Test
    void withTheShippedModelAndADigitReadEverythingIsInReachAtBothSizes() throws Exception {
        robot.interact(() -> {
            view = new DrawView(state, null);
            show(800, 530);
        });
        loaded();
        assertEquals(List.of(), problemsAtEachSize(), "nothing drawn");
        robot.interact(() -> state.pictureToDraw.set(new AppState.PictureToDraw(one(), "a one")));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS,
                () -> view.lastReading() != null && !view.lastReading().isBlank()
                        && view.lastReading().probabilities()[view.lastReading().best()] > 0.99f);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(List.of(), problemsAtEachSize(), "a digit read, one bar full");
    }

    @Test
    void withALongModelNameFromTheTrainViewNoLabelIsCut() throws Exception {
        robot.interact(() -> {
            view = new DrawView(state, null);
            show(800, 530);
        });
        loaded();
        Model trained = new Model(LONG_NAME, Parameters.initial(new int[] {784, 16, 10}, 3),
                new Provenance(null, null, null, null, 12, null, null, null, 0.9793, null, null, null, null, null));
        robot.interact(() -> state.offeredModel.set(trained));
        assertEquals(trained, view.model());
        assertEquals(List.of(), problemsAtEachSize());
    }

    @Test
    void withAnErrorOnTheStatusLineEverythingIsInReachAtBothSizes(@TempDir Path dir) throws Exception {
        robot.interact(() -> {
            view = new DrawView(state, null);
            show(800, 530);
        });
        loaded();
        Path broken = Files.write(dir.resolve("a-picture-with-a-rather-long-name-that-is-broken.png"), new byte[] {1, 2, 3});
        assertFalse(WaitForAsyncUtils.asyncFx(() -> view.openImage(broken)).get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS));
        String status = ((Label) view.lookup("#status")).getText();
        assertTrue(status.contains(broken.getFileName().toString()), status);
        assertEquals(List.of(), problemsAtEachSize());
    }

    @Test
    void withACnnAndADigitReadTheFeatureMapsAreInReachAtBothSizesAndNeedNoScrollingInTheLargeWindow()
            throws Exception {
        robot.interact(() -> {
            view = new DrawView(state, null);
            show(800, 530);
        });
        loaded();
        Model cnn = new Model("cnn", Parameters.initial(Architecture.parse(Architecture.preset(Architecture.CNN_NAME),
                new Architecture.Shape(1, 28, 28), 10), 1), Provenance.unknown());
        robot.interact(() -> state.offeredModel.set(cnn));
        robot.interact(() -> state.pictureToDraw.set(new AppState.PictureToDraw(one(), "a one")));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS,
                () -> view.lastReading() != null && !view.lastReading().isBlank() && view.lastReading().model() == cnn);
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals(List.of(), problemsAtEachSize());
        robot.interact(() -> {
            stage.setWidth(SIZES[1][0]);
            stage.setHeight(SIZES[1][1]);
            scene.getRoot().resize(SIZES[1][0], SIZES[1][1]);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> {
            ScrollPane maps = (ScrollPane) view.lookup("#mapsScroll");
            double shown = maps.getViewportBounds().getHeight();
            double needed = maps.getContent().getLayoutBounds().getHeight();
            assertTrue(needed <= shown + 0.5, "the maps need " + needed + " px and have " + shown);
            Node last = view.lookup("#map-2-31");
            double bottom = last.localToScene(last.getLayoutBounds()).getMaxY();
            assertTrue(bottom <= scene.getHeight(), "the last map ends at " + bottom);
            Node canvas = view.lookup("#canvas");
            double side = canvas.getLayoutBounds().getWidth();
            assertTrue(side >= 0.5 * SIZES[1][1], "the canvas keeps a good part of the window: " + side);
        });

        double before = robot.lookup("#canvas").query().getLayoutBounds().getWidth();
        robot.interact(() -> ((ToggleButton) view.lookup("#mapsHide")).fire());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(view.lookup("#mapsScroll").isVisible(), "hidden");
        double after = robot.lookup("#canvas").query().getLayoutBounds().getWidth();
        assertTrue(after > before + 100, "the canvas takes the maps' room: " + before + " → " + after);
        assertEquals(List.of(), problemsAtEachSize(), "maps hidden");
    }
}
