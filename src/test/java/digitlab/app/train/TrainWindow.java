package digitlab.app.train;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.scene.Scene;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import digitlab.app.shared.AppState;
import digitlab.app.widgets.LayoutAudit;

/** The Train view alone in a window, training on {@link SmallMnist}, for the view's TestFX tests. */
final class TrainWindow implements AutoCloseable {
    private final FxRobot robot = new FxRobot();
    private final SmallMnist data;
    private TrainView view;
    private Scene scene;

    /** Shows the view at 1224×740 over data fetched into {@code cache} with these timeouts. */
    TrainWindow(Path cache, Duration connect, Duration read) throws Exception {
        data = new SmallMnist(cache, connect, read);
        show(1224, 740);
    }

    TrainView view() {
        return view;
    }

    TrainingSession session() {
        return data.session();
    }

    /** Shows the same view in a new window of {@code width} × {@code height}. */
    void show(double width, double height) throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        robot.interact(() -> {
            if (view == null) {
                view = new TrainView(data.session(), new AppState());
            } else {
                scene.setRoot(new VBox());
            }
            scene = new Scene(view, width, height);
            stage.setScene(scene);
            stage.sizeToScene();
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** What {@link LayoutAudit} finds wrong in the window now. */
    List<String> audit() {
        @SuppressWarnings("unchecked")
        List<String>[] out = new List[1];
        robot.interact(() -> out[0] = LayoutAudit.problems(scene));
        return out[0];
    }

    /** Stops a run, closes the view and the window, and stops serving. */
    @Override
    public void close() throws Exception {
        data.session().stop();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> data.session().status().state() == TrainingSession.State.IDLE);
        robot.interact(view::close);
        FxToolkit.cleanupStages();
        data.close();
    }
}
