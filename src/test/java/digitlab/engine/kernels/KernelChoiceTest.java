package digitlab.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Vector API kernels are chosen only where the JIT makes vector instructions of them: in JVMs
 * started with flags that turn C2, AVX2 or FMA off, the plain kernels run, a one-line note says why, and
 * products finish in seconds (where the Vector API, run as objects, would take minutes).
 */
class KernelChoiceTest {

    private record Probe(List<String> lines, int exit) {
    }

    /** {@link KernelChoiceProbe} in a JVM of its own with {@code flags}; at most 120 s. */
    private static Probe probe(int products, String... flags) throws Exception {
        return probeWith(products, null, flags);
    }

    /** As {@link #probe(int, String...)}, with a second argument for the probe (none if null). */
    private static Probe probeWith(int products, String second, String... flags) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", Kernels.MODULE));
        command.addAll(List.of(flags));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), KernelChoiceProbe.class.getName(),
                String.valueOf(products)));
        if (second != null) {
            command.add(second);
        }
        File out = File.createTempFile("kernel-choice", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " ran for more than 120 s: the slow path\n"
                        + Files.readString(out.toPath()));
            }
            return new Probe(Files.readAllLines(out.toPath(), StandardCharsets.UTF_8), p.exitValue());
        } finally {
            Files.deleteIfExists(out.toPath());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-XX:UseAVX=0|100|AVX2 is off (-XX:UseAVX=0",
        "-Xint|5|the JVM only interprets (-Xint)",
        "-XX:TieredStopAtLevel=1|100|C2 is off (-XX:TieredStopAtLevel=1)",
        "-XX:-UseFMA|100|there is no fused multiply-add"})
    void aJvmThatCannotCompileTheVectorApiRunsThePlainKernelsAndSaysWhyInOneLine(String flag, int products, String reason)
            throws Exception {
        Probe run = probe(products, flag);
        assertEquals(0, run.exit(), String.join("\n", run.lines()));
        assertEquals(3, run.lines().size(), "kernels, one line of note, timing:\n" + String.join("\n", run.lines()));
        assertEquals("plain Java", run.lines().get(0));
        assertTrue(run.lines().get(1).startsWith("DigitLab: " + reason), run.lines().get(1));
        assertTrue(run.lines().get(2).startsWith(products + " products in "), run.lines().get(2));
    }

    @Test
    void anOrdinaryJvmKeepsTheVectorKernelsWithoutANote() throws Exception {
        Probe run = probe(1);
        assertEquals(0, run.exit(), String.join("\n", run.lines()));
        assertTrue(run.lines().get(0).startsWith("vector ("), run.lines().get(0));
        assertEquals("no note", run.lines().get(1));
    }

    @Test
    void thePlainKernelsCanBeAskedForAndThenNoNoteIsGiven() throws Exception {
        Probe run = probe(1, "-Ddigitlab.kernels=plain");
        assertEquals(List.of("plain Java", "no note"), run.lines().subList(0, 2));
    }

    @Test
    void workTooSmallForTheVectorKernelsCanPreferThePlainOnesBeforeTheChoiceButNotAfter() throws Exception {
        Probe before = probeWith(1, "prefer-plain");
        assertEquals(List.of("preferPlain true, afterwards true", "plain Java", "no note"), before.lines().subList(0, 3));
        Probe after = probeWith(1, "after");
        assertEquals("preferPlain false, afterwards false", after.lines().get(0));
        assertTrue(after.lines().get(1).startsWith("vector ("), after.lines().get(1));
    }

    @Test
    void eachFlagThatKeepsTheVectorApiFromTheJitIsNamed() {
        assertEquals("the JVM only interprets (-Xint)", Kernels.jitProblem(Map.of(), "interpreted mode, sharing", "amd64"));
        assertEquals("the JVM only interprets (-Xint)", Kernels.jitProblem(Map.of("UseCompiler", "false"), "", "amd64"));
        assertEquals("C2 is off (-XX:TieredStopAtLevel=3)", Kernels.jitProblem(Map.of("TieredStopAtLevel", "3"), "", "amd64"));
        // C2 alone, without tiers, is C2
        assertNull(Kernels.jitProblem(Map.of("TieredCompilation", "false", "TieredStopAtLevel", "1"), "", "amd64"));
        assertEquals("AVX2 is off (-XX:UseAVX=1, or a CPU without it)",
                Kernels.jitProblem(Map.of("UseAVX", "1", "UseFMA", "true"), "", "amd64"));
        // UseAVX means nothing on ARM
        assertNull(Kernels.jitProblem(Map.of("UseAVX", "0", "UseFMA", "true"), "", "aarch64"));
        assertEquals("there is no fused multiply-add (-XX:-UseFMA, or a CPU without it)",
                Kernels.jitProblem(Map.of("UseAVX", "3", "UseFMA", "false"), "", "amd64"));
        assertNull(Kernels.jitProblem(Map.of("UseAVX", "2", "UseFMA", "true", "TieredStopAtLevel", "4"), "mixed mode", "amd64"));
    }

    @Test
    void preferredVectorsNarrowerThan128BitsOrWiderThanTheJitAllowsAreRefused() {
        assertTrue(Kernels.widthProblem(64, false, Map.of()).contains("64 bits wide"));
        assertTrue(Kernels.widthProblem(512, false, Map.of("MaxVectorSize", "32")).contains("-XX:MaxVectorSize=32"));
        assertNull(Kernels.widthProblem(256, false, Map.of("MaxVectorSize", "32")));
        assertNull(Kernels.widthProblem(64, true, Map.of()), "a width asked for is taken as asked");
        assertNull(Kernels.widthProblem(128, false, Map.of()));
    }
}
