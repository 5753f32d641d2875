package digitlab.app.train;

import java.util.ArrayList;
import java.util.List;

import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import digitlab.nn.TrainingListener;

/**
 * The Train view's two charts, one above the other: the loss of every batch (raw and smoothed, at most
 * {@link #CHART_POINTS} points each) and the test accuracy after each epoch, on an axis of whole epochs.
 */
final class TrainingCharts extends VBox {
    /** Points per chart series: enough to look smooth, few enough to redraw at once. */
    static final int CHART_POINTS = 400;

    private final XYChart.Series<Number, Number> rawLoss = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> smoothLoss = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> accuracy = new XYChart.Series<>();
    private final NumberAxis epochAxis = new NumberAxis();
    private int shownLosses = -1;

    TrainingCharts() {
        super(4);
        NumberAxis lossX = new NumberAxis(), lossY = new NumberAxis();
        lossX.setLabel("batch");
        lossY.setLabel("training loss");
        lossX.setForceZeroInRange(false);
        LineChart<Number, Number> lossChart = new LineChart<>(lossX, lossY);
        lossChart.setId("lossChart");
        rawLoss.setName("loss per batch");
        smoothLoss.setName("smoothed");
        lossChart.getData().add(rawLoss);
        lossChart.getData().add(smoothLoss);
        NumberAxis accuracyY = new NumberAxis();
        epochAxis.setLabel("epoch");
        accuracyY.setLabel("accuracy %");
        accuracyY.setForceZeroInRange(false);
        // whole epochs only: the axis is set by hand as epochs arrive
        epochAxis.setAutoRanging(false);
        epochAxis.setLowerBound(0);
        epochAxis.setUpperBound(1);
        epochAxis.setTickUnit(1);
        epochAxis.setMinorTickVisible(false);
        LineChart<Number, Number> accuracyChart = new LineChart<>(epochAxis, accuracyY);
        accuracyChart.setId("accuracyChart");
        accuracy.setName("test accuracy after each epoch");
        accuracyChart.getData().add(accuracy);
        for (LineChart<Number, Number> c : List.of(lossChart, accuracyChart)) {
            c.setAnimated(false);
            c.setCreateSymbols(c == accuracyChart);
        }
        lossChart.setMinHeight(200);
        accuracyChart.setPrefHeight(190);
        accuracyChart.setMinHeight(150);
        getChildren().addAll(lossChart, accuracyChart);
        VBox.setVgrow(lossChart, Priority.ALWAYS);
    }

    /** Shows {@code losses}, unless the chart already shows as many batches. */
    void showLosses(LossHistory losses) {
        if (losses.size() == shownLosses) {
            return;
        }
        shownLosses = losses.size();
        LossHistory.Series series = losses.downsample(CHART_POINTS);
        List<XYChart.Data<Number, Number>> raw = new ArrayList<>(series.index().length);
        List<XYChart.Data<Number, Number>> smooth = new ArrayList<>(series.index().length);
        for (int i = 0; i < series.index().length; i++) {
            int batch = series.index()[i] + 1;
            if (Float.isFinite(series.raw()[i])) {
                raw.add(new XYChart.Data<>(batch, series.raw()[i]));
            }
            if (Float.isFinite(series.smoothed()[i])) {
                smooth.add(new XYChart.Data<>(batch, series.smoothed()[i]));
            }
        }
        rawLoss.getData().setAll(raw);
        smoothLoss.getData().setAll(smooth);
    }

    /** Shows the test accuracy after each of {@code epochs}. */
    void showAccuracy(List<TrainingListener.EpochReport> epochs) {
        List<XYChart.Data<Number, Number>> points = new ArrayList<>();
        for (int i = 0; i < epochs.size(); i++) {
            points.add(new XYChart.Data<>(i + 1, 100 * epochs.get(i).testAccuracy()));
        }
        accuracy.getData().setAll(points);
        epochAxis.setUpperBound(Math.max(1, epochs.size()));
        epochAxis.setTickUnit(Math.max(1, Math.ceil(epochs.size() / 10.0)));
    }
}
