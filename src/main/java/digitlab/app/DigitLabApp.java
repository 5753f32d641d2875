package digitlab.app;

import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;

import digitlab.app.draw.DrawView;
import digitlab.app.draw.Reading;
import digitlab.app.graph.GraphView;
import digitlab.app.shared.AppState;
import digitlab.app.train.TrainView;
import digitlab.app.train.TrainingSession;

/** The DigitLab window: one tab per view. */
public final class DigitLabApp extends Application {
    static final String TITLE = "DigitLab";

    private DrawView draw;
    private TrainView train;
    private GraphView graph;
    private Stage stage;
    private Settings settings;
    private java.nio.file.Path settingsFolder;

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        settingsFolder = Settings.folder(System.getenv());
        settings = Settings.load(settingsFolder);
        // the shipped model first; a remembered one that is gone or unreadable then says so in the status line
        // and the shipped one stays (a path that cannot be a file here was already left out, with a line on stderr)
        draw = new DrawView(settings.lastModelFile());
        Tab drawTab = tab("_Draw", "drawTab", draw);
        TabPane tabs = new TabPane();
        TrainingSession session = TrainingSession.withDefaultCache();
        AppState state = new AppState();
        train = new TrainView(session, state);
        Tab trainTab = tab("_Train", "trainTab", train);
        graph = new GraphView(state);
        Tab graphTab = tab("_Graph", "graphTab", graph);
        tabs.getTabs().addAll(drawTab, trainTab, graphTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        share(state, tabs);
        Scene scene = new Scene(tabs, settings.width(), settings.height());
        // the Draw view's keys work wherever the focus is in that tab, unless a text field wants them
        scene.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (drawTab.isSelected() && !(scene.getFocusOwner() instanceof javafx.scene.control.TextInputControl)
                    && draw.shortcut(e)) {
                e.consume();
            }
        });
        // Ctrl+1, 2, 3: the views, from anywhere
        for (int i = 0; i < tabs.getTabs().size(); i++) {
            int index = i;
            scene.getAccelerators().put(new javafx.scene.input.KeyCodeCombination(
                    javafx.scene.input.KeyCode.getKeyCode(Integer.toString(i + 1)), javafx.scene.input.KeyCombination.SHORTCUT_DOWN),
                    () -> tabs.getSelectionModel().select(index));
        }
        stage.setTitle(TITLE);
        for (int size : new int[] {16, 32, 64, 128, 256}) {
            var icon = DigitLabApp.class.getResourceAsStream("/digitlab/icon-" + size + ".png");
            if (icon != null) {
                stage.getIcons().add(new javafx.scene.image.Image(icon));
            }
        }
        // back where it was, if that place is still on a screen
        if (Double.isFinite(settings.x()) && !javafx.stage.Screen.getScreensForRectangle(settings.x(), settings.y(),
                settings.width(), settings.height()).isEmpty()) {
            stage.setX(settings.x());
            stage.setY(settings.y());
        }
        stage.setMinWidth(760);
        stage.setMinHeight(560);
        stage.setScene(scene);
        stage.sizeToScene(); // a stage shown before (tests reuse one) would otherwise keep its old size
        stage.show();
    }

    /** Keeps the tabs and the Draw view in step with {@code state} (until the Draw view follows it itself). */
    private void share(AppState state, TabPane tabs) {
        state.view.listen(v -> tabs.getSelectionModel().select(v.ordinal()));
        tabs.getSelectionModel().selectedIndexProperty().addListener((o, a, b) -> state.view.set(AppState.View.values()[b.intValue()]));
        state.offeredModel.listen(m -> {
            if (m != null) {
                draw.offerTrained(m);
            }
        });
        state.pictureToDraw.listen(p -> {
            if (p != null) {
                draw.showPicture(p.picture(), p.description());
            }
        });
        new AnimationTimer() {
            private Reading shown;

            @Override
            public void handle(long now) {
                Reading r = draw.lastReading();
                if (r != shown) {
                    shown = r;
                    state.lastDrawing.set(r == null || r.isBlank() ? null
                            : new AppState.DrawnDigit(r.model(), r.prepared().pixels(), r.probabilities(), r.best()));
                }
            }
        }.start();
    }

    private static Tab tab(String text, String id, javafx.scene.Node content) {
        Tab t = new Tab(text.replace("_", ""), content);
        t.setId(id);
        return t;
    }

    @Override
    public void stop() {
        if (stage != null && stage.getScene() != null) {
            java.nio.file.Path model = draw == null ? null : draw.modelFile();
            Settings now = settings.withWindow(stage.getScene().getWidth(), stage.getScene().getHeight(), stage.getX(),
                    stage.getY()).withLastModel(model == null ? null : model.toAbsolutePath().toString());
            try {
                now.save(settingsFolder);
            } catch (java.io.IOException | RuntimeException e) {
                System.err.println("DigitLab: could not save the settings in " + settingsFolder + ": " + e.getMessage());
            }
        }
        if (draw != null) {
            draw.close();
        }
        if (train != null) {
            train.close();
        }
        if (graph != null) {
            graph.close();
        }
    }
}
