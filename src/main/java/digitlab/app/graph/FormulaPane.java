package digitlab.app.graph;

import java.util.function.Consumer;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import digitlab.app.shared.BackgroundTasks;
import digitlab.expr.Expression;

/**
 * The Graph view's formula: the field, the examples, a row per variable with its slider, the result
 * (y and dy/d of each variable) and the line for problems. Each edit computes the graph again: at once
 * for a formula of a few hundred characters, otherwise on the worker thread, so that typing and
 * dragging stay smooth. A formula that does not parse, or a value that does not read, leaves the last
 * graph on show greyed out, with the problem and the formula that graph is of.
 */
final class FormulaPane extends VBox {
    /** Formulas up to this many characters are computed on the JavaFX thread: a few hundred nodes at most. */
    static final int INLINE_FORMULA = 300;

    /** What the view does with the outcome. */
    interface Shown {
        /** A graph to show in place of the last. */
        void graph(ShownGraph g);

        /** Whether the graph on show belongs to an older formula or older values (greyed out) or not. */
        void stale(boolean stale);

        /** A line while a long formula is computed. */
        void computing(String line);
    }

    private final TextField formula = new TextField(GraphSources.PRESETS.get(0).formula());
    private final MenuButton presets = new MenuButton("E_xamples");
    private final Label problem = new Label();
    private final VariableRows variables = new VariableRows(this::refresh);
    private final Label result = new Label();
    private final BackgroundTasks worker;
    private final Shown shown;
    /** The formula of the graph on show, or null when the view shows no formula's graph. */
    private String shownFormula;
    private long computing; // formula graphs asked for, so that only the newest is shown

    FormulaPane(BackgroundTasks worker, Shown shown) {
        super(6);
        this.worker = worker;
        this.shown = shown;
        formula.setId("formula");
        formula.setPrefColumnCount(28);
        formula.setTooltip(new Tooltip("+ - * / ^, parentheses, and " + String.join(" ", Expression.functions())));
        formula.textProperty().addListener((o, a, b) -> refresh());
        HBox.setHgrow(formula, Priority.ALWAYS);
        presets.setId("presets");
        presets.setMnemonicParsing(true);
        presets.setMinWidth(Region.USE_PREF_SIZE);
        presets.setTooltip(new Tooltip("Formulas from the classic diagrams, with values for their variables"));
        for (GraphSources.Preset p : GraphSources.PRESETS) {
            MenuItem item = new MenuItem(p.formula());
            item.setMnemonicParsing(false);
            item.setOnAction(e -> usePreset(p));
            presets.getItems().add(item);
        }
        problem.setId("formulaError");
        problem.setWrapText(true);
        problem.setStyle("-fx-text-fill: #c92a2a; -fx-font-family: monospace;");
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        result.setId("result");
        result.setStyle("-fx-font-family: monospace; -fx-font-size: 13px;");
        result.setMinWidth(Region.USE_PREF_SIZE);
        Label y = new Label("y =");
        y.setMinWidth(Region.USE_PREF_SIZE);
        HBox formulaRow = new HBox(8, y, formula, presets);
        formulaRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(variables, Priority.ALWAYS);
        variables.setMinWidth(0);
        getChildren().addAll(formulaRow, problem, new HBox(16, variables, result));
        variables.setValues(GraphSources.PRESETS.get(0).values());
    }

    private void usePreset(GraphSources.Preset p) {
        variables.setValues(p.values());
        if (p.formula().equals(formula.getText())) {
            refresh();
        } else {
            formula.setText(p.formula()); // refreshes
        }
    }

    /** Sets the values of variables as an example does ("x=2 z=0") and computes the graph with them. */
    void setValues(String text) {
        variables.setValues(text);
        refresh();
    }

    /** Computes the graph of the formula and values now typed, if this pane is on show. */
    void refresh() {
        if (!isVisible()) {
            return;
        }
        String text = formula.getText(), values = variables.valuesText();
        long ticket = ++computing;
        if (text.length() <= INLINE_FORMULA) {
            showOutcome(GraphSources.formula(text, values));
        } else {
            shown.computing("Computing the graph…");
            worker.run(() -> GraphSources.formula(text, values), (outcome, failure) -> {
                if (ticket == computing && isVisible()) {
                    showOutcome(failure != null ? new GraphSources.FormulaProblem(failure.getMessage()) : outcome);
                }
            });
        }
    }

    /** The formula as typed. */
    String formulaText() {
        return formula.getText();
    }

    /** The values as the variables' fields read: "x=2 z=0". */
    String valuesText() {
        return variables.valuesText();
    }

    /** The view shows another source's graph now: the next problem has no formula's graph to grey out. */
    void forget() {
        shownFormula = null;
        computing++;
    }

    private void showOutcome(GraphSources.FormulaOutcome outcome) {
        if (outcome instanceof GraphSources.FormulaProblem p) {
            boolean graphOn = shownFormula != null;
            problem.setText(p.message() + (graphOn ? "\n" + GraphSources.staleNote(shownFormula, formula.getText()) : ""));
            result.setOpacity(graphOn ? 0.4 : 1);
            shown.stale(graphOn);
        } else if (outcome instanceof GraphSources.FormulaGraph g) {
            problem.setText(g.note());
            variables.show(g.variables());
            result.setText(g.result());
            result.setOpacity(1);
            shownFormula = g.formula();
            shown.graph(g.graph());
            shown.stale(false);
        }
    }
}
