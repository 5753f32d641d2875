package digitlab.app;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;

import digitlab.app.draw.DrawView;
import digitlab.app.graph.GraphView;
import digitlab.app.train.TrainView;
import digitlab.app.train.TrainingSession;

/** The DigitLab window: one tab per view. */
public final class DigitLabApp extends Application {
    static final String TITLE = "DigitLab";

    private DrawView draw;
    private TrainView train;
    private GraphView graph;

    @Override
    public void start(Stage stage) {
        draw = new DrawView();
        Tab drawTab = tab("_Draw", "drawTab", draw);
        TabPane tabs = new TabPane();
        TrainingSession session = TrainingSession.withDefaultCache();
        train = new TrainView(session, model -> {
            draw.offerTrained(model);
            tabs.getSelectionModel().select(drawTab);
        }, picture -> {
            draw.showPicture(picture, "A test digit from the Train view's gallery.");
            tabs.getSelectionModel().select(drawTab);
        });
        Tab trainTab = tab("_Train", "trainTab", train);
        graph = new GraphView(draw::lastReading, session);
        Tab graphTab = tab("_Graph", "graphTab", graph);
        tabs.getTabs().addAll(drawTab, trainTab, graphTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        Scene scene = new Scene(tabs, 1120, 720);
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
        stage.setMinWidth(760);
        stage.setMinHeight(560);
        stage.setScene(scene);
        stage.show();
    }

    private static Tab tab(String text, String id, javafx.scene.Node content) {
        Tab t = new Tab(text.replace("_", ""), content);
        t.setId(id);
        return t;
    }

    @Override
    public void stop() {
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
