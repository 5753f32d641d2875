package digitlab.app;

import java.util.Map;

import digitlab.engine.Format;
import digitlab.engine.Tensor;
import digitlab.expr.Expression;
import digitlab.expr.ExpressionException;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

/**
 * A formula and its variables' values in; its value and the gradient with respect to each variable
 * out, recomputed as the person types. A formula with a syntax error shows where, and the last good
 * result stays.
 */
final class FormulaPane extends VBox {
    final TextField formula = new TextField("3*x*x*x + 4*x + 1 + x*z");
    final TextField values = new TextField("x=2 z=0");
    final Label result = new Label();
    final Label problem = new Label();

    FormulaPane() {
        super(8);
        setPadding(new Insets(16));
        formula.setId("formula");
        values.setId("values");
        result.setId("result");
        problem.setId("problem");
        formula.setTooltip(new Tooltip("+ - * / ^, parentheses, and " + String.join(" ", Expression.functions())));
        values.setTooltip(new Tooltip("NAME=VALUE for each variable, separated by spaces"));
        result.setStyle("-fx-font-family: monospace; -fx-font-size: 16px;");
        problem.setStyle("-fx-text-fill: #b00020;");
        getChildren().addAll(new Label("Formula"), formula, new Label("Values"), values, result, problem);
        formula.textProperty().addListener((o, was, now) -> recompute());
        values.textProperty().addListener((o, was, now) -> recompute());
        recompute();
    }

    private void recompute() {
        Expression expression;
        try {
            expression = Expression.parse(formula.getText());
        } catch (ExpressionException e) {
            problem.setText(e.getMessage());
            return;
        }
        java.util.Set<String> unset = new java.util.LinkedHashSet<>(expression.variables().keySet());
        for (String pair : values.getText().trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = pair.substring(0, eq);
            if (expression.variables().containsKey(name)) {
                try {
                    expression.set(name, Float.parseFloat(pair.substring(eq + 1)));
                    unset.remove(name);
                } catch (NumberFormatException e) {
                    problem.setText("the value of " + name + " is not a number: '" + pair.substring(eq + 1) + "'");
                    return;
                }
            }
        }
        Tensor y = expression.output();
        y.backward();
        StringBuilder text = new StringBuilder("y = " + Format.number(y.item()));
        for (Map.Entry<String, Tensor> v : expression.variables().entrySet()) {
            text.append("\ndy/d").append(v.getKey()).append(" = ").append(Format.number(v.getValue().gradItem()));
        }
        result.setText(text.toString());
        problem.setText(unset.isEmpty() ? "" : "no value given for " + String.join(", ", unset) + ": taken as 0");
    }
}
