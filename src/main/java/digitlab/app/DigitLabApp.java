package digitlab.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.image.Image;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.stage.Screen;
import javafx.stage.Stage;

import digitlab.app.draw.DrawView;
import digitlab.app.graph.GraphView;
import digitlab.app.shared.AppState;
import digitlab.app.train.TrainView;
import digitlab.app.train.TrainingSession;

/**
 * The DigitLab window: one tab per view. The views know nothing of each other; they share one
 * {@link AppState}, and the tabs follow its {@code view} (and set it when the person picks a tab).
 */
public final class DigitLabApp extends Application {
    static final String TITLE = "DigitLab";

    private DrawView draw;
    private TrainView train;
    private GraphView graph;
    private Stage stage;
    private Settings settings;
    private Path settingsFolder;

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        settingsFolder = Settings.folder(System.getenv());
        settings = Settings.load(settingsFolder);
        AppState state = new AppState();
        TrainingSession session = TrainingSession.withDefaultCache();
        // the shipped model first; a remembered one that is gone or unreadable then says so in the status line
        // and the shipped one stays (a path that cannot be a file here was already left out, with a line on stderr)
        draw = new DrawView(state, settings.lastModelFile());
        train = new TrainView(session, state); // it makes the session the state's batch source
        graph = new GraphView(state);
        Tab drawTab = tab("_Draw", "drawTab", draw);
        TabPane tabs = new TabPane(drawTab, tab("_Train", "trainTab", train), tab("_Graph", "graphTab", graph));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        followView(tabs, state);
        Scene scene = new Scene(tabs, settings.width(), settings.height());
        // the Draw view's keys work wherever the focus is in that tab, unless a text field wants them
        scene.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (drawTab.isSelected() && !(scene.getFocusOwner() instanceof TextInputControl) && draw.shortcut(e)) {
                e.consume();
            }
        });
        // Ctrl+1, 2, 3: the views, from anywhere
        for (int i = 0; i < tabs.getTabs().size(); i++) {
            int index = i;
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i + 1)),
                    KeyCombination.SHORTCUT_DOWN), () -> tabs.getSelectionModel().select(index));
        }
        // a trained model that is not saved is asked about before the window closes
        stage.setOnCloseRequest(e -> {
            if (!train.mayClose(stage::close)) {
                e.consume();
            }
        });
        stage.setTitle(TITLE);
        for (int size : new int[] {16, 32, 64, 128, 256}) {
            InputStream icon = DigitLabApp.class.getResourceAsStream("/digitlab/icon-" + size + ".png");
            if (icon != null) {
                stage.getIcons().add(new Image(icon));
            }
        }
        // back where it was, if that place is still on a screen
        if (Double.isFinite(settings.x()) && !Screen.getScreensForRectangle(settings.x(), settings.y(),
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

    private static Tab tab(String text, String id, Node content) {
        Tab t = new Tab(text.replace("_", ""), content);
        t.setId(id);
        return t;
    }

    /** The tab on show follows {@code state.view}, and a tab the person picks becomes it (tabs in the views' order). */
    private static void followView(TabPane tabs, AppState state) {
        tabs.getSelectionModel().select(state.view.get().ordinal());
        state.view.listen(view -> tabs.getSelectionModel().select(view.ordinal()));
        tabs.getSelectionModel().selectedIndexProperty().addListener((o, before, after) -> {
            if (after.intValue() >= 0) {
                state.view.set(AppState.View.values()[after.intValue()]);
            }
        });
    }

    @Override
    public void stop() {
        if (stage != null && stage.getScene() != null) {
            Path model = draw == null ? null : draw.modelFile();
            Settings now = settings.withWindow(stage.getScene().getWidth(), stage.getScene().getHeight(), stage.getX(),
                    stage.getY()).withLastModel(model == null ? null : model.toAbsolutePath().toString());
            try {
                now.save(settingsFolder);
            } catch (IOException | RuntimeException e) {
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
