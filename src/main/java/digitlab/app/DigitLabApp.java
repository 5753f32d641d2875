package digitlab.app;

import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;

/** The DigitLab window. */
public final class DigitLabApp extends Application {
    static final String TITLE = "DigitLab";

    @Override
    public void start(Stage stage) {
        BorderPane root = new BorderPane();
        Label heading = new Label("DigitLab");
        heading.setStyle("-fx-font-size: 24px; -fx-font-weight: bold;");
        root.setTop(heading);
        root.setCenter(new FormulaPane());
        BorderPane.setMargin(heading, new Insets(12, 16, 0, 16));
        stage.setTitle(TITLE);
        stage.setScene(new Scene(root, 900, 600));
        stage.show();
    }
}
