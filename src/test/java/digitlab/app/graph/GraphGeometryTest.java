package digitlab.app.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import digitlab.engine.Tensor;
import digitlab.expr.Expression;

/** Edges go around the boxes, and the gradients on them sit on labels that overlap nothing. */
class GraphGeometryTest {
    private static final String CLASSIC = "3*x*x*x + 4*x + 1 + x*z", SINE = "sin(2*x^3 + 4*x^2 + 3*x + 2)",
            MIXED = "tanh(x*y + exp(-z) * (x - 2*y)^2) / (1 + sqrt(x*x + y*y + z*z)) + log(1 + x*z) * sigmoid(y - x + z)";

    private static GraphGeometry geometryOf(String formula, Map<String, Float> values) {
        Expression e = Expression.parse(formula);
        values.forEach(e::set);
        ShownGraph g = ShownGraph.ofFormula(e);
        return GraphGeometry.of(g.graph(), g.carried(), true);
    }

    private static List<GraphGeometry> examples() {
        return List.of(geometryOf(CLASSIC, Map.of("x", 2f, "z", 0.5f)), geometryOf(SINE, Map.of("x", 0.5f)),
                geometryOf(MIXED, Map.of("x", 0.7f, "y", -1.3f, "z", 2.1f)));
    }

    /** Whether the segment from (x0, y0) to (x1, y1) meets the box (Liang–Barsky clipping). */
    static boolean meets(double x0, double y0, double x1, double y1, double bx, double by, double bw, double bh) {
        double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
        double[] p = {-dx, dx, -dy, dy}, q = {x0 - bx, bx + bw - x0, y0 - by, by + bh - y0};
        for (int i = 0; i < 4; i++) {
            if (p[i] == 0) {
                if (q[i] < 0) {
                    return false;
                }
            } else {
                double r = q[i] / p[i];
                if (p[i] < 0) {
                    t0 = Math.max(t0, r);
                } else {
                    t1 = Math.min(t1, r);
                }
            }
        }
        return t0 <= t1;
    }

    /** The boxes (other than its own ends) that a route passes through, its curves followed in small steps. */
    static List<Integer> boxesCrossed(GraphLayout.Layout l, EdgeRoutes.Route r) {
        List<Integer> crossed = new ArrayList<>();
        for (int s = 0; s < r.segments(); s++) {
            int steps = s % 2 == 0 ? 1 : 64;
            for (int k = 0; k < steps; k++) {
                double[] a = EdgeRoutes.at(r, s, (double) k / steps), b = EdgeRoutes.at(r, s, (double) (k + 1) / steps);
                for (int v = 0; v < l.x().length; v++) {
                    if (v != r.from() && v != r.to() && !crossed.contains(v)
                            && meets(a[0], a[1], b[0], b[1], l.x()[v], l.y()[v], l.width()[v], l.height()[v])) {
                        crossed.add(v);
                    }
                }
            }
        }
        return crossed;
    }

    private static void assertEdgesMissEveryOtherBox(GraphLayout.Layout l, List<EdgeRoutes.Route> routes, String what) {
        for (EdgeRoutes.Route r : routes) {
            assertEquals(List.of(), boxesCrossed(l, r), what + ": the edge " + r.from() + "→" + r.to() + " passes through boxes");
            assertEquals(l.outX(r.from()), r.x()[0], 1e-9, "it leaves its input's right side");
            assertEquals(l.inX(r.to()), r.x()[r.x().length - 1], 1e-9, "it enters its user's left side");
            assertTrue(r.y()[0] > l.y()[r.from()] && r.y()[0] < l.y()[r.from()] + l.height()[r.from()]);
            double end = r.y()[r.y().length - 1];
            assertTrue(end > l.y()[r.to()] && end < l.y()[r.to()] + l.height()[r.to()]);
        }
    }

    @Test
    void noEdgeOfTheIssuesExamplesOrOfALongerFormulaPassesThroughABoxThatIsNotItsEnd() {
        for (GraphGeometry g : examples()) {
            assertEdgesMissEveryOtherBox(g.layout(), g.routes(), g.nodes().get(g.nodes().size() - 1).toString());
        }
    }

