package digitlab.app.train;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import digitlab.app.widgets.Percent;
import digitlab.nn.Architecture;

/**
 * Names that say what a trained model is: "mlp 2026-11-30 14:05 · 2 epochs · 97.9%" (when its training
 * last ended, how far it was trained, its test accuracy), and a file name that follows the name.
 */
public final class ModelName {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private ModelName() {
    }

    /**
     * The name of a model trained until {@code when} for {@code epochs} epochs (a fraction when stopped
     * within one) with test accuracy {@code accuracy} (0..1; NaN when not measured, then left out).
     */
    public static String of(LocalDateTime when, double epochs, double accuracy) {
        return of("mlp", when, epochs, accuracy);
    }

    /** {@link #of(LocalDateTime, double, double)} for a network called {@code network} ("mlp", "cnn", "tiny"…). */
    public static String of(String network, LocalDateTime when, double epochs, double accuracy) {
        String name = network + " " + WHEN.format(when) + " · " + epochs(epochs);
        return Double.isNaN(accuracy) ? name : name + " · " + Percent.percent(accuracy);
    }

    /**
     * What to call a network in a model's name: its preset's name when it is one, else "mlp" for dense
     * layers only, "cnn" with a convolution, "net" otherwise.
     */
    public static String network(Architecture architecture) {
        String spec = architecture.spec();
        for (String preset : Architecture.presetNames()) {
            if (Architecture.preset(preset).equals(spec)) {
                return preset;
            }
        }
        if (architecture.isDenseOnly()) {
            return "mlp";
        }
        return architecture.layers().stream().anyMatch(l -> l instanceof Architecture.Conv) ? "cnn" : "net";
    }

    /** 2 → "2 epochs", 1 → "1 epoch", 2.44 → "2.4 epochs", 0.02 → "0.02 epochs". */
    static String epochs(double epochs) {
        if (epochs == Math.rint(epochs)) {
            long n = Math.round(epochs);
            return n + (n == 1 ? " epoch" : " epochs");
        }
        String text = epochs < 0.1 ? String.format(Locale.ROOT, "%.2f", epochs) : String.format(Locale.ROOT, "%.1f", epochs);
        return text + " epochs";
    }

    /**
     * The file name a model of that name is saved as by default: the name with spaces and "·" as single
     * dashes, ":" left out and "%" as "pct", and ".json": "mlp-2026-11-30-1405-2-epochs-97.9pct.json".
     */
    public static String fileName(String name) {
        String safe = name.replace("%", "pct").replace(":", "").replaceAll("[^A-Za-z0-9.]+", "-");
        return safe.replaceAll("^-|-$", "") + ".json";
    }
}
