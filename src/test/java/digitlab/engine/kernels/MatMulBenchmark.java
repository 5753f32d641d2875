package digitlab.engine.kernels;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import digitlab.engine.kernels.Products.Op;
import org.ejml.data.FMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The matrix products of the 784-128-64-10 network on one thread: vector, plain Java and EJML. Not a
 * test; run it with
 *
 * <pre>mvn -q -Pbench test-compile exec:exec</pre>
 *
 * (options for JMH go in {@code -Djmh.args="…"}, default {@code MatMulBenchmark}; e.g.
 * {@code -Djmh.args="MatMulBenchmark -p kernels=vector -p product=forward:64x784x128"}).
 *
 * <p>{@code product} is {@code op:MxKxN}: c is M×N and the sums run over K, so one call does 2·M·N·K
 * floating-point operations; GFLOP/s = 2·M·N·K / (ns per call). The ops, as the network uses them:
 * <ul>
 *   <li>{@code forward}: multTransB, Y (B×n) = X (B×k) · Wᵀ with W n×k;
 *   <li>{@code weightGrad}: multTransA with add, dW (n×k) += dYᵀ · X with dY B×n, X B×k (K = B);
 *   <li>{@code inputGrad}: mult with add, dX (B×k) += dY (B×n) · W.
 * </ul>
 * With {@code :digits}, X is a batch of digit-like images (a ring of ink, about a fifth of the pixels;
 * {@link ZeroSkippingTest#digits}) instead of random numbers, so the products go by its zeros; GFLOP/s
 * are then counted as for the dense product (the work a dense kernel would have done per second).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class MatMulBenchmark {

    @Param({"vector", "plain", "ejml"})
    public String kernels;

    @Param({
        "forward:64x784x128", "forward:64x128x64", "forward:64x64x10",
        "weightGrad:128x64x784", "weightGrad:64x64x128", "weightGrad:10x64x64",
        "inputGrad:64x64x128", "inputGrad:64x10x64",
        "forward:1x784x128", "forward:500x784x128", "forward:32x784x128",
        "forward:64x784x128:digits", "weightGrad:128x64x784:digits", "forward:500x784x128:digits"})
    public String product;

    private MatMul matMul;
    private Op op;
    private FMatrixRMaj a, b, c;

    @Setup(Level.Trial)
    public void setUp() {
        matMul = switch (kernels) {
            case "vector" -> Kernels.best();
            case "plain" -> Kernels.plain();
            default -> Kernels.ejml();
        };
        if (kernels.equals("vector") && !Kernels.vectorAvailable()) {
            throw new IllegalStateException(Kernels.note());
        }
        String[] parts = product.split(":");
        String[] size = parts[1].split("x");
        int m = Integer.parseInt(size[0]), k = Integer.parseInt(size[1]), n = Integer.parseInt(size[2]);
        op = switch (parts[0]) {
            case "forward" -> Op.MULT_TRANS_B;
            case "weightGrad" -> Op.MULT_TRANS_A;
            default -> Op.MULT;
        };
        Random random = new Random(1);
        a = op.left(m, k, random);
        b = op.right(k, n, random);
        c = Products.random(m, n, random);
        if (parts.length > 2 && parts[2].equals("digits")) {
            if (op == Op.MULT_TRANS_B) {
                a = ZeroSkippingTest.digits(m, 1); // X, B×784
            } else {
                b = ZeroSkippingTest.digits(k, 1); // X, B×784, the right operand of dYᵀ·X
            }
        }
    }

    @Benchmark
    public void product(Blackhole hole) {
        op.run(matMul, a, b, c, op != Op.MULT_TRANS_B);
        hole.consume(c);
    }
}