    @Test
    void straightEdgesWouldHavePassedThroughBoxesInTheClassicExample() {
        // what the view drew before: a curve straight from the input's right side to the user's left side
        GraphGeometry g = geometryOf(CLASSIC, Map.of("x", 2f, "z", 0.5f));
        GraphLayout.Layout l = g.layout();
        int crossing = 0;
        for (EdgeRoutes.Route r : g.routes()) {
            double[] x = {l.outX(r.from()), l.inX(r.to())}, y = {l.midY(r.from()), l.midY(r.to())};
            crossing += boxesCrossed(l, new EdgeRoutes.Route(r.from(), r.to(), new double[] {x[0], x[0], x[1]},
                    new double[] {y[0], y[0], y[1]})).isEmpty() ? 0 : 1;
        }
        assertTrue(crossing > 0, "the example should need routing");
    }

    @Test
    void everyEdgeLabelHasABoxThatOverlapsNoOtherLabelAndNoNode() {
        for (GraphGeometry g : examples()) {
            GraphLayout.Layout l = g.layout();
            List<EdgeLabels.Box> boxes = new ArrayList<>();
            for (int r = 0; r < g.routes().size(); r++) {
                assertNotNull(g.labelTexts()[r], "every edge of a formula carries a 1×1 gradient");
                boxes.add(g.labels()[r]);
            }
            for (int a = 0; a < boxes.size(); a++) {
                EdgeLabels.Box b = boxes.get(a);
                for (int c = a + 1; c < boxes.size(); c++) {
                    assertFalse(b.overlaps(boxes.get(c)), "labels " + a + " and " + c + " overlap");
                }
                for (int v = 0; v < l.x().length; v++) {
                    assertFalse(b.overlaps(l.x()[v], l.y()[v], l.width()[v], l.height()[v]), "label " + a + " overlaps node " + v);
                }
                assertTrue(b.y() >= 0 && b.y() + b.height() <= g.height(), "label " + a + " lies inside the picture");
            }
        }
    }

    @Test
    void labelsAndBoxesWriteNumbersWithAtMostFourSignificantDigits() {
        GraphGeometry g = geometryOf(SINE, Map.of("x", 0.5f));
        for (String text : g.labelTexts()) {
            String digits = text.replaceAll("e-?\\d+$", "").replaceAll("[^0-9]", "").replaceFirst("^0+", "");
            assertTrue(digits.length() <= 4, text);
        }
        Tensor out = g.nodes().get(g.nodes().size() - 1);
        assertEquals("= " + ShortNumber.of(out.item()), GraphGeometry.lines(out).get(2));
        assertTrue(GraphGeometry.lines(out).get(2).length() <= GraphGeometry.LONGEST_NUMBER_LINE, GraphGeometry.lines(out).get(2));
    }

    @Test
    void operationsShowTheIdTheStepMessagesUse() {
        GraphGeometry g = geometryOf("x*z", Map.of());
        Tensor product = g.nodes().get(g.nodes().size() - 1);
        assertEquals(List.of("mul", "#" + product.id(), "= 0", "∂ 1"), GraphGeometry.lines(product));
        assertEquals("mul#" + product.id(), GraphSources.nodeName(product));
    }

    @Test
    void inRandomGraphsEdgesMissEveryOtherBoxAndLabelsOverlapNothing() {
        for (long seed = 0; seed < 30; seed++) {
            Random random = new Random(seed);
            int n = 2 + random.nextInt(60);
            int[][] inputs = new int[n][];
            GraphLayout.Size[] sizes = new GraphLayout.Size[n];
            for (int i = 0; i < n; i++) {
                int k = i == 0 || random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(3);
                inputs[i] = new int[k];
                for (int j = 0; j < k; j++) {
                    inputs[i][j] = random.nextBoolean() ? i - 1 - random.nextInt(Math.min(i, 5)) : random.nextInt(i);
                }
                sizes[i] = new GraphLayout.Size(20 + 100 * random.nextDouble(), 16 + 50 * random.nextDouble());
            }
            GraphLayout.Layout l = GraphLayout.of(inputs, sizes, 70);
            List<EdgeRoutes.Route> routes = EdgeRoutes.of(l, inputs);
            assertEdgesMissEveryOtherBox(l, routes, "seed " + seed);
            GraphLayout.Size[] labelSizes = new GraphLayout.Size[routes.size()];
            Arrays.fill(labelSizes, new GraphLayout.Size(50, 15));
            EdgeLabels.Box[] labels = EdgeLabels.place(l, routes, labelSizes);
            for (int a = 0; a < labels.length; a++) {
                for (int b = a + 1; b < labels.length; b++) {
                    assertFalse(labels[a].overlaps(labels[b]), "seed " + seed + ": labels " + a + " and " + b);
                }
                for (int v = 0; v < n; v++) {
                    assertFalse(labels[a].overlaps(l.x()[v], l.y()[v], l.width()[v], l.height()[v]), "seed " + seed);
                }
            }
        }
    }
}
