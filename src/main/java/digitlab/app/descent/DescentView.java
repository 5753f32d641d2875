package digitlab.app.descent;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.TextAlignment;
import javafx.util.Duration;

import digitlab.app.descent.DescentPlot.Range;
import digitlab.app.descent.DescentPlot.Segment;
import digitlab.app.descent.DescentPresenter.Point;
import digitlab.app.descent.DescentPresenter.Verdict;
import digitlab.app.shared.BackgroundTasks;
import digitlab.app.widgets.Controls;
import digitlab.expr.ExpressionException;

/**
 * The Descent view: gradient descent on a formula, step by step. For one variable, y over x with the
 * current point, its tangent and each step drawn on the curve; for two (x and z), the contours of y with
 * the path. A learning-rate slider (log scale) and field, Descend (one step), Run (a step every
 * {@value #RUN_MILLIS} ms until stopped, converged or diverged) and Reset. The words under the controls say
 * what the path does.
 */
public final class DescentView extends BorderPane {
    /** An example: a formula, where to start, and a learning rate that shows something. */
    record Preset(String label, String formula, String start, double rate) {
        @Override
        public String toString() {
            return label;
        }
    }

    static final List<Preset> PRESETS = List.of(
            new Preset("Bowl (x−3)²", "(x-3)^2", "x=-1", 0.1),
            new Preset("Bowl x²", "x^2", "x=2", 0.1),
            new Preset("The seed's cubic", "2*x^3 + 4*x^2 + 3*x + 2", "x=0.5", 0.01),
            new Preset("The seed's sine", "sin(2*x^3 + 4*x^2 + 3*x + 2)", "x=0.5", 0.01),
            new Preset("Valley in x and z", "x^2 + 5*z^2", "x=4 z=2", 0.05),
            new Preset("Tilted bowl in x and z", "(x-1)^2 + (z+2)^2 + x*z", "x=-3 z=2", 0.2));

    static final int RUN_MILLIS = 150;
    private static final String RATE_PROBLEM = "the learning rate must be a positive number";
    /** Run stops after this many steps (an oscillation never ends by itself). */
    static final int RUN_STEPS = 300;
    /** Log10 of the slider's ends: rates from 0.001 to 3. */
    static final double LOG_MIN = -3, LOG_MAX = Math.log10(3);
    private static final double MARGIN_LEFT = 64, MARGIN_RIGHT = 16, MARGIN_TOP = 16, MARGIN_BOTTOM = 36;
    /** Pixels of each contour cell. */
    private static final int CELL = 6;

    private final ChoiceBox<Preset> examples = new ChoiceBox<>();
    private final TextField formula = new TextField();
    private final TextField start = new TextField();
    private final Label problem = new Label();
    private final Slider rateSlider = new Slider(LOG_MIN, LOG_MAX, -1);
    private final TextField rateField = new TextField();
    private final Button descend;
    private final Button run;
    private final Button reset;
    private final Label verdict = new Label();
    private final Label point = new Label();
    private final ListView<String> steps = new ListView<>();
    private final Canvas canvas = new Canvas();
    private final Timeline runner;
    private DescentPresenter presenter;
    private int runSteps;
    /** The tangent last drawn (one variable), in the plot's values; null when none. */
    private Segment tangent;
    private boolean settingRate;
    /** The descent whose steps the list shows. */
    private DescentPresenter shownFor;
    private final BackgroundTasks worker = new BackgroundTasks("digitlab-descent");
    /** The last contour grid made; null before any. */
    private ContourGrid contours;
    /** The grid last asked of the worker (ranges, formula, size), so that it is asked once. */
    private final Range[] asked = new Range[2];
    private String askedFormula;
    private int askedCols, askedRows;

