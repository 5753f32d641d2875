package digitlab.app.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import digitlab.nn.Architecture;
import digitlab.nn.Architecture.Activation;
import digitlab.nn.Architecture.Conv;
import digitlab.nn.Architecture.Dense;
import digitlab.nn.Architecture.Layer;
import digitlab.nn.Architecture.Pool;
import digitlab.nn.Architecture.Shape;

/**
 * The network the Train view's builder is editing, without JavaFX: the layers as a person types them
 * (numbers kept as text, so a half-typed number is a problem of its row, not a lost edit), then the
 * fixed output layer dense10 with no activation. {@link #check()} turns the draft into an
 * {@link Architecture} or into the one problem that stops it, tied to the row that caused it.
 */
public final class NetworkDraft {
    /** MNIST's images: one channel of 28 × 28. */
    public static final Shape INPUT = new Shape(1, 28, 28);
    /** The digits 0–9: the output layer's width. */
    public static final int CLASSES = 10;
    /** The output layer, always last, as the spec writes it. */
    public static final String OUTPUT = "dense" + CLASSES;
    /** The chooser's word for a network that is none of the presets. */
    public static final String CUSTOM = "custom";

    /** What a row is. */
    public enum Kind {
        DENSE, CONV, POOL, FLATTEN;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One layer as typed: {@code units} for a dense layer; {@code kernel} (K of K × K) and {@code filters}
     * for a convolution, padded ({@code same}) or not; the activation of a dense or conv layer.
     */
    public record Row(Kind kind, String units, String kernel, String filters, boolean same, Activation activation) {
        public static Row dense(int units) {
            return new Row(Kind.DENSE, Integer.toString(units), "3", "8", true, Activation.RELU);
        }

        public static Row conv(int kernel, int filters) {
            return new Row(Kind.CONV, "64", Integer.toString(kernel), Integer.toString(filters), true, Activation.RELU);
        }

        public static Row of(Kind kind) {
            return switch (kind) {
                case DENSE -> dense(64);
                case CONV -> conv(3, 8);
                case POOL, FLATTEN -> new Row(kind, "64", "3", "8", true, Activation.RELU);
            };
        }

        /** The same numbers and activation as another kind (a dense row turned conv keeps its activation). */
        public Row as(Kind other) {
            return new Row(other, units, kernel, filters, same, activation);
        }

        public Row withUnits(String text) {
            return new Row(kind, text, kernel, filters, same, activation);
        }

        public Row withKernel(String text) {
            return new Row(kind, units, text, filters, same, activation);
        }

        public Row withFilters(String text) {
            return new Row(kind, units, kernel, text, same, activation);
        }

        public Row withSame(boolean padded) {
            return new Row(kind, units, kernel, filters, padded, activation);
        }

        public Row withActivation(Activation a) {
            return new Row(kind, units, kernel, filters, same, a);
        }

        /** The row as the spec writes it: dense128, conv5x16, conv3x8:valid:tanh, pool2, flatten. */
        public String spec() {
            String act = activation == Activation.RELU ? "" : ":" + activation.word();
            return switch (kind) {
                case DENSE -> "dense" + units.strip() + act;
                case CONV -> "conv" + kernel.strip() + "x" + filters.strip() + (same ? "" : ":valid") + act;
                case POOL -> "pool2";
                case FLATTEN -> "flatten";
            };
        }

        static Row of(Layer layer) {
            if (layer instanceof Dense d) {
                return dense(d.width()).withActivation(d.activation());
            }
            if (layer instanceof Conv c) {
                return conv(c.kernel(), c.filters()).withSame(c.same()).withActivation(c.activation());
            }
            return Row.of(layer instanceof Pool ? Kind.POOL : Kind.FLATTEN);
        }
    }

    /**
     * What the draft reads as. {@code architecture} is null when {@code problem} says why not; the
     * problem's {@code row} counts from 0 over the editable rows ({@code rows()} means the output layer,
     * −1 the network as a whole). {@code outputs} holds the output shape of each row that can be known
     * (all of them, then the output layer's, when the network works; the rows before the problem when
     * not) and {@code parameters} each such row's weights and biases.
     */
    public record Check(Architecture architecture, int row, String problem, List<Shape> outputs, List<Long> parameters) {
        public boolean valid() {
            return architecture != null;
        }
    }

    private static final Pattern LAYER = Pattern.compile("^layer (\\d+) ");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,4}");

    private final List<Row> rows = new ArrayList<>();

    private NetworkDraft(List<Row> rows) {
        this.rows.addAll(rows);
    }

    /** A preset by name ({@link Architecture#presetNames()}). */
    public static NetworkDraft preset(String name) {
        return ofSpec(Architecture.preset(name));
    }

