package digitlab.app.draw;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import digitlab.app.widgets.Controls;
import digitlab.app.widgets.Heatmaps;
import digitlab.app.widgets.ProbabilityBars;
import digitlab.image.MnistPreparation;

/**
 * The Draw view's right-hand column: the model list, the answer with all ten probabilities, the 28×28
 * image the network got, and the heatmap with the digit it explains.
 */
final class AnswerPanel extends VBox {
    /** The column's usual and least widths. */
    static final double PREF_WIDTH = 400, MIN_WIDTH = 360;
    private static final int PREVIEW = 150;
    private static final String WHY_PREDICTED = "the predicted digit";

    private final ComboBox<ModelCatalogue.Entry> modelChoice = new ComboBox<>();
    private final Label modelInfo = new Label();
    private final Label prediction = new Label();
    private final Label confidence = new Label();
    private final Label timing = new Label();
    private final ProbabilityBars bars = new ProbabilityBars(10);
    private final ImageView networkInput = new ImageView();
    private final ImageView saliency = new ImageView();
    private final Label whyTitle = new Label();
    private final ComboBox<String> why = new ComboBox<>();

    /**
     * @param chooseModelFile the "Model file…" button's action
     * @param whyChanged      called when the person picks another digit to explain
     */
    AnswerPanel(Runnable chooseModelFile, Runnable whyChanged) {
        super(8);
        modelChoice.setId("modelChoice");
        modelChoice.setTooltip(new Tooltip("The network that reads the drawing"));
        // a long name wraps in the list rather than being cut, and the list leaves room for its neighbours
        modelChoice.setButtonCell(new WrappingCell());
        modelChoice.setCellFactory(list -> new WrappingCell());
        modelChoice.setMinHeight(Region.USE_PREF_SIZE);
        modelChoice.setPrefWidth(140);
        modelChoice.setMinWidth(100);
        modelChoice.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(modelChoice, Priority.ALWAYS);
        Button openModel = Controls.button("_Model file…", "openModel", "Read the digits with a model file (.json)",
                chooseModelFile);
        openModel.setMinWidth(Region.USE_PREF_SIZE);
        Label modelLabel = new Label("Model");
        modelLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox models = new HBox(8, modelLabel, modelChoice, openModel);
        models.setAlignment(Pos.CENTER_LEFT);
        modelInfo.setId("modelInfo");
        modelInfo.setStyle("-fx-text-fill: #555;");
        modelInfo.setWrapText(true);
        modelInfo.setMinHeight(Region.USE_PREF_SIZE);

        prediction.setId("prediction");
        prediction.setMinHeight(96);
        prediction.setMinWidth(Region.USE_PREF_SIZE);
        confidence.setId("confidence");
        confidence.setStyle("-fx-font-size: 15px;");
        confidence.setWrapText(true);
        VBox says = new VBox(4, confidence, timing);
        says.setAlignment(Pos.CENTER_LEFT);
        HBox answer = new HBox(16, prediction, says);
        answer.setAlignment(Pos.CENTER_LEFT);
        bars.setId("bars");
        bars.onPick(this::explain, d -> "Explain " + d + ": which pixels raise or lower the score of " + d
                + " (the heatmap below)");
        timing.setId("timing");
        timing.setStyle("-fx-text-fill: #777; -fx-font-size: 11px;");

        getChildren().addAll(models, modelInfo, answer, bars, images(), whyRow(whyChanged));
        setPadding(new Insets(0, 0, 0, 16));
        setPrefWidth(PREF_WIDTH);
        setMinWidth(MIN_WIDTH);
    }

    /** A list cell whose text wraps instead of being cut short, as tall as its wrapped text at its width. */
    private static final class WrappingCell extends ListCell<ModelCatalogue.Entry> {
        WrappingCell() {
            setWrapText(true);
            widthProperty().addListener((o, before, after) -> requestLayout());
        }

        @Override
        protected void updateItem(ModelCatalogue.Entry item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.label());
        }

