package digitlab.app.widgets;

import java.util.ArrayList;
import java.util.List;

import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.collections.FXCollections;
import javafx.util.StringConverter;

/**
 * The live training charts, one above the other (the Train view's, and the My digits window's while it
 * fine-tunes): the loss of every batch (raw and smoothed, at most
 * {@link #CHART_POINTS} points each; on a log scale when asked, or by itself when the loss spans more than
 * three decades) and the test and training accuracy after each epoch, on an axis of whole epochs. Earlier
 * runs stay under the current one as faded lines, named in the legend, until cleared. Every axis is set
 * by hand from {@link ChartScales}, its ticks written by {@link ChartScales#tick}. Used on the JavaFX thread only.
 */
public final class TrainingCharts extends VBox {
    /** An earlier run drawn faded: its legend, batch numbers (1-based), smoothed loss and test accuracy (0..1) per epoch. */
    public interface Faded {
        String legend();

        int[] batches();

        float[] smoothedLoss();

        double[] testAccuracy();
    }

    /** Points per chart series. */
    public static final int CHART_POINTS = ChartScales.POINTS;
    private static final String RAW = "#a5c8ec", SMOOTH = "#1c5fa8", TEST = "#1c5fa8", TRAIN = "#e8590c";
    private static final String[] EARLIER = {"#868e96", "#9c36b5", "#2b8a3e", "#c92a2a", "#e67700"};

    private final NumberAxis lossX = new NumberAxis(), lossY = new NumberAxis();
    private final NumberAxis epochAxis = new NumberAxis(), accuracyY = new NumberAxis();
    private final LineChart<Number, Number> lossChart = new LineChart<>(lossX, lossY);
    private final LineChart<Number, Number> accuracyChart = new LineChart<>(epochAxis, accuracyY);
    private final XYChart.Series<Number, Number> rawLoss = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> smoothLoss = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> testAccuracy = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> trainAccuracy = new XYChart.Series<>();
    private final CheckBox logScale = new CheckBox("_Log scale");
    private final Button clearEarlier = Controls.button("Clear _earlier runs", "clearRuns",
            "Forget the faded curves of earlier runs", null);
    private final VBox earlierLegend = new VBox(2);
    private boolean logChosen;
    private boolean log;

    private LossHistory.Series losses = new LossHistory.Series(new int[0], new float[0], new float[0]);
    private double[] testShown = new double[0], trainShown = new double[0];
    private List<? extends Faded> earlier = List.of();
    private int shownLosses = -1;

    /**
     * @param clearEarlierRuns what "Clear earlier runs" does; null: no earlier runs are shown, and no such button
     * @param withTrainAccuracy whether the training accuracy is shown (its key in the legend)
     */
    public TrainingCharts(Runnable clearEarlierRuns, boolean withTrainAccuracy) {
        super(4);
        lossX.setLabel("batch");
        lossY.setLabel("training loss");
        epochAxis.setLabel("epoch");
        accuracyY.setLabel("accuracy %");
        for (NumberAxis a : List.of(lossX, lossY, epochAxis, accuracyY)) {
            a.setAutoRanging(false);
            a.setMinorTickVisible(false);
        }
        lossX.setTickLabelFormatter(ticks(false));
        epochAxis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return ChartScales.epochTick(n.doubleValue());
            }