    /**
     * The draft of a spec or preset name, which must read as a network ending in dense10; otherwise the
     * {@link IllegalArgumentException} of {@link Architecture#parse} naming the layer.
     */
    public static NetworkDraft ofSpec(String spec) {
        Architecture a = Architecture.parse(spec, INPUT, CLASSES);
        List<Layer> layers = a.layers();
        List<Row> rows = new ArrayList<>();
        for (Layer layer : layers.subList(0, layers.size() - 1)) {
            rows.add(Row.of(layer));
        }
        return new NetworkDraft(rows);
    }

    /** The editable rows (a copy), without the output layer. */
    public List<Row> rows() {
        return List.copyOf(rows);
    }

    public int size() {
        return rows.size();
    }

    /** Adds {@code row} before the output layer. */
    public void add(Row row) {
        rows.add(row);
    }

    /** Replaces row {@code i}. */
    public void set(int i, Row row) {
        rows.set(i, row);
    }

    public void remove(int i) {
        rows.remove(i);
    }

    /** Moves row {@code i} one place towards the input ({@code by} −1) or the output (+1); false when it is at that end. */
    public boolean move(int i, int by) {
        int j = i + by;
        if (j < 0 || j >= rows.size()) {
            return false;
        }
        rows.set(i, rows.set(j, rows.get(i)));
        return true;
    }

    /** The spec of the whole network, output layer included: "conv5x16,pool2,dense10". */
    public String spec() {
        List<String> words = new ArrayList<>();
        for (Row r : rows) {
            words.add(r.spec());
        }
        words.add(OUTPUT);
        return String.join(",", words);
    }

    /** The preset this draft is, or {@link #CUSTOM}. */
    public String presetName() {
        for (String name : Architecture.presetNames()) {
            if (Architecture.preset(name).equals(spec())) {
                return name;
            }
        }
        return CUSTOM;
    }

    /** The network this draft describes, or its first problem tied to its row (see {@link Check}). */
    public Check check() {
        for (int i = 0; i < rows.size(); i++) {
            String problem = numbers(rows.get(i));
            if (problem != null) {
                return refused(i, "layer " + (i + 1) + ": " + problem);
            }
        }
        try {
            Architecture a = Architecture.parse(spec(), INPUT, CLASSES);
            return new Check(a, -1, null, outputs(a), parameters(a));
        } catch (IllegalArgumentException e) {
            Matcher m = LAYER.matcher(e.getMessage());
            int row = m.find() ? Integer.parseInt(m.group(1)) - 1 : -1;
            return refused(Math.min(row, rows.size()), e.getMessage());
        }
    }

    /** The problem of a row's numbers as text, or null: each a whole number from 1 to {@link Architecture#MAX_SIZE}. */
    private static String numbers(Row r) {
        return switch (r.kind()) {
            case DENSE -> number(r.units(), "units");
            case CONV -> {
                String k = number(r.kernel(), "the kernel size");
                yield k != null ? k : number(r.filters(), "filters");
            }
            case POOL, FLATTEN -> null;
        };
    }

    private static String number(String text, String what) {
        String t = text.strip();
        if (!DIGITS.matcher(t).matches() || Integer.parseInt(t) < 1 || Integer.parseInt(t) > Architecture.MAX_SIZE) {
            return capitalised(what) + " must be a whole number from 1 to " + Architecture.MAX_SIZE + ", not '" + (t.length() > 8 ? t.substring(0, 7) + "…" : t) + "'";
        }
        return null;
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A refusal at {@code row}, with the shapes of the rows before it (which work: the network up to there does). */
    private Check refused(int row, String problem) {
        List<Shape> outputs = List.of();
        List<Long> parameters = List.of();
        if (row > 0) {
            try {
                Architecture before = Architecture.parse(new NetworkDraft(rows.subList(0, row)).spec(), INPUT, CLASSES);
                outputs = outputs(before).subList(0, row);
                parameters = parameters(before).subList(0, row);
            } catch (IllegalArgumentException e) {
                // the rows before it cannot be followed by dense10 alone (too many numbers): no shapes then
            }
        }
        return new Check(null, row, problem, outputs, parameters);
    }

    private static List<Shape> outputs(Architecture a) {
        List<Shape> shapes = a.shapes();
        return List.copyOf(shapes.subList(1, shapes.size()));
    }

    private static List<Long> parameters(Architecture a) {
        List<Long> counts = new ArrayList<>();
        Shape in = a.input();
        for (Layer layer : a.layers()) {
            counts.add(layer.parameters(in));
            in = layer.output(in);
        }
        return List.copyOf(counts);
    }
}
