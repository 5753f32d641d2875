package digitlab.app.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import digitlab.app.shared.AppState;
import digitlab.engine.BackwardWalk;
import digitlab.engine.Tensor;
import digitlab.model.Model;
import digitlab.model.Provenance;
import digitlab.nn.Parameters;
import digitlab.nn.TrainingConfig;

/** Where the Graph view's graphs come from, worked out without a display. */
class GraphSourcesTest {
    private static GraphSources.FormulaGraph graph(String formula, String values) {
        return assertInstanceOf(GraphSources.FormulaGraph.class, GraphSources.formula(formula, values));
    }

    private static String problem(String formula, String values) {
        return assertInstanceOf(GraphSources.FormulaProblem.class, GraphSources.formula(formula, values)).message();
    }

    @Test
    void theClassicFormulaGivesY33AndItsGradients() {
        GraphSources.FormulaGraph g = graph("3*x*x*x + 4*x + 1 + x*z", "x=2 z=0");

        assertEquals("y = 33\ndy/dx = 40\ndy/dz = 2", g.result());
        assertEquals("", g.note());
        assertEquals(Map.of("x", "2", "z", "0"), g.variables());
        assertEquals(List.of("x", "z"), List.copyOf(g.variables().keySet()));
        assertEquals(33f, g.graph().output().item());
    }

    @Test
    void valuesMaySitBetweenCommasNameVariablesTheFormulaLacksOrLeaveOneOut() {
        GraphSources.FormulaGraph g = graph("x*z + a", "x=3, z=-4 , q=9");

        assertEquals("no value given for a: taken as 0", g.note());
        assertEquals("y = -12\ndy/dx = -4\ndy/dz = 3\ndy/da = 1", g.result());
    }

    @Test
    void aSyntaxErrorPointsAtItsColumn() {
        String p = problem("x*(z+", "");

        assertTrue(p.startsWith("     ^ column 6: "), p);
    }

    @Test
    void aValueThatIsNotANumberIsRefusedAsTheGradCommandRefusesIt() {
        String p = problem("x*z", "x=abc z=1");

        assertTrue(p.contains("not a number"), p);
    }

    @Test
    void editedFieldsMakeTheValuesText() {
        assertEquals("x=2 z=1", GraphSources.valuesText(List.of("x", "z"), List.of(" 2", "1 ")));
        assertEquals("", GraphSources.valuesText(List.of(), List.of()));
    }

    @Test
    void theDrawnDigitFromTheSharedStateGivesTheNetworksGraphForItsScore() {
        AppState state = new AppState();
        Parameters p = Parameters.initial(TrainingConfig.MNIST_LAYERS, 1);
        float[] pixels = new float[784];
        pixels[300] = 1f;
        float[] probabilities = new float[10];
        probabilities[7] = 0.971f;
        state.lastDrawing.set(new AppState.DrawnDigit(new Model("m", p, Provenance.unknown()), pixels,
                probabilities, 7));
        AppState.DrawnDigit digit = state.lastDrawing.get();

        ShownGraph.Target target = GraphSources.firstTarget(digit);
        ShownGraph g = GraphSources.drawingGraph(digit, target).get();

        assertEquals(new ShownGraph.Target(false, 7), target);
        assertEquals("read as 7 (97.1%)", GraphSources.readAs(digit));
        assertEquals("model m on the drawing: its score of 7", g.description());
        Tensor x = g.nodes().stream().filter(t -> "x".equals(t.name())).findFirst().orElseThrow();
        assertEquals(1f, x.value().get(300));
        pixels[300] = 0.5f; // the graph was made from a copy
        assertEquals(1f, x.value().get(300));
    }

    @Test
    void theTargetsAreEachDigitsScoreThenEachLabelsLoss() {
        assertEquals(20, GraphSources.TARGETS.size());
        assertEquals(new ShownGraph.Target(false, 0), GraphSources.TARGETS.get(0));
        assertEquals(new ShownGraph.Target(true, 9), GraphSources.TARGETS.get(19));
    }

    @Test
    void eachStepBackwardIsToldInWordsEndingWithDone() {
        GraphSources.FormulaGraph g = graph("x*z", "x=3 z=-4");
        BackwardWalk walk = BackwardWalk.from(g.graph().output(), g.graph().seed());

        String first = GraphSources.stepText(walk.step(), walk.order().size(), !walk.hasNext());
        assertTrue(first.matches("step 1 of 3: mul#\\d+ pushes its gradient to x \\(\\+-4\\), z \\(\\+3\\)"), first);
        walk.step();
        String last = GraphSources.stepText(walk.step(), walk.order().size(), !walk.hasNext());
        assertTrue(last.startsWith("step 3 of 3: ") && last.endsWith(" is a leaf: its gradient is final. "
                + "Done: every node holds d(output)/d(node)."), last);
    }

    @Test
    void aRebuiltFormulaGivesBackTheNodeInTheSameRole() {
        List<Tensor> before = graph("x*z + x*x", "x=2 z=3").graph().nodes();
        List<Tensor> after = graph("x*z + x*x", "x=5 z=1").graph().nodes();
        Tensor secondProduct = before.stream().filter(t -> t.op().equals("mul") && t.item() == 4f).findFirst().orElseThrow();

        Tensor again = GraphSources.sameRole(before, secondProduct, after);

        assertEquals(25f, again.item());
        assertSame(again, GraphSources.sameRole(after, again, after));
        assertNull(GraphSources.sameRole(before, secondProduct, graph("x + z", "").graph().nodes()));
    }

    @Test
    void aGreyedGraphSaysWhichFormulaItShowsWhenThatIsNotTheOneTyped() {
        assertEquals("greyed out: showing the last formula that parsed: y = x^2 + si", GraphSources.staleNote("x^2 + si", "x^2 + sin(x"));
        assertEquals("greyed out: the graph for the last values that read", GraphSources.staleNote("x*z", "x*z"));
    }
}
