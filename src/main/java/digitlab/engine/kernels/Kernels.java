package digitlab.engine.kernels;

/**
 * Which {@link MatMul} to use. {@link #best()} is the Vector API kernels when the module
 * {@code jdk.incubator.vector} is in the boot layer, else the plain Java ones; decided once, on first
 * use.
 *
 * <p>The module is there when DigitLab runs as a module (its module-info requires it: {@code mvn
 * javafx:run}, the jlink image) or when java is given {@code --add-modules jdk.incubator.vector}. On
 * the class path without that flag ({@code java -jar digitlab.jar}) the plain kernels run, and
 * {@link #note()} says so in one line. The JVM prints a warning about the incubator module whenever the
 * module is in use.
 */
public final class Kernels {
    static final String MODULE = "jdk.incubator.vector";

    private Kernels() {
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

    /** Whether {@link #best()} is the Vector API kernels. */
    public static boolean vectorAvailable() {
        return Choice.BEST.vector;
    }

    /**
     * Null when the fast kernels run; otherwise one line, for a log or stderr, saying that they are off
     * and how to turn them on.
     */
    public static String note() {
        return Choice.BEST.note;
    }

    /** What {@link #best()} and {@link #note()} are made of; package-private so a test can choose with the module absent. */
    static final class Choice {
        static final Choice BEST = choose(ModuleLayer.boot().findModule(MODULE).isPresent());

        final MatMul kernels;
        final Conversions conversions;
        final boolean vector;
        final String note;

        private Choice(MatMul kernels, Conversions conversions, boolean vector, String note) {
            this.kernels = kernels;
            this.conversions = conversions;
            this.vector = vector;
            this.note = note;
        }

        /** The vector kernels if {@code moduleReadable} and they load; otherwise plain, with a note. */
        static Choice choose(boolean moduleReadable) {
            if (moduleReadable) {
                try {
                    return new Choice(VectorLoader.load(), VectorLoader.conversions(), true, null);
                } catch (LinkageError | RuntimeException e) { // no usable species, a JVM without the intrinsics…
                    return new Choice(PlainMatMul.INSTANCE, PlainConversions.INSTANCE, false, "DigitLab: the Vector API could not be used ("
                            + e + "), matrix products run about 10× slower in plain Java");
                }
            }
            return new Choice(PlainMatMul.INSTANCE, PlainConversions.INSTANCE, false, "DigitLab: the Vector API is not enabled, matrix "
                    + "products run about 10× slower; run java with --add-modules " + MODULE);
        }
    }

    /** The only place that names {@link VectorMatMul}, so that nothing loads it before the module is known to be there. */
    private static final class VectorLoader {
        static MatMul load() {
            return new VectorMatMul();
        }

        static Conversions conversions() {
            return new VectorConversions();
        }
    }
}
