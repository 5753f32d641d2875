package digitlab.app.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

import digitlab.engine.BackwardWalk;
import digitlab.engine.Tensor;
import digitlab.expr.Expression;

/** The chain rule's labels on the Graph view's picture, placed without a display. */
class GraphChainLabelsTest {
    private static final String CLASSIC = "3*x*x*x + 4*x + 1 + x*z";

    /** Each step's labels on {@code formula}'s graph, as the Graph view walks it backward; checks each step. */
    private static int walk(String formula, Map<String, Float> values) {
        Expression e = Expression.parse(formula);
        values.forEach(e::set);
        ShownGraph shown = ShownGraph.ofFormula(e);
        // while a walk is under way the picture has no gradient labels of its own (GraphView.redraw)
        GraphGeometry g = GraphGeometry.of(shown.graph(), shown.carried(), false);
        BackwardWalk walk = BackwardWalk.toEveryLeaf(shown.output(), shown.seed());
        ChainSteps chain = new ChainSteps();
        GraphLayout.Layout l = g.layout();
        int steps = 0, labels = 0;
        while (walk.hasNext()) {
            FMatrixRMaj upstream = walk.gradientSoFar(walk.order().get(walk.stepsTaken()));
            BackwardWalk.Step step = walk.step();
            ChainSteps.Told told = chain.tell(step, upstream, walk.order().size(), !walk.hasNext(), walk::gradientSoFar);
            List<ChainLabels.Placed> placed = ChainLabels.place(g, step.node(), told.edges(), chain.sums());
            steps++;
            labels += placed.size();
            for (int a = 0; a < placed.size(); a++) {
                EdgeLabels.Box b = placed.get(a).box();
                String where = "step " + steps + ", label \"" + placed.get(a).text() + "\" at " + b;
                assertTrue(b.y() >= ChainLabels.TOP, where + " starts above the picture");
                for (int v = 0; v < l.x().length; v++) {
                    assertFalse(b.overlaps(l.x()[v], l.y()[v], l.width()[v], l.height()[v]),
                            where + " covers node " + g.nodes().get(v));
                }
                for (int c = 0; c < a; c++) {
                    assertFalse(b.overlaps(placed.get(c).box()), where + " covers \"" + placed.get(c).text() + "\"");
                }
            }
        }
        assertTrue(labels > steps, "labels were placed: " + labels);
        return steps;
    }

    @Test
    void noChainRuleLabelCoversANodeOrAnotherLabelAtAnyStepOfTheClassicFormula() {
        assertEquals(13, walk(CLASSIC, Map.of("x", 2f, "z", 0f)));
        walk(CLASSIC, Map.of("x", 2f, "z", 0.5f));
    }

    @Test
    void noChainRuleLabelCoversANodeOrAnotherLabelOnTheSineAndOnAFormulaWithManyUses() {
        walk("sin(2*x^3 + 4*x^2 + 3*x + 2)", Map.of("x", 0.5f));
        walk("x*x*x*x*x + x*x*x + x*x + x", Map.of("x", 1.5f));
    }

    @Test
    void aReceiversSumGoesUnderItsNodeWhenThereIsRoom() {
        Expression e = Expression.parse("sin(x)");
        e.set("x", 2f);
        ShownGraph shown = ShownGraph.ofFormula(e);
        GraphGeometry g = GraphGeometry.of(shown.graph(), shown.carried(), false);
        Tensor x = shown.nodes().stream().filter(t -> t.isLeaf() && t.name().equals("x")).findFirst().orElseThrow();
        ChainSteps.Edge edge = new ChainSteps.Edge(x, "∂(sin x)/∂x = cos x = −0.416", "1 × −0.416 = −0.416 → x", "x: −0.416");
        ChainLabels.Placed sum = ChainLabels.place(g, shown.output(), List.of(edge), Map.of(x, "x: −0.416")).get(0);
        int i = g.nodes().indexOf(x);
        assertEquals(ChainLabels.Kind.SUM, sum.kind());
        assertEquals(g.layout().y()[i] + g.layout().height()[i] + ChainLabels.GAP, sum.box().y(), 1e-9);
    }
}
