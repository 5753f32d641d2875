package digitlab.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import digitlab.engine.kernels.Products.Op;
import digitlab.engine.kernels.Products.Shape;
import jdk.incubator.vector.FloatVector;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The vector and plain kernels against EJML, on awkward and real shapes; their choice; no garbage. */
@Tag("slow")
class MatMulTest {

    /** Surefire runs the tests with --add-modules jdk.incubator.vector: the vector code must be what runs. */
    @Test
    void theVectorKernelsRunInTheTests() {
        assertTrue(Kernels.vectorAvailable(), "the tests must run with --add-modules jdk.incubator.vector");
        assertNull(Kernels.note());
        assertTrue(Kernels.best() instanceof VectorMatMul);
        assertSame(Kernels.best(), Kernels.best());
        assertTrue(Kernels.best().name().startsWith("vector ("), Kernels.best().name());
        assertEquals("plain Java", Kernels.plain().name());
    }

    static Stream<Arguments> kernelsAndOps() {
        List<Arguments> cases = new ArrayList<>();
        for (String kernels : new String[] {"vector", "plain"}) {
            for (Op op : Op.values()) {
                for (boolean add : new boolean[] {false, true}) {
                    cases.add(Arguments.of(kernels, op, add));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} add={2}")
    @MethodSource("kernelsAndOps")
    void agreesWithEjmlOnEveryShape(String which, Op op, boolean add) {
        MatMul kernels = which.equals("vector") ? Kernels.best() : Kernels.plain();
        Random random = new Random(op.ordinal() * 2 + (add ? 1 : 0));
        List<Shape> shapes = Products.shapes();
        for (Shape shape : shapes) {
            String mismatch = Products.mismatch(kernels, op, shape, add, random);
            assertNull(mismatch, mismatch);
        }
    }

    @Test
    void exactOnSmallIntegers() {
        // 2×3 · 3×2 with small integers: every order of summation gives the exact answer
        FMatrixRMaj a = new FMatrixRMaj(2, 3, true, 1, 2, 3, 4, 5, 6);
        FMatrixRMaj b = new FMatrixRMaj(3, 2, true, 7, 8, 9, 10, 11, 12);
        FMatrixRMaj bt = new FMatrixRMaj(2, 3, true, 7, 9, 11, 8, 10, 12);
        FMatrixRMaj at = new FMatrixRMaj(3, 2, true, 1, 4, 2, 5, 3, 6);
        float[] expected = {58, 64, 139, 154};
        for (MatMul kernels : List.of(Kernels.best(), Kernels.plain())) {
            FMatrixRMaj c = new FMatrixRMaj(2, 2);
            kernels.mult(a, b, c, false);
            assertArrayEquals(expected, c.data, kernels.name() + " mult");
            kernels.multTransB(a, bt, c, false);
            assertArrayEquals(expected, c.data, kernels.name() + " multTransB");
            kernels.multTransA(at, b, c, true);
            assertArrayEquals(new float[] {116, 128, 278, 308}, c.data, kernels.name() + " multTransA add");
        }
    }

    private static void assertArrayEquals(float[] expected, float[] actual, String what) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, what);
    }

    /** Matrices whose arrays are longer than rows × columns (EJML keeps the array when it shrinks a matrix). */
    @Test
    void readsOnlyRowsTimesColumnsOfLongerArrays() {
        Random random = new Random(3);
        for (MatMul kernels : List.of(Kernels.best(), Kernels.plain())) {
            FMatrixRMaj a = Products.random(40, 50, random), b = Products.random(50, 40, random);
            FMatrixRMaj c = new FMatrixRMaj(40, 40);
            a.reshape(17, 19);
            b.reshape(19, 23);
            c.reshape(17, 23);
            FMatrixRMaj expected = new FMatrixRMaj(17, 23);
            Kernels.ejml().mult(a, b, expected, false);
            kernels.mult(a, b, c, false);
            for (int i = 0; i < 17 * 23; i++) {
                assertEquals(expected.data[i], c.data[i], 1e-4f, kernels.name());
            }
        }
    }

    @Test
    void shapeMismatchesNameTheShapes() {
        for (MatMul kernels : List.of(Kernels.best(), Kernels.plain(), Kernels.ejml())) {
            FMatrixRMaj a = new FMatrixRMaj(64, 784), w = new FMatrixRMaj(128, 700), c = new FMatrixRMaj(64, 128);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> kernels.multTransB(a, w, c, false));
            assertEquals("multTransB: a is 64×784, b is 128×700, c is 64×128: a's columns must equal b's columns",
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> kernels.mult(new FMatrixRMaj(2, 3), new FMatrixRMaj(3, 4), new FMatrixRMaj(2, 5), true));
            assertEquals("mult: a is 2×3, b is 3×4, c is 2×5: c must be a's rows × b's columns", e.getMessage());
            e = assertThrows(IllegalArgumentException.class,
                    () -> kernels.multTransA(new FMatrixRMaj(3, 2), new FMatrixRMaj(4, 5), new FMatrixRMaj(2, 5), true));
            assertEquals("multTransA: a is 3×2, b is 4×5, c is 2×5: a's rows must equal b's rows", e.getMessage());
        }
    }

