package digitlab.app.widgets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

@Tag("gui")
class LayoutAuditTest {

    @BeforeAll
    static void startTheToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @SuppressWarnings("unchecked")
    private static List<String> problemsOf(Parent root, double width, double height) throws Exception {
        Stage stage = FxToolkit.registerPrimaryStage();
        FxRobot robot = new FxRobot();
        Scene[] scene = new Scene[1];
        robot.interact(() -> {
            scene[0] = new Scene(root, width, height);
            stage.setScene(scene[0]);
            stage.sizeToScene();
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        List<String>[] out = new List[1];
        robot.interact(() -> out[0] = LayoutAudit.problems(scene[0]));
        return out[0];
    }

    @Test
    void aButtonPushedOutOfTheWindowIsNamed() throws Exception {
        Pane pane = new Pane();
        Button inside = new Button("In");
        inside.relocate(10, 10);
        Button outside = new Button("Out");
        outside.setId("far");
        outside.relocate(500, 10);
        pane.getChildren().addAll(inside, outside);
        List<String> problems = problemsOf(pane, 300, 200);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("Button #far lies outside the window"), problems.toString());
    }

    @Test
    void aChoiceBoxPushedOutOfTheWindowIsNamedToo() throws Exception {
        Pane pane = new Pane();
        javafx.scene.control.ChoiceBox<String> choice = new javafx.scene.control.ChoiceBox<>();
        choice.getItems().addAll("sgd", "adam");
        choice.setId("optimizer");
        choice.relocate(10, 500);
        pane.getChildren().add(choice);
        List<String> problems = problemsOf(pane, 300, 200);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("ChoiceBox #optimizer lies outside the window"), problems.toString());
    }

    @Test
    void aButtonInAScrollPaneInTheWindowCountsAsReachable() throws Exception {
        VBox tall = new VBox(new Label("top"), new Pane(), new Button("Bottom"));
        ((Pane) tall.getChildren().get(1)).setMinHeight(1000);
        List<String> problems = problemsOf(new ScrollPane(tall), 300, 200);
        assertEquals(List.of(), problems);
    }

    @Test
    void aLabelCutToAnEllipsisIsNamedWithItsWholeText() throws Exception {
        Label label = new Label("A rather long label that cannot fit");
        label.setMaxWidth(60);
        List<String> problems = problemsOf(new HBox(label), 300, 100);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("is cut to") && problems.get(0).contains("A rather long label that cannot fit"),
                problems.toString());
    }

    @Test
    void aWindowWhereEverythingFitsHasNoProblems() throws Exception {
        assertEquals(List.of(), problemsOf(new HBox(new Label("Model"), new Button("Open…")), 300, 100));
    }
}
