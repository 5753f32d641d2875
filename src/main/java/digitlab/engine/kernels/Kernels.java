package digitlab.engine.kernels;

import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Which {@link MatMul} to use. {@link #best()} is the Vector API kernels when the module
 * {@code jdk.incubator.vector} is in the boot layer and this JVM's JIT turns the API into vector
 * instructions; else the plain Java ones. Decided once, on first use.
 *
 * <p>The module is there when DigitLab runs as a module (its module-info requires it: {@code mvn
 * javafx:run}, the jlink image) or when java is given {@code --add-modules jdk.incubator.vector}. On
 * the class path without that flag ({@code java -jar digitlab.jar}) the plain kernels run, and
 * {@link #note()} says so in one line. The JVM prints a warning about the incubator module whenever the
 * module is in use.
 *
 * <p>The Vector API is only fast where C2 compiles it into vector instructions; anywhere else every
 * vector is a Java object and a product runs hundreds of times slower than the plain loops (under
 * {@code -XX:UseAVX=0}, {@code bench} had not finished after 12 minutes). As Lucene's vectorization
 * provider does, the choice therefore reads the JVM's flags ({@link HotSpotDiagnosticMXBean}) and takes
 * the plain kernels, with a one-line {@link #note()} naming the reason, when: the JVM interprets only
 * ({@code -Xint}, {@code -XX:-UseCompiler}); C2 is off ({@code -XX:TieredStopAtLevel} 1 to 3); there is no
 * fused multiply-add ({@code UseFMA} false: every tile is built of {@code fma}); on x86, AVX2 is off
 * ({@code -XX:UseAVX} below 2, or a CPU without it); or the preferred vector is narrower than 128 bits or
 * wider than the JIT's {@code MaxVectorSize}. A width set with {@code -Ddigitlab.kernels.bits} is taken as
 * asked: the tests use it to check every width. Timing a product against the plain kernel at start was
 * left out: until C2 has compiled the tiles (seconds) the vector code is slow on every JVM, so such a
 * timing either costs seconds or cannot tell a slow JVM from a cold one.
 *
 * <p>{@code -Ddigitlab.kernels=plain} chooses the plain kernels whatever the JVM (no note: it was asked).
 */
public final class Kernels {
    static final String MODULE = "jdk.incubator.vector";
    /** The system property that can ask for the plain kernels. */
    static final String CHOICE_PROPERTY = "digitlab.kernels";
    /** The JVM flags the choice reads, and {@link #vmFlags()} reports. */
    static final List<String> FLAGS = List.of("UseCompiler", "TieredCompilation", "TieredStopAtLevel", "UseFMA", "UseAVX",
            "UseSSE", "MaxVectorSize");

    /** Set by {@link #preferPlain()}; read once, when the choice is made. */
    private static volatile boolean plainPreferred;
    /** Whether the choice has been made (by the first use of {@link #best()} or another method of the choice). */
    private static volatile boolean chosen;

    private Kernels() {
    }

    /**
     * Asks for the plain kernels for the rest of this run: for work too small to repay the vector kernels'
     * warm-up, such as one prediction. Until C2 has compiled them (seconds), the Vector API runs far slower
     * than plain Java, and loading it and reading the JVM's flags costs about 0.1 s of a command's start.
     * Takes effect only before the choice is made; no note is given.
     *
     * @return whether {@link #best()} is now the plain kernels
     */
    public static boolean preferPlain() {
        plainPreferred = true;
        return !chosen || !Choice.BEST.vector;
    }

    /** The fastest kernels this JVM can run; the same instance every time. */
    public static MatMul best() {
        return Choice.BEST.kernels;
    }

    /** The plain Java conversions: what {@link #conversions()} gives without the module. */
    public static Conversions plainConversions() {
        return PlainConversions.INSTANCE;
    }

    /** The plain Java kernels (no Vector API): what {@link #best()} gives without the module. */
    public static MatMul plain() {
        return PlainMatMul.INSTANCE;
    }

    /** EJML's {@code CommonOps_FDRM}: the reference for tests and benchmarks. */
    public static MatMul ejml() {
        return EjmlMatMul.INSTANCE;
    }

    /** The fastest conversions this JVM can run (Vector API or plain, as for {@link #best()}). */
    public static Conversions conversions() {
        return Choice.BEST.conversions;
    }

    /** The fastest {@link Runs} this JVM can run (Vector API or plain, as for {@link #best()}). */
    public static Runs runs() {
        return Choice.BEST.runs;
    }

    /** The plain Java {@link Runs}: what {@link #runs()} gives without the module. */
    public static Runs plainRuns() {
        return PlainRuns.INSTANCE;
    }

    /**
     * Whether {@link #best()} goes by the zeros of a mostly-zero operand (see {@link ZeroSkipping}): the plain
     * kernels and vectors of up to 8 floats do, unless {@code -Ddigitlab.kernels.sparse=off}; AVX-512's
     * 16-float tiles do every multiply-add.
     */
    public static boolean zeroSkipping() {
        return Choice.BEST.vector ? VectorLoader.skipsZeros() : ZeroSkipping.ON;
    }

    /** Whether {@link #best()} is the Vector API kernels. */
    public static boolean vectorAvailable() {
        return Choice.BEST.vector;
    }

    /**
     * Null when the fast kernels run (or the plain ones were asked for); otherwise one line, for a log or
     * stderr, saying that they are off, why, and how to turn them on where that is possible.
     */
    public static String note() {
        return Choice.BEST.note;
    }

    /**
     * The JVM flags the choice was made on ({@link #FLAGS}, in that order), each with its value; a flag
     * this JVM does not have (UseAVX off x86) is left out. Empty when the flags could not be read.
     */
    public static Map<String, String> vmFlags() {
        return Choice.BEST.flags;
    }

    /** What {@link #best()} and {@link #note()} are made of; package-private so a test can choose with the module absent. */
    static final class Choice {
        static final Choice BEST = choose();

        final MatMul kernels;
        final Conversions conversions;
        final Runs runs;
        final boolean vector;
        final String note;
        final Map<String, String> flags;

        private Choice(MatMul kernels, Conversions conversions, Runs runs, boolean vector, String note,
                Map<String, String> flags) {
            this.kernels = kernels;
            this.conversions = conversions;
            this.runs = runs;
            this.vector = vector;
            this.note = note;
            this.flags = flags;
        }

        private static Choice choose() {
            chosen = true;
            if (plainPreferred || "plain".equals(System.getProperty(CHOICE_PROPERTY))) {
                return plain(null, Map.of());
            }
            boolean module = ModuleLayer.boot().findModule(MODULE).isPresent();
            return choose(module, module ? Kernels::vmOption : name -> null, System.getProperty("java.vm.info", ""),
                    System.getProperty("os.arch", ""));
        }

        /** The vector kernels if {@code moduleReadable} and they load; otherwise plain, with a note. */
        static Choice choose(boolean moduleReadable) {
            return choose(moduleReadable, name -> null, "", "");
        }

        /**
         * The vector kernels if {@code moduleReadable}, they load and the JVM compiles them to vector
         * instructions; otherwise plain, with a note.
         *
         * @param vmOption a JVM flag's value by name ({@code "UseAVX"} → {@code "3"}), null when unknown
         * @param vmInfo   the property {@code java.vm.info} ("mixed mode, sharing", "interpreted mode")
         * @param arch     the property {@code os.arch}
         */
        static Choice choose(boolean moduleReadable, UnaryOperator<String> vmOption, String vmInfo, String arch) {
            if (!moduleReadable) {
                return plain("DigitLab: the Vector API is not enabled, matrix products run about 10× slower; run java with"
                        + " --add-modules " + MODULE, Map.of());
            }
            Map<String, String> flags = new LinkedHashMap<>();
            for (String name : FLAGS) {
                String value = vmOption.apply(name);
                if (value != null) {
                    flags.put(name, value);
                }
            }
            flags = Collections.unmodifiableMap(flags);
            String slow = jitProblem(flags, vmInfo, arch);
            if (slow != null) {
                return plain(slowNote(slow), flags);
            }
            MatMul vector;
            Conversions conversions;
            Runs runs;
            try {
                vector = VectorLoader.load();
                conversions = VectorLoader.conversions();
                runs = VectorLoader.runs();
            } catch (LinkageError | RuntimeException e) { // no usable species, a JVM without the intrinsics…
                return plain("DigitLab: the Vector API could not be used (" + e + "), matrix products run about 10× slower"
                        + " in plain Java", flags);
            }
            String width = widthProblem(VectorLoader.bits(), System.getProperty("digitlab.kernels.bits") != null, flags);
            if (width != null) {
                return plain(slowNote(width), flags);
            }
            return new Choice(vector, conversions, runs, true, null, flags);
        }

        private static Choice plain(String note, Map<String, String> flags) {
            return new Choice(PlainMatMul.INSTANCE, PlainConversions.INSTANCE, PlainRuns.INSTANCE, false, note, flags);
        }

        private static String slowNote(String reason) {
            return "DigitLab: " + reason + ", so the JIT cannot make vector instructions of the Vector API; matrix"
                    + " products run in plain Java instead (the Vector API there would be hundreds of times slower)";
        }
    }

    /**
     * Why this JVM runs the Vector API as objects rather than vector instructions, or null when it does
     * not: see the class comment. Flags absent from {@code flags} are not held against it.
     */
    static String jitProblem(Map<String, String> flags, String vmInfo, String arch) {
        if (vmInfo.contains("interpreted mode") || "false".equals(flags.get("UseCompiler"))) {
            return "the JVM only interprets (-Xint)";
        }
        if (!"false".equals(flags.get("TieredCompilation")) && flags.containsKey("TieredStopAtLevel")
                && Integer.parseInt(flags.get("TieredStopAtLevel")) < 4) {
            return "C2 is off (-XX:TieredStopAtLevel=" + flags.get("TieredStopAtLevel") + ")";
        }
        if (vmInfo.contains("emulated-client")) {
            return "C2 is off (the JVM runs as a client VM)";
        }
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        if (x86 && flags.containsKey("UseAVX") && Integer.parseInt(flags.get("UseAVX")) < 2) {
            return "AVX2 is off (-XX:UseAVX=" + flags.get("UseAVX") + ", or a CPU without it)";
        }
        if ("false".equals(flags.get("UseFMA"))) {
            return "there is no fused multiply-add (-XX:-UseFMA, or a CPU without it)";
        }
        return null;
    }

    /**
     * Why vectors of {@code bits} are not made of vector registers, or null: narrower than 128 bits, or
     * wider than {@code MaxVectorSize}. Null too when the width was {@code asked} for with
     * {@code -Ddigitlab.kernels.bits}.
     */
    static String widthProblem(int bits, boolean asked, Map<String, String> flags) {
        if (asked) {
            return null;
        }
        if (bits < 128) {
            return "the CPU's vectors are " + bits + " bits wide, narrower than the kernels need (128)";
        }
        if (flags.containsKey("MaxVectorSize") && bits > 8 * Long.parseLong(flags.get("MaxVectorSize"))) {
            return "the preferred vectors (" + bits + " bits) are wider than the JIT's limit (-XX:MaxVectorSize="
                    + flags.get("MaxVectorSize") + ")";
        }
        return null;
    }

    /** A JVM flag's value, null when this JVM does not have it or its flags cannot be read. */
    private static String vmOption(String name) {
        try {
            return Flags.BEAN.getVMOption(name).getValue();
        } catch (RuntimeException | LinkageError e) { // no such flag here; no module jdk.management
            return null;
        }
    }

    /** Loaded only when the flags are read, so that nothing loads the management classes before. */
    private static final class Flags {
        static final HotSpotDiagnosticMXBean BEAN = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    }

    /** The only place that names {@link VectorMatMul}, so that nothing loads it before the module is known to be there. */
    private static final class VectorLoader {
        static MatMul load() {
            return new VectorMatMul();
        }

        static Conversions conversions() {
            return new VectorConversions();
        }

        static Runs runs() {
            return new VectorRuns();
        }

        static int bits() {
            return VectorMatMul.F.vectorBitSize();
        }

        static boolean skipsZeros() {
            return VectorMatMul.SKIPS_ZEROS;
        }
    }
}
