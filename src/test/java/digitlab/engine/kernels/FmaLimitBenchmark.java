package digitlab.engine.kernels;

import java.util.concurrent.TimeUnit;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The core's multiply-add limit as the Vector API reaches it: {@value #STEPS} steps of 12 independent fused
 * multiply-adds on registers (no loads, no stores), with the kernels' species ({@link VectorMatMul#F}:
 * {@code -Ddigitlab.kernels.bits} and {@code -XX:UseAVX} choose it as for them). One call does
 * 2 · 12 · L · {@value #STEPS} floating-point operations (L floats per vector), so GFLOP/s = that / (ns per
 * call): the ceiling against which {@link MatMulBenchmark}'s products are read. 12 chains of 4-cycle
 * latency keep two multiply-add units busy on every x86 core of the last decade and on Apple's cores;
 * 12 accumulators and 2 operands fit 16 registers. Not a test; run it with
 *
 * <pre>mvn -q -Pbench test-compile exec:exec -Djmh.args=FmaLimitBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class FmaLimitBenchmark {
    static final int STEPS = 1000;
    private static final VectorSpecies<Float> F = VectorMatMul.F;

    private float[] seeds;

    @Setup
    public void setUp() {
        seeds = new float[F.length() * 14];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = 1f + i * 1e-7f;
        }
    }

    /** Returns the lanes' sum so that nothing is dead code; the values stay finite (x·1 + ε, ε ≈ 0). */
    @Benchmark
    public float multiplyAdds() {
        int l = F.length();
        FloatVector x = FloatVector.fromArray(F, seeds, 0), y = FloatVector.fromArray(F, seeds, l).mul(1e-30f);
        FloatVector c0 = FloatVector.fromArray(F, seeds, 2 * l), c1 = FloatVector.fromArray(F, seeds, 3 * l),
                c2 = FloatVector.fromArray(F, seeds, 4 * l), c3 = FloatVector.fromArray(F, seeds, 5 * l),
                c4 = FloatVector.fromArray(F, seeds, 6 * l), c5 = FloatVector.fromArray(F, seeds, 7 * l),
                c6 = FloatVector.fromArray(F, seeds, 8 * l), c7 = FloatVector.fromArray(F, seeds, 9 * l),
                c8 = FloatVector.fromArray(F, seeds, 10 * l), c9 = FloatVector.fromArray(F, seeds, 11 * l),
                c10 = FloatVector.fromArray(F, seeds, 12 * l), c11 = FloatVector.fromArray(F, seeds, 13 * l);
        for (int s = 0; s < STEPS; s++) {
            c0 = c0.fma(x, y);
            c1 = c1.fma(x, y);
            c2 = c2.fma(x, y);
            c3 = c3.fma(x, y);
            c4 = c4.fma(x, y);
            c5 = c5.fma(x, y);
            c6 = c6.fma(x, y);
            c7 = c7.fma(x, y);
            c8 = c8.fma(x, y);
            c9 = c9.fma(x, y);
            c10 = c10.fma(x, y);
            c11 = c11.fma(x, y);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
