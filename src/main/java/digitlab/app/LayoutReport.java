package digitlab.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javafx.animation.PauseTransition;
import javafx.beans.InvalidationListener;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.util.Duration;

import com.fasterxml.jackson.databind.ObjectMapper;

import digitlab.app.shared.AppState;
import digitlab.app.shared.Shared;
import digitlab.app.widgets.LayoutAudit;
import digitlab.files.AtomicFile;

/**
 * Where the window and each control are on the screen, written to a JSON file when the system property
 * {@value #PROPERTY} names one: so that a test outside the process (the desktop check under a real window
 * manager) can hold what JavaFX lays out against what the X server shows. Written {@value #DEBOUNCE_MS} ms
 * after the last change of the window's size, place or state, or of the view on show.
 * <p>
 * The file holds {@code view}, {@code window} (the stage's outer rectangle), {@code maximized}, {@code scene}
 * (the scene's rectangle on the screen), {@code controls} (each with {@code name}, its rectangle on the screen,
 * {@code inScene}: whether it lies inside the scene, and {@code reachable}, as {@link LayoutAudit#controls}
 * says) and {@code problems} ({@link LayoutAudit#problems}).
 */
final class LayoutReport {
    static final String PROPERTY = "digitlab.layoutReport";
    static final int DEBOUNCE_MS = 300;

    private LayoutReport() {
    }

    /** When the property names a file, keeps it up to date for {@code stage}, whose view on show is {@code view}. */
    static void attachIfAsked(Stage stage, Shared<AppState.View> view) {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank()) {
            return;
        }
        Path target = Path.of(file);
        PauseTransition wait = new PauseTransition(Duration.millis(DEBOUNCE_MS));
        // only while still asked for: a stage outlives the app in tests, and its listeners with it
        wait.setOnFinished(e -> {
            if (file.equals(System.getProperty(PROPERTY))) {
                write(stage, view.get().name(), target);
            }
        });
        InvalidationListener changed = o -> wait.playFromStart();
        stage.xProperty().addListener(changed);
        stage.yProperty().addListener(changed);
        stage.widthProperty().addListener(changed);
        stage.heightProperty().addListener(changed);
        stage.maximizedProperty().addListener(changed);
        stage.showingProperty().addListener(changed);
        view.listen(v -> wait.playFromStart());
        wait.playFromStart(); // the window as it opened
    }

    private static void write(Stage stage, String view, Path target) {
        Scene scene = stage.getScene();
        if (scene == null || !stage.isShowing()) {
            return;
        }
        try {
            AtomicFile.write(target, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(report(stage, view)));
        } catch (IOException | RuntimeException e) {
            System.err.println("DigitLab: could not write the layout report " + target + ": " + e.getMessage());
        }
    }

    /** The report's content for {@code stage} as it is laid out now. */
    static Map<String, Object> report(Stage stage, String view) {
        Scene scene = stage.getScene();
        double left = stage.getX() + scene.getX(), top = stage.getY() + scene.getY();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("view", view);
        r.put("window", rect(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight()));
        r.put("maximized", stage.isMaximized());
        r.put("scene", rect(left, top, scene.getWidth(), scene.getHeight()));
        List<Map<String, Object>> controls = new ArrayList<>();
        for (LayoutAudit.Reach c : LayoutAudit.controls(scene)) {
            Bounds b = c.inScene();
            Map<String, Object> one = rect(left + b.getMinX(), top + b.getMinY(), b.getWidth(), b.getHeight());
            one.put("name", c.name());
            one.put("inScene", b.getMinX() >= -0.5 && b.getMinY() >= -0.5 && b.getMaxX() <= scene.getWidth() + 0.5
                    && b.getMaxY() <= scene.getHeight() + 0.5);
            one.put("reachable", c.reachable());
            controls.add(one);
        }
        r.put("controls", controls);
        r.put("problems", LayoutAudit.problems(scene));
        return r;
    }

    private static Map<String, Object> rect(double x, double y, double w, double h) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("x", x);
        r.put("y", y);
        r.put("width", w);
        r.put("height", h);
        return r;
    }
}