            @Override
            public Number fromString(String s) {
                return Double.valueOf(s);
            }
        });
        accuracyY.setTickLabelFormatter(ticks(false));
        lossY.setTickLabelFormatter(ticks(false));
        lossChart.setId("lossChart");
        accuracyChart.setId("accuracyChart");
        rawLoss.setName("loss per batch");
        smoothLoss.setName("smoothed loss");
        testAccuracy.setName("test accuracy");
        trainAccuracy.setName("training accuracy");
        for (LineChart<Number, Number> c : List.of(lossChart, accuracyChart)) {
            c.setAnimated(false);
            c.setLegendVisible(false);
            c.setHorizontalZeroLineVisible(false); // on a log scale it would mark a loss of 1
            c.setCreateSymbols(c == accuracyChart);
        }
        lossChart.setMinHeight(180);
        accuracyChart.setPrefHeight(190);
        accuracyChart.setMinHeight(150);
        logScale.setId("logScale");
        logScale.setMnemonicParsing(true);
        logScale.setTooltip(new Tooltip("The loss in powers of ten: on by itself when it spans more than three decades"));
        logScale.setOnAction(e -> {
            logChosen = true;
            redraw();
        });
        clearEarlier.setOnAction(e -> clearEarlierRuns.run());
        clearEarlier.setVisible(clearEarlierRuns != null);
        clearEarlier.setManaged(clearEarlierRuns != null);
        lossX.widthProperty().addListener((o, a, b) -> scaleBatches());
        accuracyY.heightProperty().addListener((o, a, b) -> scaleAccuracy());
        earlierLegend.setId("runLegend");
        FlowPane legend = new FlowPane(12, 2, key(SMOOTH, "this run: smoothed loss"), key(RAW, "loss per batch"),
                key(TEST, "test accuracy"));
        if (withTrainAccuracy) {
            legend.getChildren().add(key(TRAIN, "training accuracy"));
        }
        HBox tools = new HBox(12, logScale, clearEarlier);
        getChildren().addAll(lossChart, legend, earlierLegend, tools, accuracyChart);
        VBox.setVgrow(lossChart, Priority.ALWAYS);
        redraw();
    }

    private static Label key(String colour, String text) {
        Label l = new Label("━ " + text);
        l.setStyle("-fx-text-fill: " + colour + "; -fx-font-size: 11px;");
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    private StringConverter<Number> ticks(boolean logAxis) {
        return new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return ChartScales.tick(n.doubleValue(), logAxis);
            }

            @Override
            public Number fromString(String s) {
                return Double.valueOf(s);
            }
        };
    }

    /** Shows {@code history}, unless the chart already shows as many batches. */
    public void showLosses(LossHistory history) {
        if (history.size() == shownLosses) {
            return;
        }
        shownLosses = history.size();
        losses = history.downsample(CHART_POINTS);
        redrawLoss();
    }

    /**
     * Shows the test and training accuracy (0..1) after each epoch: {@code test[e]} and {@code train[e]} after
     * epoch e + 1 (a NaN is left out). The arrays are kept, not copied: do not change them afterwards.
     */
    public void showAccuracy(double[] test, double[] train) {
        testShown = test;
        trainShown = train;
        redrawAccuracy();
    }

    /** Shows {@code runs} faded under the current run, each named in the legend. */
    public void showEarlierRuns(List<? extends Faded> runs) {
        if (runs.equals(earlier)) {
            return;
        }
        earlier = runs;
        earlierLoss = null;
        earlierLegend.getChildren().clear();
        for (int r = 0; r < runs.size(); r++) {
            earlierLegend.getChildren().add(key(EARLIER[r % EARLIER.length], runs.get(r).legend() + " (faded)"));
        }
        clearEarlier.setDisable(runs.isEmpty());
        redraw();
    }

    /** Whether the loss is shown on a log scale now. */
    public boolean logScale() {
        return log;
    }

    /** Draws both charts again (the earlier runs, the log scale or everything changed). */
    private void redraw() {
        redrawLoss();
        redrawAccuracy();
    }

    private void redrawLoss() {
        double min = Double.POSITIVE_INFINITY, max = 0;
        int batches = losses.size() == 0 ? 0 : losses.index()[losses.size() - 1] + 1;
        for (float v : losses.raw()) {
            if (Float.isFinite(v) && v > 0) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        for (Faded run : earlier) {
            for (float v : run.smoothedLoss()) {
                if (Float.isFinite(v) && v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            batches = Math.max(batches, run.batches().length == 0 ? 0 : run.batches()[run.batches().length - 1]);
        }
        if (!logChosen) {
            logScale.setSelected(ChartScales.wantsLog(min, max));
        }
        if (log != logScale.isSelected()) {
            log = logScale.isSelected();
            lossY.setTickLabelFormatter(ticks(log));
            lossY.setLabel(log ? "training loss (log scale)" : "training loss");
        }
        setAxis(lossY, ChartScales.loss(min, max, log));
        shownBatches = batches;
        scaleBatches();
        if (earlierLoss == null || earlierDrawnLog != log) {
            earlierLoss = new ArrayList<>();
            earlierAccuracy = new ArrayList<>();
            for (Faded run : earlier) {
                earlierLoss.add(series(run.batches(), run.smoothedLoss()));
                earlierAccuracy.add(epochSeries(run.testAccuracy()));
            }
            earlierDrawnLog = log;
        }
        rawLoss.getData().setAll(points(losses.index(), losses.raw()));
        smoothLoss.getData().setAll(points(losses.index(), losses.smoothed()));
        List<XYChart.Series<Number, Number>> lossSeries = new ArrayList<>(earlierLoss);
        lossSeries.add(rawLoss);
        lossSeries.add(smoothLoss);
        if (!lossChart.getData().equals(lossSeries)) {
            lossChart.getData().setAll(lossSeries);
        }
        for (int r = 0; r < earlierLoss.size(); r++) {
            style(earlierLoss.get(r), EARLIER[r % EARLIER.length], 0.55);
        }
        style(rawLoss, RAW, 1);
        style(smoothLoss, SMOOTH, 1);
    }

    private void redrawAccuracy() {
        if (earlierAccuracy == null) {
            redrawLoss(); // makes the earlier runs' series
        }
        testAccuracy.getData().setAll(epochSeries(testShown).getData());
        trainAccuracy.getData().setAll(epochSeries(trainShown).getData());
        List<XYChart.Series<Number, Number>> accuracySeries = new ArrayList<>(earlierAccuracy);
        accuracySeries.add(testAccuracy);
        accuracySeries.add(trainAccuracy);
        if (!accuracyChart.getData().equals(accuracySeries)) {
            accuracyChart.getData().setAll(accuracySeries);
        }
        int epochCount = Math.max(testShown.length, trainShown.length);
        List<Double> percents = new ArrayList<>();
        for (int r = 0; r < accuracySeries.size(); r++) {
            XYChart.Series<Number, Number> s = accuracySeries.get(r);
            s.getData().forEach(d -> percents.add(d.getYValue().doubleValue()));
            epochCount = Math.max(epochCount, s.getData().size());
            if (r < earlierAccuracy.size()) {
                style(s, EARLIER[r % EARLIER.length], 0.55);
            }
        }
        style(testAccuracy, TEST, 1);
        style(trainAccuracy, TRAIN, 1);
        shownPercents = percents;
        scaleAccuracy();
        setAxis(epochAxis, ChartScales.epochs(epochCount));
    }

    private int shownBatches;
    private List<Double> shownPercents = List.of();
    // the earlier runs' series as last drawn (null: to be made again), and whether on the log scale
    private List<XYChart.Series<Number, Number>> earlierLoss, earlierAccuracy;
    private boolean earlierDrawnLog;

    /** The batch axis for the batches shown, with ticks that fit its length now. */
    private void scaleBatches() {
        double length = lossX.getWidth() > 0 ? lossX.getWidth() : 400;
        setAxis(lossX, ChartScales.batches(shownBatches, length));
    }

    /** The accuracy axis for the accuracies shown, with ticks that fit its height now. */
    private void scaleAccuracy() {
        setAxis(accuracyY, ChartScales.accuracy(shownPercents, accuracyY.getHeight() > 0 ? accuracyY.getHeight() : 150));
    }

    private static void setAxis(NumberAxis axis, ChartScales.Axis a) {
        axis.setLowerBound(a.lower());
        axis.setUpperBound(a.upper());
        axis.setTickUnit(a.tick());
    }

    private List<XYChart.Data<Number, Number>> points(int[] index, float[] values) {
        List<XYChart.Data<Number, Number>> out = new ArrayList<>(index.length);
        for (int i = 0; i < index.length; i++) {
            float v = values[i];
            if (Float.isFinite(v) && (!log || v > 0)) {
                out.add(new XYChart.Data<>(index[i] + 1, log ? Math.log10(v) : v));
            }
        }
        return out;
    }

    private XYChart.Series<Number, Number> series(int[] batches, float[] values) {
        int[] index = new int[batches.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = batches[i] - 1;
        }
        return new XYChart.Series<>(FXCollections.observableArrayList(points(index, values)));
    }

    private static XYChart.Series<Number, Number> epochSeries(double[] accuracy) {
        XYChart.Series<Number, Number> s = new XYChart.Series<>();
        for (int i = 0; i < accuracy.length; i++) {
            if (Double.isFinite(accuracy[i])) {
                s.getData().add(new XYChart.Data<>(i + 1, 100 * accuracy[i]));
            }
        }
        return s;
    }

    private static void style(XYChart.Series<Number, Number> s, String colour, double opacity) {
        if (s.getNode() != null) {
            s.getNode().setStyle("-fx-stroke: " + colour + "; -fx-stroke-width: " + (opacity < 1 ? 1.5 : 2) + "px; -fx-opacity: " + opacity + ";");
        }
        for (XYChart.Data<Number, Number> d : s.getData()) {
            if (d.getNode() != null) {
                d.getNode().setStyle("-fx-background-color: " + colour + ", white; -fx-opacity: " + opacity + ";");
            }
        }
    }
}
