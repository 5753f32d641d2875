package digitlab.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import javafx.application.Application;
import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.geometry.Rectangle2D;
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
import javafx.stage.WindowEvent;

import digitlab.app.WindowPlacement.Rect;
import digitlab.app.descent.DescentView;
import digitlab.app.draw.DrawView;
import digitlab.app.graph.GraphView;
import digitlab.app.shared.AppState;
import digitlab.app.train.TrainView;
import digitlab.app.train.TrainingSession;

/**
 * The DigitLab window: one tab per view. The views know nothing of each other; they share one
 * {@link AppState}, and the tabs follow its {@code view} (and set it when the person picks a tab).
 * It opens where {@link WindowPlacement} says, from the settings, and is never smaller than
 * {@value WindowPlacement#MIN_WIDTH}×{@value WindowPlacement#MIN_HEIGHT}; Ctrl+Q quits.
 */
public final class DigitLabApp extends Application {
    static final String TITLE = "DigitLab";

    private DrawView draw;
    /** Built when its tab is first shown (see {@link #buildOnFirstShow}); null until then. */
    private TrainView train;
    /** Built when its tab is first shown; null until then. */
    private GraphView graph;
    /** Built when its tab is first shown; null until then. */
    private DescentView descent;
    private AppState state;
    private TrainingSession session;
    private Stage stage;
    private Settings settings;
    private Path settingsFolder;
    private NormalBounds normal;

    @Override
    public void start(Stage stage) {
        this.stage = stage;
        settingsFolder = Settings.folder(System.getenv());
        settings = Settings.load(settingsFolder);
        state = new AppState();
        session = TrainingSession.withDefaultCache();
        // the Graph view's batches come from the session, whether or not the Train view was opened yet
        state.training.set(session);
        // the shipped model first; a remembered one that is gone or unreadable then says so in the status line
        // and the shipped one stays (a path that cannot be a file here was already left out, with a line on stderr)
        draw = new DrawView(state, settings.lastModelFile());
        Tab drawTab = tab("_Draw", "drawTab", draw);
        TabPane tabs = new TabPane(drawTab, tab("_Train", "trainTab", null), tab("_Graph", "graphTab", null),
                tab("D_escent", "descentTab", null));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        buildOnFirstShow(tabs);
        followView(tabs, state);
        WindowPlacement placement = WindowPlacement.of(visualBounds(), settings);
        Scene scene = new Scene(tabs, placement.bounds().width(), placement.bounds().height());
        // the Draw view's keys work wherever the focus is in that tab, unless a text field wants them
        scene.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (drawTab.isSelected() && !(scene.getFocusOwner() instanceof TextInputControl) && draw.shortcut(e)) {
                e.consume();
            }
        });
        // Ctrl+1, 2, 3, 4: the views, from anywhere
        for (int i = 0; i < tabs.getTabs().size(); i++) {
            int index = i;
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.getKeyCode(Integer.toString(i + 1)),
                    KeyCombination.SHORTCUT_DOWN), () -> tabs.getSelectionModel().select(index));
        }
        // a trained model that is not saved is asked about before the window closes
        stage.setOnCloseRequest(e -> {
            if (train != null && !train.mayClose(stage::close)) {
                e.consume();
            }
        });
        // Ctrl+Q: quit, as closing the window does (a view that asks before closing is asked)
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN),
                () -> stage.fireEvent(new WindowEvent(stage, WindowEvent.WINDOW_CLOSE_REQUEST)));
        stage.setTitle(TITLE);
        for (int size : new int[] {16, 32, 64, 128, 256}) {
            InputStream icon = DigitLabApp.class.getResourceAsStream("/digitlab/icon-" + size + ".png");
            if (icon != null) {
                stage.getIcons().add(new Image(icon));
            }
        }
        stage.setMinWidth(WindowPlacement.MIN_WIDTH);
        stage.setMinHeight(WindowPlacement.MIN_HEIGHT);
        stage.setScene(scene);
        place(placement.bounds());
        stage.show();
        // Under a window manager, JavaFX 21's GTK glass loses the size asked for before the window is mapped
        // (JDK-8316423, fixed in JavaFX 22): the window would open at its minimum size. Asked again once it
        // is shown, the size holds, with a window manager and without one.
        place(placement.bounds());
        // 3-D scenes need a hardware pipeline: without one, the next starts skip the OpenGL probe
        GraphicsMemory.afterStart(settingsFolder, Platform.isSupported(ConditionalFeature.SCENE3D), LocalDate.now());
        normal = new NormalBounds(placement.bounds());
        followNormalBounds();
        if (placement.maximized()) {
            // once the normal size has reached the window manager, so that un-maximizing goes back to it
            Platform.runLater(() -> stage.setMaximized(true));
        }
        LayoutReport.attachIfAsked(stage, state.view);
    }

    /** Every screen's visual bounds, the primary screen's first. */
    private static List<Rect> visualBounds() {
        List<Rect> screens = new ArrayList<>();
        Screen primary = Screen.getPrimary();
        screens.add(rect(primary.getVisualBounds()));
        for (Screen s : Screen.getScreens()) {
            if (!s.equals(primary)) {
                screens.add(rect(s.getVisualBounds()));
            }
        }
        return screens;
    }

    private static Rect rect(Rectangle2D r) {
        return new Rect(r.getMinX(), r.getMinY(), r.getWidth(), r.getHeight());
    }

    private void place(Rect r) {
        stage.setX(r.x());
        stage.setY(r.y());
        stage.setWidth(r.width());
        stage.setHeight(r.height());
    }

    /** Keeps {@link #normal} up to date: the settings keep the window's normal rectangle, even when it closes maximized. */
    private void followNormalBounds() {
        InvalidationListener moved = o -> normal.changed(new Rect(stage.getX(), stage.getY(), stage.getWidth(),
                stage.getHeight()), stage.isMaximized() || stage.isIconified(), System.currentTimeMillis());
        stage.xProperty().addListener(moved);
        stage.yProperty().addListener(moved);
        stage.widthProperty().addListener(moved);
        stage.heightProperty().addListener(moved);
        stage.maximizedProperty().addListener((o, was, is) -> {
            if (is) {
                normal.maximized(System.currentTimeMillis());
            } else {
                // JavaFX 21's GTK glass under openbox un-maximizes to nearly the whole screen: back to the normal bounds
                Rect back = normal.get();
                Platform.runLater(() -> place(back));
            }
        });
    }

    /**
     * The Train, Graph and Descent views are built when their tab is first shown, not before the window opens: built
     * with the Draw view, their controls, charts and styles were about half of the time to the first window.
     */
    private void buildOnFirstShow(TabPane tabs) {
        tabs.getSelectionModel().selectedItemProperty().addListener((o, before, tab) -> {
            if (tab == null || tab.getContent() != null) {
                return;
            }
            if (tab.getId().equals("trainTab")) {
                train = new TrainView(session, state);
                tab.setContent(train);
            } else if (tab.getId().equals("graphTab")) {
                graph = new GraphView(state);
                tab.setContent(graph);
            } else if (tab.getId().equals("descentTab")) {
                descent = new DescentView();
                tab.setContent(descent);
            }
        });
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
        if (stage != null && stage.getScene() != null && normal != null) {
            Path model = draw == null ? null : draw.modelFile();
            Rect window = normal.get();
            Settings now = settings.withWindow(window.width(), window.height(), window.x(), window.y(), stage.isMaximized())
                    .withLastModel(model == null ? null : model.toAbsolutePath().toString());
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
        if (descent != null) {
            descent.close();
        }
    }
}
