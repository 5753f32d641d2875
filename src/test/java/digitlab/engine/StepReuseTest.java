package digitlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A graph is built once and then stepped many times: no rebuilding, no new matrices, no garbage. */
@Tag("slow")
class StepReuseTest {
    private static final int BATCH = 8, IN = 20, HIDDEN = 16, CLASSES = 10;

    private final Random random = new Random(5);
    private final Tensor x = Tensor.input("x", BATCH, IN);
    private final Tensor labels = Tensor.input("labels", BATCH, 1);
    private final Tensor w1 = Tensor.parameter("W1", randomMatrix(IN, HIDDEN));
    private final Tensor b1 = Tensor.parameter("b1", new FMatrixRMaj(1, HIDDEN));
    private final Tensor w2 = Tensor.parameter("W2", randomMatrix(HIDDEN, CLASSES));
    private final Tensor b2 = Tensor.parameter("b2", new FMatrixRMaj(1, CLASSES));
    private final Tensor loss = x.matmul(w1).addRowVector(b1).relu().matmul(w2).addRowVector(b2)
            .logSoftmax().crossEntropy(labels);
    private final List<Tensor> parameters = List.of(w1, b1, w2, b2);

    private FMatrixRMaj randomMatrix(int rows, int cols) {
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = (float) (random.nextGaussian() * 0.3);
        }
        return m;
    }

    /** New data, forward, backward, a plain gradient step. */
    private float step(int n) {
        float[] xs = x.value().data, ls = labels.value().data;
        for (int row = 0; row < BATCH; row++) {
            int label = (row + n) % CLASSES; // a learnable rule: the label's column is lit, plus noise
            ls[row] = label;
            for (int j = 0; j < IN; j++) {
                xs[row * IN + j] = (j == label ? 1f : 0f) + ((row * 31 + j * 7 + n * 17) % 13) / 50f;
            }
        }
        x.changed();
        labels.changed();
        loss.backward();
        for (int p = 0; p < parameters.size(); p++) {
            Tensor t = parameters.get(p);
            float[] w = t.value().data, g = t.grad().data;
            for (int i = 0; i < w.length; i++) {
                w[i] -= 0.05f * g[i];
            }
            t.changed();
        }
        return loss.item();
    }

    @Test
    void steppingReusesEveryValueAndGradientMatrix() {
        step(0);
        List<Tensor> nodes = Graph.of(loss).nodes();
        FMatrixRMaj[] values = new FMatrixRMaj[nodes.size()], grads = new FMatrixRMaj[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            values[i] = nodes.get(i).value();
            grads[i] = nodes.get(i).grad();
        }

        for (int n = 1; n < 20; n++) {
            step(n);
        }

        List<Tensor> after = Graph.of(loss).nodes();
        for (int i = 0; i < after.size(); i++) {
            assertSame(values[i], after.get(i).value());
            assertSame(grads[i], after.get(i).grad());
        }
    }

    /** Steps warm, then prints the least bytes allocated by 500 steps over four windows, and whether it learned. */
    public static void main(String[] args) {
        StepReuseTest t = new StepReuseTest();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        float first = t.step(0);
        for (int n = 1; n < 3000; n++) {
            t.step(n);
        }
        long allocated = Long.MAX_VALUE;
        float last = 0;
        for (int w = 0; w < 4; w++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int n = 0; n < 500; n++) {
                last = t.step(n);
            }
            allocated = Math.min(allocated, threads.getThreadAllocatedBytes(thread) - before);
        }
        System.out.println(allocated + " " + first + " " + last);
    }

    /**
     * What the graph itself allocates, in a JVM of its own with the plain-Java products: the Vector API
     * kernels' own allocation is MatMulTest's subject (with some shapes, C2 sometimes compiles them so
     * that they box their vectors, and the graph is not what is tested here).
     */
    @Test
    void aWarmTrainingStepAllocatesNothing() throws Exception {
        List<String> command = List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StepReuseTest.class.getName());
        java.io.File out = java.io.File.createTempFile("step-allocation", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        String[] printed = java.nio.file.Files.readString(out.toPath()).strip().split(" ");
        out.delete();
        assertEquals(0, p.exitValue());

        long allocated = Long.parseLong(printed[0]);
        float first = Float.parseFloat(printed[1]), last = Float.parseFloat(printed[2]);
        assertTrue(allocated < 1024, "500 warm steps allocated " + allocated + " bytes");
        assertTrue(last < first, "the steps learn: loss " + first + " → " + last);
    }
}
