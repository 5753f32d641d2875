package digitlab.nn;

import java.util.Locale;

/** How the learning rate moves over a run of {@code total} steps. */
public enum Schedule {
    /** η every step. */
    CONSTANT {
        @Override
        public float rate(float base, long step, long total) {
            return base;
        }
    },
    /** η·½(1 + cos(π·step/total)): from η down to 0 along half a cosine, decided per step. */
    COSINE {
        @Override
        public float rate(float base, long step, long total) {
            return (float) (base * 0.5 * (1 + Math.cos(Math.PI * Math.min(step, total) / total)));
        }
    };

    public abstract float rate(float base, long step, long total);

    /** "constant" or "cosine". */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Schedule parse(String s) {
        for (Schedule v : values()) {
            if (v.id().equals(s)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown schedule '" + s + "': use constant or cosine");
    }
}
