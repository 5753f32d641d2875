package digitlab.nn;

import java.util.Locale;

/** Which optimizer a run uses: SGD with momentum, or Adam. Named in settings and model files by {@link #id()}. */
public enum OptimizerKind {
    SGD, ADAM;

    /** "sgd" or "adam", as settings, the command line and model files spell it. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the momentum setting applies (SGD's only). */
    public boolean usesMomentum() {
        return this == SGD;
    }

    /** The kind named {@code s}; IllegalArgumentException naming the choices otherwise. */
    public static OptimizerKind parse(String s) {
        for (OptimizerKind v : values()) {
            if (v.id().equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("optimizer must be sgd or adam, not '" + s + "'");
    }

    /** A fresh optimizer of this kind (Adam with its usual β1 0.9, β2 0.999, ε 1e-8). */
    Optimizer create(float momentum) {
        return this == ADAM ? Optimizer.adam(0.9f, 0.999f, 1e-8f) : Optimizer.sgd(momentum);
    }
}
