package digitlab.app.train;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import digitlab.nn.OptimizerKind;
import digitlab.nn.Schedule;
import digitlab.nn.TrainingConfig;
import digitlab.nn.TrainingConfig.Field;
import digitlab.nn.TrainingConfig.Problem;

/**
 * The Train view's settings form, without JavaFX: turns the texts of its fields and its choices into a
 * {@link TrainingConfig}, or into every problem at once, each tied to the field it is about, so the view
 * shows each one beside its field. A text that is not a number is reported as such; every text that
 * reads is checked by the config's own rules ({@link TrainingConfig#typedProblems()}) and the form's (a
 * batch larger than the images) at the same time, so no problem waits for another to be fixed.
 */
public final class TrainingForm {
    /** The settings typed as text, in the order of the form. */
    public static final List<Field> TEXT_FIELDS = List.of(Field.EPOCHS, Field.BATCH, Field.LEARNING_RATE,
            Field.MOMENTUM, Field.SEED, Field.LIMIT, Field.THREADS);

    /** The most characters of a text a problem quotes. */
    static final int QUOTED = 12;

    /** The text that means every training image. */
    public static final String ALL_IMAGES = "all";

    /** What the form reads as: a config, or (config null) at least one problem, at most one per field. */
    public record Result(TrainingConfig config, List<Problem> problems) {
        public boolean valid() {
            return config != null;
        }
    }

    private TrainingForm() {
    }

    /** The texts the form starts with: the defaults, and every image. */
    public static Map<Field, String> defaultTexts() {
        TrainingConfig d = TrainingConfig.defaults();
        Map<Field, String> texts = new EnumMap<>(Field.class);
        texts.put(Field.EPOCHS, Integer.toString(d.epochs()));
        texts.put(Field.BATCH, Integer.toString(d.batch()));
        texts.put(Field.LEARNING_RATE, Float.toString(d.learningRate()));
        texts.put(Field.MOMENTUM, Float.toString(d.momentum()));
        texts.put(Field.SEED, Long.toString(d.seed()));
        texts.put(Field.LIMIT, ALL_IMAGES);
        texts.put(Field.THREADS, Integer.toString(d.threads()));
        return texts;
    }

    /** Reads the form: {@code texts} holds the text of each of {@link #TEXT_FIELDS}. */
    public static Result read(Map<Field, String> texts, OptimizerKind optimizer, Schedule schedule, boolean augment) {
        Reader r = new Reader(texts);
        int epochs = r.integer(Field.EPOCHS, "epochs");
        int batch = r.integer(Field.BATCH, "batch size");
        float rate = r.number(Field.LEARNING_RATE, "learning rate");
        float momentum = r.number(Field.MOMENTUM, "momentum");
        long seed = 0;
        try {
            seed = Long.parseLong(r.text(Field.SEED));
        } catch (NumberFormatException e) {
            r.problems.put(Field.SEED, "Seed must be a whole number, like 1");
        }
        int limit = 0;
        if (!r.text(Field.LIMIT).equalsIgnoreCase(ALL_IMAGES)) {
            limit = r.integer(Field.LIMIT, "training images");
            if (limit < 1 && !r.problems.containsKey(Field.LIMIT)) {
                r.problems.put(Field.LIMIT, "Training images must be 'all' or a number from 1 to 60000");
            }
        }
        int threads = r.integer(Field.THREADS, "threads");
        // a text that did not read is checked no further, but the others are: every problem shows at once
        TrainingConfig d = TrainingConfig.defaults();
        TrainingConfig c = new TrainingConfig(r.or(Field.EPOCHS, epochs, d.epochs()), r.or(Field.BATCH, batch, d.batch()),
                r.or(Field.LEARNING_RATE, rate, d.learningRate()), optimizer, r.or(Field.MOMENTUM, momentum, d.momentum()),
                schedule, augment, seed, r.or(Field.LIMIT, limit, 0), r.or(Field.THREADS, threads, 1));
        for (Problem p : c.typedProblems()) {
            r.problems.putIfAbsent(p.field(), capitalised(p.message()));
        }
        if (limit > 0 && batch > limit && !r.problems.containsKey(Field.BATCH) && !r.problems.containsKey(Field.LIMIT)) {
            r.problems.put(Field.BATCH, "A batch of " + batch + " is larger than the " + limit + " training images");
        }
        if (r.problems.isEmpty()) {
            return new Result(c, List.of());
        }
        List<Problem> problems = new ArrayList<>();
        for (Field f : Field.values()) { // in the order of the form
            if (r.problems.containsKey(f)) {
                problems.add(new Problem(f, r.problems.get(f)));
            }
        }
        return new Result(null, List.copyOf(problems));
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Reads numbers from the texts, noting a problem for each text that is not one. */
    private static final class Reader {
        private final Map<Field, String> texts;
        private final Map<Field, String> problems = new LinkedHashMap<>();

        Reader(Map<Field, String> texts) {
            this.texts = texts;
        }

        /** {@code value}, or {@code otherwise} when the field's text did not read. */
        int or(Field field, int value, int otherwise) {
            return problems.containsKey(field) ? otherwise : value;
        }

        float or(Field field, float value, float otherwise) {
            return problems.containsKey(field) ? otherwise : value;
        }

        String text(Field field) {
            String t = texts.get(field);
            return t == null ? "" : t.trim();
        }

        /** The field's text as a problem quotes it: at most {@value #QUOTED} characters, so the problem fits its line. */
        String quoted(Field field) {
            String t = text(field);
            return t.length() <= QUOTED ? t : t.substring(0, QUOTED - 1) + "…";
        }

        /** A whole number; "60_000" and "60,000" read as 60000. */
        int integer(Field field, String name) {
            try {
                return Integer.parseInt(text(field).replace("_", "").replace(",", ""));
            } catch (NumberFormatException e) {
                problems.put(field, capitalised(name) + " must be a whole number, not '" + quoted(field) + "'");
                return 0;
            }
        }

        float number(Field field, String name) {
            try {
                float v = Float.parseFloat(text(field));
                if (Float.isFinite(v)) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.put(field, capitalised(name) + " must be a number like 0.05, not '" + quoted(field) + "'");
            return Float.NaN;
        }
    }
}