    @Test
    void theResultMayNotShareAnArrayWithAnOperand() {
        for (MatMul kernels : List.of(Kernels.best(), Kernels.plain(), Kernels.ejml())) {
            FMatrixRMaj a = new FMatrixRMaj(4, 4), b = new FMatrixRMaj(4, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> kernels.mult(a, b, a, true));
            assertTrue(e.getMessage().startsWith("mult: c (4×4) shares its array with a"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> kernels.multTransB(a, b, b, false));
            kernels.multTransA(a, a, b, false); // a and b may be the same matrix
        }
    }

    /** Without the module, the selection falls back to plain Java and says how to get the fast path. */
    @Test
    void withoutTheModuleThePlainKernelsRunAndSaySo() {
        Kernels.Choice choice = Kernels.Choice.choose(false);
        assertSame(Kernels.plain(), choice.kernels);
        assertFalse(choice.vector);
        assertNotNull(choice.note);
        assertFalse(choice.note.contains("\n"));
        assertTrue(choice.note.contains("--add-modules jdk.incubator.vector"), choice.note);

        Kernels.Choice with = Kernels.Choice.choose(true);
        assertTrue(with.vector);
        assertNull(with.note);
    }

    /**
     * Measured in a JVM of its own: in this one, other tests have compiled the kernels and the Vector
     * API for many other shapes first, and C2 then sometimes declines to inline the Vector API into a
     * tile, which boxes every vector (see {@link AllocationProbe}).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"vector", "plain"})
    void aWarmCallAllocatesNothing(String which) throws Exception {
        // One fresh JVM, no retry: src/bench/allocation-jvms.sh runs this probe in 20 JVMs in a row per vector
        // width (512, 256 under -XX:UseAVX=2, 128), and none boxed a tile.
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                AllocationProbe.class.getName(), which);
        Process p = new ProcessBuilder(command).redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), printed);
        long allocated = Long.MAX_VALUE;
        for (String n : printed.replaceAll("[\\[\\]\\s]", "").split(",")) {
            allocated = Math.min(allocated, Long.parseLong(n));
        }
        assertTrue(allocated < 1024, "windows of 50 rounds of the network's 21 warm products allocated " + printed + " bytes");
    }

    /**
     * The vector code is written for any power-of-two number of lanes: run the comparison with every
     * smaller vector size this machine has, each in a JVM of its own (the size is fixed when the class
     * is loaded), side by side, on the shapes of up to a million multiply-adds (the bigger ones take the
     * same tiles and tails). Two-float vectors, which have no hardware behind them on x86 and run as
     * plain Java objects, get those of up to 30,000 only, which still take every branch. The narrow
     * tiles (16 registers: AVX2, SSE) are checked the same way at every size up to 8 floats, whatever
     * this machine's register count.
     */
    @Test
    void everyVectorSizeAndTileWidthAgreesWithEjml() throws IOException, InterruptedException {
        int preferredBits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<int[]> runs = new ArrayList<>(); // {bits, registers}
        List<Process> processes = new ArrayList<>();
        for (int registers : new int[] {16, 32}) {
            for (int bits = 64; bits <= Math.min(preferredBits, registers == 16 ? 256 : 512); bits *= 2) {
                if (registers == VectorMatMul.REGISTERS && bits == preferredBits) {
                    continue; // this JVM's own kernels: they run in this JVM
                }
                runs.add(new int[] {bits, registers});
                processes.add(new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector",
                        "-Ddigitlab.kernels.bits=" + bits, "-Ddigitlab.kernels.registers=" + registers,
                        "-cp", System.getProperty("java.class.path"),
                        SpeciesCheck.class.getName(), bits == 64 ? "30000" : "1000000")
                        .redirectErrorStream(true).start());
            }
        }
        assertTrue(runs.stream().anyMatch(r -> r[1] == 16), "the narrow tiles were not checked");
        for (int s = 0; s < processes.size(); s++) {
            Process process = processes.get(s);
            String what = runs.get(s)[0] + " bits, " + runs.get(s)[1] + " registers";
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), what + ": timed out");
            assertEquals(0, process.exitValue(), what + ":\n" + output);
            assertTrue(output.contains(", " + runs.get(s)[0] / 32 + " floats), tiles for " + runs.get(s)[1] + " registers: "),
                    what + ":\n" + output);
        }
    }
}