        @Override
        protected double computePrefHeight(double width) {
            return super.computePrefHeight(width < 0 && getWidth() > 0 ? getWidth() : width);
        }

        @Override
        protected double computeMinHeight(double width) {
            return computePrefHeight(width);
        }
    }

    private HBox images() {
        networkInput.setId("networkInput");
        saliency.setId("saliency");
        for (ImageView v : new ImageView[] {networkInput, saliency}) {
            v.setFitWidth(PREVIEW);
            v.setFitHeight(PREVIEW);
            v.setSmooth(false);
        }
        Label seesTitle = new Label("What the network gets: 28×28");
        seesTitle.setWrapText(true);
        seesTitle.setMaxWidth(PREVIEW);
        whyTitle.setId("whyTitle");
        whyTitle.setWrapText(true);
        whyTitle.setMaxWidth(PREVIEW);
        VBox sees = new VBox(4, seesTitle, Controls.framed(networkInput, "black"));
        VBox because = new VBox(4, whyTitle, Controls.framed(saliency, "black"), legend());
        HBox images = new HBox(16, sees, because);
        for (Region r : new Region[] {sees, because, images}) {
            r.setMinHeight(Region.USE_PREF_SIZE);
        }
        return images;
    }

    private HBox whyRow(Runnable whyChanged) {
        why.setId("why");
        why.getItems().add(WHY_PREDICTED);
        for (int c = 0; c < 10; c++) {
            why.getItems().add(Integer.toString(c));
        }
        why.setValue(WHY_PREDICTED);
        why.setTooltip(new Tooltip("Which digit's score the heatmap explains: pick another to ask \"why not a 4?\""));
        why.valueProperty().addListener((o, a, b) -> whyChanged.run());
        Label whyLabel = new Label("E_xplain");
        whyLabel.setMnemonicParsing(true);
        whyLabel.setLabelFor(why);
        HBox row = new HBox(8, whyLabel, why);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private static VBox legend() {
        ImageView scale = new ImageView(Heatmaps.signedLegend(PREVIEW, 10));
        Label ends = new Label("lowers      0      raises");
        ends.setStyle("-fx-font-size: 10px; -fx-text-fill: #555;");
        ends.setMaxWidth(PREVIEW);
        ends.setAlignment(Pos.CENTER);
        return new VBox(1, scale, ends);
    }

    /** The list of models. */
    ComboBox<ModelCatalogue.Entry> modelChoice() {
        return modelChoice;
    }

    /** The line under the list of models. */
    Label modelInfo() {
        return modelInfo;
    }

    /** Explains digit {@code d}: the heatmap shows why it is (or is not) a {@code d}. */
    void explain(int d) {
        why.setValue(Integer.toString(d));
    }

    /** The digit whose score the heatmap should explain, or −1 for the predicted one. */
    int whyClass() {
        String w = why.getValue();
        return w == null || w.equals(WHY_PREDICTED) ? -1 : Integer.parseInt(w);
    }

    /** Shows {@code text} and the images of {@code r} (null or blank: empty images). */
    void show(AnswerText text, Reading r) {
        prediction.setText(text.prediction());
        prediction.setStyle(text.predictionStyle());
        confidence.setText(text.confidence());
        whyTitle.setText(text.whyTitle());
        timing.setText(text.timing());
        if (r == null || r.isBlank()) {
            bars.show(null, -1);
            networkInput.setImage(Heatmaps.ink(new float[784], 28, 28));
            saliency.setImage(Heatmaps.signed(new float[784], null, 28, 28));
            return;
        }
        bars.show(r.probabilities(), r.best());
        float[] pixels = r.prepared().pixels();
        networkInput.setImage(Heatmaps.ink(pixels, MnistPreparation.SIDE, MnistPreparation.SIDE));
        saliency.setImage(Heatmaps.signed(r.saliency(), pixels, MnistPreparation.SIDE, MnistPreparation.SIDE));
    }
}