    public DescentView() {
        setId("descentView");
        examples.getItems().setAll(PRESETS);
        examples.setId("examples");
        formula.setId("descentFormula");
        formula.setPrefColumnCount(26);
        start.setId("descentStart");
        start.setPrefColumnCount(9);
        problem.setId("descentProblem");
        problem.setTextFill(Color.FIREBRICK);
        // takes room only when there is something to say
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        rateSlider.setId("rateSlider");
        rateSlider.setPrefWidth(220);
        rateField.setId("rateField");
        rateField.setPrefColumnCount(6);
        descend = Controls.button("_Descend", "descend", "One step: x moves by −rate × dy/dx", this::descendOnce);
        run = Controls.button("_Run", "run", "A step every " + RUN_MILLIS + " ms, until converged, diverged or stopped", this::runOrStop);
        reset = Controls.button("R_eset", "reset", "Back to the start", this::resetPath);
        verdict.setId("verdict");
        verdict.setWrapText(true);
        // as many lines as the words need, at any width
        verdict.setMinHeight(Region.USE_PREF_SIZE);
        verdict.setFont(Font.font(null, FontWeight.BOLD, 14));
        point.setId("point");
        point.setWrapText(true);
        point.setMinHeight(Region.USE_PREF_SIZE);
        steps.setId("steps");
        steps.setPrefWidth(300);

        HBox formulaRow = new HBox(8, fixed("Example"), examples, fixed("y ="), formula, fixed("Start"), start);
        // the formula field gives up width first; the labels keep theirs
        formula.setMinWidth(120);
        HBox.setHgrow(formula, Priority.ALWAYS);
        formulaRow.setAlignment(Pos.CENTER_LEFT);
        HBox controlRow = new HBox(8, fixed("Learning rate"), rateSlider, rateField, descend, run, reset);
        controlRow.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(6, formulaRow, controlRow, problem);
        top.setPadding(new Insets(8));
        setTop(top);
        Pane plot = new Pane(canvas);
        plot.setMinSize(200, 150);
        canvas.widthProperty().bind(plot.widthProperty());
        canvas.heightProperty().bind(plot.heightProperty());
        canvas.widthProperty().addListener(o -> draw());
        canvas.heightProperty().addListener(o -> draw());
        setCenter(plot);
        Label stepsTitle = new Label("Steps");
        VBox side = new VBox(8, verdict, point, stepsTitle, steps);
        VBox.setVgrow(steps, Priority.ALWAYS);
        side.setPadding(new Insets(8));
        side.setPrefWidth(320);
        side.setMinWidth(260);
        setRight(side);

        runner = new Timeline(new KeyFrame(Duration.millis(RUN_MILLIS), e -> runStep()));
        runner.setCycleCount(Timeline.INDEFINITE);
        examples.getSelectionModel().selectedItemProperty().addListener((o, was, p) -> {
            if (p != null) {
                choose(p);
            }
        });
        formula.setOnAction(e -> rebuild());
        start.setOnAction(e -> rebuild());
        formula.focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                rebuild();
            }
        });
        start.focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                rebuild();
            }
        });
        rateSlider.valueProperty().addListener((o, was, v) -> {
            if (!settingRate) {
                setRate(Double.parseDouble(DescentPresenter.number(Math.pow(10, v.doubleValue()))), true);
            }
        });
        rateField.setOnAction(e -> readRateField());
        rateField.focusedProperty().addListener((o, was, is) -> {
            if (!is) {
                readRateField();
            }
        });
        examples.getSelectionModel().select(0);
    }

    /** A label that is never shortened to "…". */
    private static Label fixed(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** Shows example {@code p}: its formula, start and rate, back at the start. */
    void choose(Preset p) {
        stop();
        formula.setText(p.formula());
        start.setText(p.start());
        setRate(p.rate(), false);
        rebuild();
    }

    /** Reads the formula and start again and starts over; a problem is shown and the last path stays. */
    void rebuild() {
        stop();
        try {
            double[] from = DescentPresenter.startValues(formula.getText(), start.getText());
            double rate = presenter == null ? Math.pow(10, rateSlider.getValue()) : presenter.rate();
            presenter = new DescentPresenter(formula.getText(), from, rate);
            problem.setText("");
        } catch (ExpressionException e) {
            problem.setText("column " + e.column() + ": " + e.problem());
        } catch (IllegalArgumentException e) {
            problem.setText(e.getMessage());
        }
        refresh();
    }

    private void readRateField() {
        try {
            double r = Double.parseDouble(rateField.getText().trim());
            if (!(r > 0) || Double.isInfinite(r)) {
                throw new NumberFormatException();
            }
            setRate(r, false);
            if (problem.getText().startsWith(RATE_PROBLEM)) {
                problem.setText("");
            }
        } catch (NumberFormatException e) {
            problem.setText(RATE_PROBLEM + ", such as 0.1");
        }
    }

    /** Sets the rate of the descent, the field, and the slider (unless the slider set it). */
    void setRate(double rate, boolean fromSlider) {
        settingRate = true;
        try {
            rateField.setText(DescentPresenter.number(rate));
            if (!fromSlider) {
                rateSlider.setValue(Math.max(LOG_MIN, Math.min(LOG_MAX, Math.log10(rate))));
            }
        } finally {
            settingRate = false;
        }
        if (presenter != null) {
            presenter.setRate(rate);
        }
    }

    void descendOnce() {
        if (presenter != null) {
            presenter.descend();
            refresh();
        }
    }

    private void runOrStop() {
        if (runner.getStatus() == Timeline.Status.RUNNING) {
            stop();
        } else if (presenter != null && !presenter.finished()) {
            runSteps = 0;
            run.setText("_Stop");
            runner.play();
        }
    }

    private void runStep() {
        if (presenter == null || presenter.finished() || runSteps >= RUN_STEPS) {
            stop();
            return;
        }
        presenter.descend();
        runSteps++;
        refresh();
        if (presenter.finished()) {
            stop();
        }
    }

    /** Stops a run. */
    void stop() {
        runner.stop();
        run.setText("_Run");
    }

    boolean running() {
        return runner.getStatus() == Timeline.Status.RUNNING;
    }

    private void resetPath() {
        stop();
        if (presenter != null) {
            presenter.reset();
        }
        refresh();
    }

    private void refresh() {
        if (presenter == null) {
            verdict.setText("");
            point.setText("");
            steps.getItems().clear();
            draw();
            return;
        }
        verdict.setText(presenter.words());
        verdict.setTextFill(switch (presenter.verdict()) {
            case DIVERGED, DIVERGING, OSCILLATING -> Color.FIREBRICK;
            case CONVERGED, CONVERGING -> Color.DARKGREEN;
            case OVERSHOOTING -> Color.DARKORANGE;
            case READY -> Color.BLACK;
        });
        point.setText("Now: " + presenter.describe(presenter.current()));
        List<Point> path = presenter.path();
        // a step adds a line; a new start (Reset, another formula) writes them all again
        if (steps.getItems().size() > path.size() || shownFor != presenter) {
            steps.getItems().clear();
            shownFor = presenter;
        }
        for (int i = steps.getItems().size(); i < path.size(); i++) {
            // in x and z the slopes would not fit the list's width: they are in the line above it
            Point p = path.get(i);
            steps.getItems().add((i == 0 ? "start" : Integer.toString(i)) + ": "
                    + (presenter.names().size() == 1 ? presenter.describe(p) : presenter.where(p)));
        }
        steps.scrollTo(path.size() - 1);
        descend.setDisable(presenter.finished());
        draw();
    }

    // ---------------------------------------------------------------- drawing

    private void draw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        double w = canvas.getWidth(), h = canvas.getHeight();
        g.setFill(Color.WHITE);
        g.fillRect(0, 0, w, h);
        tangent = null;
        if (presenter == null || w < MARGIN_LEFT + 40 || h < MARGIN_TOP + MARGIN_BOTTOM + 40) {
            return;
        }
        double pw = w - MARGIN_LEFT - MARGIN_RIGHT, ph = h - MARGIN_TOP - MARGIN_BOTTOM;
        List<Point> path = presenter.path();
        if (presenter.names().size() == 1) {
            drawCurve(g, path, pw, ph);
        } else {
            drawContours(g, path, pw, ph);
        }
    }

    private void drawCurve(GraphicsContext g, List<Point> path, double pw, double ph) {
        DoubleUnaryOperator f = x -> presenter.value(x);
        double[] xs = path.stream().mapToDouble(p -> p.at()[0]).toArray();
        double[] ys = path.stream().mapToDouble(Point::y).toArray();
        Range xr = DescentPlot.axis(xs[0], xs, DescentPlot.bottomNear(f, xs[0], 400));
        int columns = (int) Math.max(2, pw);
        Range yr = DescentPlot.yRange(f, xr, columns, ys);
        axes(g, xr, yr, pw, ph, "x", "y");
        // nothing drawn outside the plot's frame: a steep tangent or a far step is cut at its edge
        g.save();
        g.beginPath();
        g.rect(MARGIN_LEFT, MARGIN_TOP, pw, ph);
        g.clip();
        // the curve, one sample a pixel; a gap where y is not finite
        g.setStroke(Color.STEELBLUE);
        g.setLineWidth(2);
        g.beginPath();
        boolean down = false;
        for (int i = 0; i <= columns; i++) {
            double x = xr.lo() + xr.width() * i / columns;
            double y = f.applyAsDouble(x);
            if (!Double.isFinite(y)) {
                down = false;
                continue;
            }
            double px = sx(xr, x, pw), py = sy(yr, y, ph);
            if (down) {
                g.lineTo(px, py);
            } else {
                g.moveTo(px, py);
                down = true;
            }
        }
        g.stroke();
        steps(g, xs, ys, xr, yr, pw, ph, Color.SADDLEBROWN);
        Point now = presenter.current();
        tangent = DescentPlot.tangent(now.at()[0], now.y(), now.slope()[0], xr, yr, pw, ph, 130);
        g.setStroke(Color.SEAGREEN);
        g.setLineWidth(2.5);
        g.setLineDashes(10, 6);
        g.strokeLine(sx(xr, tangent.x1(), pw), sy(yr, tangent.y1(), ph), sx(xr, tangent.x2(), pw), sy(yr, tangent.y2(), ph));
        g.setLineDashes();
        dot(g, sx(xr, now.at()[0], pw), sy(yr, now.y(), ph), Color.CRIMSON, 7);
        g.restore();
        // the slope in a corner of its own, where it is never cut off by the plot's edge
        String label = "tangent: slope dy/dx = " + DescentPresenter.number(now.slope()[0]);
        g.setFont(Font.font(null, FontWeight.BOLD, 13));
        g.setFill(Color.color(1, 1, 1, 0.85));
        g.fillRect(MARGIN_LEFT + 1, MARGIN_TOP + 1, 8 * label.length() + 40, 24);
        g.setStroke(Color.SEAGREEN);
        g.setLineWidth(2.5);
        g.setLineDashes(10, 6);
        g.strokeLine(MARGIN_LEFT + 8, MARGIN_TOP + 13, MARGIN_LEFT + 34, MARGIN_TOP + 13);
        g.setLineDashes();
        g.setFill(Color.SEAGREEN);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(label, MARGIN_LEFT + 40, MARGIN_TOP + 13);
        g.setTextBaseline(VPos.BASELINE);
    }

    private void drawContours(GraphicsContext g, List<Point> path, double pw, double ph) {
        double[] xs = path.stream().mapToDouble(p -> p.at()[0]).toArray();
        double[] zs = path.stream().mapToDouble(p -> p.at()[1]).toArray();
        // the bottom along each axis through the start, so that where the path heads is on show from the first step
        Range xr = DescentPlot.axis(xs[0], xs, DescentPlot.bottomNear(x -> presenter.value(x, zs[0]), xs[0], 200));
        Range zr = DescentPlot.axis(zs[0], zs, DescentPlot.bottomNear(z -> presenter.value(xs[0], z), zs[0], 200));
        int cols = (int) Math.max(1, pw / CELL), rows = (int) Math.max(1, ph / CELL);
        ContourGrid grid = contours;
        if (grid == null || !grid.covers(presenter.formula(), xr, zr, cols, rows)) {
            // thousands of forward passes: on the background thread; drawn when they are in
            if (!(xr.equals(asked[0]) && zr.equals(asked[1]) && presenter.formula().equals(askedFormula)
                    && cols == askedCols && rows == askedRows)) {
                asked[0] = xr;
                asked[1] = zr;
                askedFormula = presenter.formula();
                askedCols = cols;
                askedRows = rows;
                String f = presenter.formula();
                worker.run(() -> ContourGrid.sample(f, xr, zr, cols, rows), (made, failure) -> {
                    if (made != null) {
                        contours = made;
                        draw();
                    }
                });
            }
        }
        if (grid != null && grid.formula().equals(presenter.formula())) {
            double[] levels = DescentPlot.levels(grid.values(), 12);
            // the last grid made, placed by its own ranges (it may lag the path by a step)
            double gx = sx(xr, grid.xs().lo(), pw), gw = sx(xr, grid.xs().hi(), pw) - gx;
            double gy = sy(zr, grid.zs().hi(), ph), gh = sy(zr, grid.zs().lo(), ph) - gy;
            g.save();
            g.beginPath();
            g.rect(MARGIN_LEFT, MARGIN_TOP, pw, ph);
            g.clip();
            for (int r = 0; r < grid.rows(); r++) {
                for (int c = 0; c < grid.cols(); c++) {
                    double v = grid.values()[r * grid.cols() + c];
                    g.setFill(Double.isFinite(v) ? bandColour(DescentPlot.band(v, levels), levels.length + 1) : Color.LIGHTGREY);
                    g.fillRect(gx + c * gw / grid.cols(), gy + r * gh / grid.rows(), gw / grid.cols() + 0.5, gh / grid.rows() + 0.5);
                }
            }
            g.restore();
        }
        axes(g, xr, zr, pw, ph, "x", "z");
        g.save();
        g.beginPath();
        g.rect(MARGIN_LEFT, MARGIN_TOP, pw, ph);
        g.clip();
        steps(g, xs, zs, xr, zr, pw, ph, Color.WHITE);
        Point now = presenter.current();
        dot(g, sx(xr, now.at()[0], pw), sy(zr, now.at()[1], ph), Color.CRIMSON, 7);
        g.restore();
        g.setFill(Color.BLACK);
        g.setFont(Font.font(12));
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText("contours of y: darker is lower", MARGIN_LEFT + pw - 6, MARGIN_TOP + 14);
    }

    /** Light for high, dark blue for low. */
    private static Color bandColour(int band, int bands) {
        double f = bands <= 1 ? 0 : (double) band / (bands - 1);
        return Color.hsb(210, 0.75 - 0.6 * f, 0.55 + 0.45 * f);
    }

    /** The path: an arrow for each step and a numbered dot at each point. */
    private void steps(GraphicsContext g, double[] xs, double[] ys, Range xr, Range yr, double pw, double ph, Color labels) {
        g.setStroke(Color.DARKORANGE);
        g.setFill(Color.DARKORANGE);
        g.setLineWidth(1.5);
        for (int i = 1; i < xs.length; i++) {
            arrow(g, sx(xr, xs[i - 1], pw), sy(yr, ys[i - 1], ph), sx(xr, xs[i], pw), sy(yr, ys[i], ph));
        }
        g.setFont(Font.font(null, FontWeight.BOLD, 11));
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.BOTTOM);
        // a number only where it does not land on the last one written: the steps near a bottom crowd together
        double lastX = Double.NaN, lastY = Double.NaN;
        for (int i = 0; i < xs.length; i++) {
            double px = sx(xr, xs[i], pw), py = sy(yr, ys[i], ph);
            dot(g, px, py, Color.DARKORANGE, 4);
            if (Double.isNaN(lastX) || Math.hypot(px - lastX, py - lastY) > 18) {
                g.setFill(labels);
                g.fillText(i == 0 ? "start" : Integer.toString(i), px + 5, py - 3);
                lastX = px;
                lastY = py;
            }
        }
        g.setTextBaseline(VPos.BASELINE);
    }

    private static void arrow(GraphicsContext g, double x1, double y1, double x2, double y2) {
        double len = Math.hypot(x2 - x1, y2 - y1);
        if (len < 1) {
            return;
        }
        g.strokeLine(x1, y1, x2, y2);
        double ux = (x2 - x1) / len, uy = (y2 - y1) / len, head = Math.min(9, len / 2);
        g.fillPolygon(new double[] {x2, x2 - head * ux + head * 0.45 * uy, x2 - head * ux - head * 0.45 * uy},
                new double[] {y2, y2 - head * uy - head * 0.45 * ux, y2 - head * uy + head * 0.45 * ux}, 3);
    }

    private static void dot(GraphicsContext g, double x, double y, Color c, double r) {
        g.setFill(c);
        g.fillOval(x - r, y - r, 2 * r, 2 * r);
    }

    private void axes(GraphicsContext g, Range xr, Range yr, double pw, double ph, String xName, String yName) {
        g.setStroke(Color.GREY);
        g.setLineWidth(1);
        g.strokeRect(MARGIN_LEFT, MARGIN_TOP, pw, ph);
        g.setFill(Color.BLACK);
        g.setFont(Font.font(11));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        for (double t : DescentPlot.ticks(xr, (int) Math.max(4, pw / 80))) {
            double px = sx(xr, t, pw);
            g.strokeLine(px, MARGIN_TOP + ph, px, MARGIN_TOP + ph + 4);
            g.fillText(DescentPresenter.number(t), px, MARGIN_TOP + ph + 6);
        }
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        for (double t : DescentPlot.ticks(yr, (int) Math.max(4, ph / 60))) {
            double py = sy(yr, t, ph);
            g.strokeLine(MARGIN_LEFT - 4, py, MARGIN_LEFT, py);
            g.fillText(DescentPresenter.number(t), MARGIN_LEFT - 6, py);
        }
        g.setFont(Font.font(null, FontWeight.BOLD, 13));
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.BOTTOM);
        g.fillText(xName, MARGIN_LEFT + pw / 2, MARGIN_TOP + ph + MARGIN_BOTTOM);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        g.fillText(yName, 6, MARGIN_TOP);
        g.setTextBaseline(VPos.BASELINE);
        g.setStroke(Color.gray(0.75));
        if (xr.contains(0)) {
            g.strokeLine(sx(xr, 0, pw), MARGIN_TOP, sx(xr, 0, pw), MARGIN_TOP + ph);
        }
        if (yr.contains(0)) {
            g.strokeLine(MARGIN_LEFT, sy(yr, 0, ph), MARGIN_LEFT + pw, sy(yr, 0, ph));
        }
    }

    private static double sx(Range xr, double x, double pw) {
        return xr.pixel(x, MARGIN_LEFT, pw, false);
    }

    private static double sy(Range yr, double y, double ph) {
        return yr.pixel(y, MARGIN_TOP, ph, true);
    }

    // ---------------------------------------------------------------- for the tests

    /** The descent on show; null while the formula has a problem and none came before. */
    DescentPresenter presenter() {
        return presenter;
    }

    /** The tangent last drawn, in the plot's values; null in the contour mode or before any drawing. */
    Segment tangent() {
        return tangent;
    }

    /** The contour grid last drawn; null before the first is made. */
    ContourGrid contours() {
        return contours;
    }

    /** Stops a run; the app calls this when it closes. */
    public void close() {
        stop();
        worker.close();
    }
}
