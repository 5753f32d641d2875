package digitlab.app.train;

import java.util.Map;
import java.util.Optional;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Window;

/** The question {@link UnsavedModel} decides on, as a dialog: Save / Discard / Cancel. */
final class UnsavedDialog {
    static final ButtonType SAVE = new ButtonType("Save…", ButtonBar.ButtonData.YES);
    static final ButtonType DISCARD = new ButtonType("Discard", ButtonBar.ButtonData.NO);
    static final ButtonType CANCEL = new ButtonType("Cancel", ButtonBar.ButtonData.CANCEL_CLOSE);
    private static final Map<ButtonType, UnsavedModel.Answer> ANSWERS = Map.of(SAVE, UnsavedModel.Answer.SAVE,
            DISCARD, UnsavedModel.Answer.DISCARD, CANCEL, UnsavedModel.Answer.CANCEL);

    private UnsavedDialog() {
    }

    /** Asks {@code question} over {@code owner} and waits for the answer (null when the dialog was closed). */
    static UnsavedModel.Answer ask(Window owner, String question) {
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, question, SAVE, DISCARD, CANCEL);
        alert.setTitle("Unsaved model");
        alert.setHeaderText("The trained model is not saved");
        alert.initOwner(owner);
        alert.getDialogPane().setId("unsavedDialog");
        Optional<ButtonType> answer = alert.showAndWait();
        return answer.map(ANSWERS::get).orElse(null);
    }
}
