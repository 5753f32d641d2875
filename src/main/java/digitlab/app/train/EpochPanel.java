package digitlab.app.train;

import java.util.List;
import java.util.function.Consumer;

import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import digitlab.app.widgets.ConfusionGrid;
import digitlab.app.widgets.DigitGallery;
import digitlab.dataset.Dataset;
import digitlab.image.InkImage;
import digitlab.nn.Evaluation;

/**
 * The Train view's right-hand panel: after each epoch a summary line, the confusion matrix and the test
 * digits the network got wrong; a click on a cell shows that cell's digits, a click on a digit hands it on.
 */
final class EpochPanel extends VBox {
    private static final int GALLERY_LIMIT = 60;

    private final Label summary = new Label(TrainingReadout.NO_EPOCH_YET);
    private final ConfusionGrid confusion = new ConfusionGrid(10);
    private final Label galleryTitle = new Label("");
    private final DigitGallery gallery = new DigitGallery();
    private Evaluation shown;
    private Dataset test;
    private String cellModel = "";

    /** {@code onDigit}: told of the picture of a digit clicked in the gallery. */
    EpochPanel(Consumer<InkImage> onDigit) {
        super(6);
        summary.setId("epochSummary");
        summary.setWrapText(true);
        confusion.setId("confusion");
        galleryTitle.setId("galleryTitle");
        galleryTitle.setWrapText(true);
        gallery.setId("gallery");
        gallery.setPrefWidth(340);
        confusion.setOnCellClicked(this::showCell);
        gallery.setOnDigitClicked(onDigit);
        Label confusionTitle = new Label("Confusion matrix: rows are the true digit, columns the network's answer. "
                + "Click a cell to see those digits.");
        confusionTitle.setWrapText(true);
        confusionTitle.setStyle("-fx-font-size: 11px; -fx-text-fill: #555;");
        for (Label l : List.of(summary, confusionTitle, galleryTitle)) {
            l.setMinHeight(Region.USE_PREF_SIZE);
            l.setMaxWidth(330);
        }
        getChildren().addAll(summary, confusionTitle, confusion, galleryTitle, gallery);
        VBox.setVgrow(gallery, Priority.ALWAYS);
        setPrefWidth(350);
        setMinWidth(300);
    }

    /**
     * Shows epoch {@code e} on the test images {@code testSet}, its gallery titled with the model that misread
     * them; empties the panel when either is missing.
     */
    void show(TrainingSession.Epoch e, Dataset testSet) {
        shown = e == null ? null : e.report().evaluation();
        test = testSet;
        if (shown == null || test == null) {
            confusion.show(null);
            gallery.show(null, new int[0], new int[0], 0);
            summary.setText(TrainingReadout.NO_EPOCH_YET);
            galleryTitle.setText("");
            return;
        }
        summary.setText(TrainingReadout.epochSummary(e));
        confusion.show(shown.confusion());
        cellModel = "Judged by " + e.modelName() + " after epoch " + e.number() + ": ";
        galleryTitle.setText(TrainingReadout.misreadTitle(e));
        gallery.show(test, shown.misclassified(), shown.predictions(), GALLERY_LIMIT);
    }

    private void showCell(int truth, int predicted) {
        if (shown == null || test == null) {
            return;
        }
        int[] chosen = TrainingReadout.cell(test, shown, truth, predicted);
        galleryTitle.setText(cellModel + TrainingReadout.cellTitle(chosen.length, truth, predicted));
        gallery.show(test, chosen, shown.predictions(), GALLERY_LIMIT);
    }
}
