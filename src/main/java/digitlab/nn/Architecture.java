package digitlab.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A network's layers as a learner writes them, e.g. {@code conv5x16,pool2,conv5x32,pool2,dense128,dense10},
 * with the shape of what each layer makes and the numbers it holds. Plain data: no graph, no thread.
 *
 * <p>The spec, one comma-separated layer after another:
 * <ul>
 *   <li>{@code denseN}: N units, each a weighted sum of every input plus a bias; ReLU unless followed by
 *       {@code :tanh}, {@code :sigmoid} or {@code :none}. The last layer is a dense layer with one unit per
 *       class and no activation: its outputs are the scores that log-softmax turns into probabilities.</li>
 *   <li>{@code convKxF}: F filters of K × K over every channel, stride 1; {@code :same} (the default: the
 *       image is padded with (K − 1)/2 zeros, K odd) or {@code :valid} (no padding, the image shrinks by
 *       K − 1); ReLU unless {@code :tanh}, {@code :sigmoid} or {@code :none}.</li>
 *   <li>{@code pool2}: the largest of each 2 × 2 block, per channel (an odd last row or column is dropped).</li>
 *   <li>{@code flatten}: optional; a dense layer after feature maps flattens them anyway.</li>
 * </ul>
 * Names for whole networks: {@value #MLP_NAME} (the seed's 784-128-64-10), {@value #TINY_NAME} and
 * {@value #CNN_NAME}.
 */
public record Architecture(Shape input, List<Layer> layers) {

    public static final String MLP_NAME = "mlp";
    public static final String TINY_NAME = "tiny";
    public static final String CNN_NAME = "cnn";
    private static final Map<String, String> PRESETS = Map.of(
            MLP_NAME, "dense128,dense64,dense10",
            TINY_NAME, "dense32,dense10",
            CNN_NAME, "conv5x16,pool2,conv5x32,pool2,dense128,dense10");

    /** The largest count of units, filters or kernel size a spec may ask for, so a typo cannot ask for terabytes. */
    public static final int MAX_SIZE = 4096;
    /** The most numbers a network may hold (a 784-4096-4096-10 MLP is about 20 million). */
    static final long MAX_PARAMETERS = 50_000_000L;

    /** Channels × height × width of an image or of a layer's feature maps, or a flat vector of n (n × 1 × 1). */
    public record Shape(int channels, int height, int width, boolean flat) {
        /** An image or feature maps. */
        public Shape(int channels, int height, int width) {
            this(channels, height, width, false);
        }

        /** The output of a dense layer or of flatten. */
        public static Shape vector(int size) {
            return new Shape(size, 1, 1, true);
        }

        public int size() {
            return channels * height * width;
        }

        @Override
        public String toString() {
            return flat() ? String.valueOf(channels) : channels + "×" + height + "×" + width;
        }
    }

    public enum Activation {
        RELU, TANH, SIGMOID, NONE;

        /** relu, tanh, sigmoid or none: as specs and model files write it. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The activation {@code word} names ({@link #word()}), or null for none of them. */
        public static Activation of(String word) {
            for (Activation a : values()) {
                if (a.word().equals(word)) {
                    return a;
                }
            }
            return null;
        }
    }

    /** One layer of the spec. */
    public sealed interface Layer permits Dense, Conv, Pool, Flatten {
        /** The shape this layer makes from {@code in}; throws {@link IllegalArgumentException} saying why it cannot. */
        Shape output(Shape in);

        /** Weights and biases this layer holds for an input of shape {@code in}. */
        long parameters(Shape in);

        /** The layer as the spec writes it. */
        String spec();
    }

    public record Dense(int width, Activation activation) implements Layer {
        @Override
        public Shape output(Shape in) {
            return Shape.vector(width);
        }

        @Override
        public long parameters(Shape in) {
            return (long) in.size() * width + width;
        }

        @Override
        public String spec() {
            return "dense" + width + (activation == Activation.RELU ? "" : ":" + activation.word());
        }
    }

    public record Conv(int kernel, int filters, boolean same, Activation activation) implements Layer {
        @Override
        public Shape output(Shape in) {
            if (in.flat()) {
                throw new IllegalArgumentException("a convolution needs an image, but its input is a flat vector of "
                        + in.channels() + " numbers (after a dense layer)");
            }
            if (same && kernel % 2 == 0) {
                throw new IllegalArgumentException("a 'same' convolution needs an odd kernel size (3, 5, 7 …) to pad "
                        + "both sides alike, not " + kernel + "; or write :valid");
            }
            if (!same && (kernel > in.height() || kernel > in.width())) {
                throw new IllegalArgumentException("a " + kernel + "×" + kernel + " kernel does not fit in the "
                        + in.height() + "×" + in.width() + " image it gets");
            }
            return same ? new Shape(filters, in.height(), in.width())
                    : new Shape(filters, in.height() - kernel + 1, in.width() - kernel + 1);
        }

        @Override
        public long parameters(Shape in) {
            return (long) filters * in.channels() * kernel * kernel + filters;
        }

        @Override
        public String spec() {
            return "conv" + kernel + "x" + filters + (same ? "" : ":valid")
                    + (activation == Activation.RELU ? "" : ":" + activation.word());
        }
    }

    public record Pool() implements Layer {
        @Override
        public Shape output(Shape in) {
            if (in.height() < 2 || in.width() < 2) {
                throw new IllegalArgumentException("2×2 pooling needs at least 2×2 pixels, but its input is "
                        + (in.flat() ? "a flat vector" : in.height() + "×" + in.width()));
            }
            return new Shape(in.channels(), in.height() / 2, in.width() / 2);
        }

        @Override
        public long parameters(Shape in) {
            return 0;
        }

        @Override
        public String spec() {
            return "pool2";
        }
    }

    public record Flatten() implements Layer {
        @Override
        public Shape output(Shape in) {
            return Shape.vector(in.size());
        }

        @Override
        public long parameters(Shape in) {
            return 0;
        }

        @Override
        public String spec() {
            return "flatten";
        }
    }

    /**
     * Checks the layers against the input and each other; the first problem is the exception's message. A
     * network whose first layer is dense reads its input as a flat vector, so its input is kept as one: the
     * seed's MLP is one network whether its 784 inputs were described as 28 × 28 pixels or not (and model
     * files of version 1, which know only sizes, read back the network that was saved).
     */
    public Architecture {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one layer");
        }
        if (layers.get(0) instanceof Dense) {
            input = Shape.vector(input.size());
        }
        if (!(layers.get(layers.size() - 1) instanceof Dense last) || last.activation() != Activation.NONE) {
            throw new IllegalArgumentException("the last layer must be a dense layer without activation (its outputs "
                    + "are the scores of the classes), not " + word(layers.get(layers.size() - 1), true));
        }
        Shape shape = input;
        long total = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer layer = layers.get(i);
            try {
                total += layer.parameters(shape);
                shape = layer.output(shape);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + (i + 1) + " (" + word(layer, i == layers.size() - 1) + "): "
                        + e.getMessage(), e);
            }
            if (total > MAX_PARAMETERS) {
                throw new IllegalArgumentException("layer " + (i + 1) + " (" + word(layer, i == layers.size() - 1)
                        + ") brings the network to "
                        + String.format(Locale.ROOT, "%,d", total) + " numbers; at most "
                        + String.format(Locale.ROOT, "%,d", MAX_PARAMETERS) + " fit");
            }
        }
    }

    /**
     * Reads a spec or a preset name for images of shape {@code input} and {@code classes} classes; the
     * last dense layer must have one unit per class. Messages name the layer and say what would work.
     */
    public static Architecture parse(String spec, Shape input, int classes) {
        String text = spec == null ? "" : spec.strip();
        String preset = PRESETS.get(text.toLowerCase(Locale.ROOT));
        if (preset != null) {
            text = preset;
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the network is empty; write layers such as "
                    + PRESETS.get(CNN_NAME) + ", or one of " + String.join(", ", presetNames()));
        }
        String[] words = text.split(",", -1);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < words.length; i++) {
            String word = words[i].strip().toLowerCase(Locale.ROOT);
            try {
                layers.add(layer(word, i == words.length - 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("layer " + (i + 1) + " ('" + words[i].strip() + "'): " + e.getMessage(), e);
            }
        }
        if (layers.get(layers.size() - 1) instanceof Dense last && last.width() != classes) {
            throw new IllegalArgumentException("the last layer (" + word(last, true) + ") must have one unit per class: dense"
                    + classes);
        }
        return new Architecture(input, layers);
    }

    public static List<String> presetNames() {
        return List.of(MLP_NAME, TINY_NAME, CNN_NAME);
    }

    /** The spec of a preset, e.g. {@code conv5x16,pool2,conv5x32,pool2,dense128,dense10} for "cnn". */
    public static String preset(String name) {
        String spec = PRESETS.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no network is called '" + name + "'; there are "
                    + String.join(", ", presetNames()));
        }
        return spec;
    }

    private static Layer layer(String word, boolean last) {
        String[] parts = word.split(":", -1);
        String head = parts[0];
        if (head.isEmpty()) {
            throw new IllegalArgumentException("empty; two commas in a row?");
        }
        if (head.equals("pool2") || head.equals("flatten")) {
            if (parts.length > 1) {
                throw new IllegalArgumentException(head + " takes no options");
            }
            return head.equals("pool2") ? new Pool() : new Flatten();
        }
        if (head.startsWith("pool")) {
            throw new IllegalArgumentException("only 2×2 pooling is built in: pool2");
        }
        if (head.startsWith("dense")) {
            int width = number(head.substring(5), "dense needs a number of units, as in dense128");
            Activation activation = last ? Activation.NONE : Activation.RELU;
            for (int p = 1; p < parts.length; p++) {
                activation = activation(parts[p], "dense");
            }
            return new Dense(width, activation);
        }
        if (head.startsWith("conv")) {
            String[] kf = head.substring(4).split("x", -1);
            if (kf.length != 2) {
                throw new IllegalArgumentException("conv needs a kernel size and a number of filters, as in conv5x16");
            }
            int kernel = number(kf[0], "conv needs a kernel size, as in conv5x16");
            int filters = number(kf[1], "conv needs a number of filters, as in conv5x16");
            boolean same = true;
            Activation activation = Activation.RELU;
            for (int p = 1; p < parts.length; p++) {
                if (parts[p].equals("same") || parts[p].equals("valid")) {
                    same = parts[p].equals("same");
                } else {
                    activation = activation(parts[p], "conv");
                }
            }
            return new Conv(kernel, filters, same, activation);
        }
        throw new IllegalArgumentException("not a layer; the layers are denseN, convKxF, pool2 and flatten");
    }

    private static Activation activation(String word, String layer) {
        Activation a = Activation.of(word);
        if (a != null) {
            return a;
        }
        throw new IllegalArgumentException("'" + word + "' is not an option of " + layer + "; write relu, tanh, sigmoid"
                + " or none" + (layer.equals("conv") ? ", and same or valid" : ""));
    }

    private static int number(String digits, String need) {
        if (digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(need);
        }
        if (digits.length() > 4 || Integer.parseInt(digits) > MAX_SIZE) {
            throw new IllegalArgumentException(digits + " is more than the " + MAX_SIZE + " this tool allows");
        }
        int n = Integer.parseInt(digits);
        if (n < 1) {
            throw new IllegalArgumentException("sizes start at 1, not 0");
        }
        return n;
    }

    /** The spec, written back in its shortest form (presets spelt out). */
    public String spec() {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            words.add(word(layers.get(i), i == layers.size() - 1));
        }
        return String.join(",", words);
    }

    /** A layer as the spec writes it where it stands: the last dense layer's "no activation" goes unsaid. */
    private static String word(Layer layer, boolean last) {
        return last && layer instanceof Dense d && d.activation() == Activation.NONE ? "dense" + d.width() : layer.spec();
    }

    /** The shape of the input and then of each layer's output. */
    public List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        Shape shape = input;
        shapes.add(shape);
        for (Layer layer : layers) {
            shape = layer.output(shape);
            shapes.add(shape);
        }
        return shapes;
    }

    /** How many weights and biases the network holds. */
    public long parameterCount() {
        long total = 0;
        Shape shape = input;
        for (Layer layer : layers) {
            total += layer.parameters(shape);
            shape = layer.output(shape);
        }
        return total;
    }

    /**
     * The multi-layer perceptron with layer sizes n₀ → n₁ → … → n_L: dense layers with ReLU between them
     * and none after the last, over a flat input of n₀ numbers.
     */
    public static Architecture denseRelu(int[] sizes) {
        if (sizes.length < 2) {
            throw new IllegalArgumentException("layer sizes " + Arrays.toString(sizes)
                    + ": need at least an input and an output size");
        }
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] < 1) {
                throw new IllegalArgumentException("layer sizes " + Arrays.toString(sizes) + ": size " + i
                        + " is " + sizes[i]);
            }
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 1; i < sizes.length; i++) {
            layers.add(new Dense(sizes[i], i + 1 < sizes.length ? Activation.RELU : Activation.NONE));
        }
        return new Architecture(Shape.vector(sizes[0]), layers);
    }

    /** The name and shape of one parameter matrix, e.g. K1 (16 × 25) or b3 (1 × 128). */
    public record ParameterShape(String name, int rows, int cols) {
        public int size() {
            return rows * cols;
        }

        @Override
        public String toString() {
            return name + " (" + rows + "×" + cols + ")";
        }
    }

    /**
     * The parameters the network holds, along it: for each convolution its kernels Kᵢ (F × C·k·k, one row
     * per filter) and bias bᵢ (1 × F); for each dense layer its weights Wᵢ (width × inputs, one row per unit)
     * and bias bᵢ (1 × width). i counts the layers that hold parameters, from 1.
     */
    public List<ParameterShape> parameterShapes() {
        List<ParameterShape> shapes = new ArrayList<>();
        Shape shape = input;
        int number = 0;
        for (Layer layer : layers) {
            if (layer instanceof Conv c) {
                number++;
                shapes.add(new ParameterShape("K" + number, c.filters(), shape.channels() * c.kernel() * c.kernel()));
                shapes.add(new ParameterShape("b" + number, 1, c.filters()));
            } else if (layer instanceof Dense d) {
                number++;
                shapes.add(new ParameterShape("W" + number, d.width(), shape.size()));
                shapes.add(new ParameterShape("b" + number, 1, d.width()));
            }
            shape = layer.output(shape);
        }
        return shapes;
    }

    /** How many numbers each image brings (channels × height × width of the input). */
    public int inputSize() {
        return input.size();
    }

    /** How many classes the network tells apart: the last layer's width. */
    public int classes() {
        return ((Dense) layers.get(layers.size() - 1)).width();
    }

    /** Whether every layer is dense (an MLP, whatever its activations). */
    public boolean isDenseOnly() {
        return layers.stream().allMatch(l -> l instanceof Dense);
    }

    /**
     * The flat sizes of a dense-only network: its input size, then each layer's width (784, 128, 64, 10).
     *
     * @throws IllegalStateException for a network with convolutions, pooling or flatten
     */
    public int[] denseSizes() {
        if (!isDenseOnly()) {
            throw new IllegalStateException(spec() + " is not a stack of dense layers");
        }
        int[] sizes = new int[layers.size() + 1];
        sizes[0] = input.size();
        for (int i = 0; i < layers.size(); i++) {
            sizes[i + 1] = ((Dense) layers.get(i)).width();
        }
        return sizes;
    }

    /** Whether this is a plain stack of dense layers with ReLU between them (the seed's kind of MLP). */
    public boolean isReluMlp() {
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof Dense d) || d.activation() != (i + 1 < layers.size() ? Activation.RELU
                    : Activation.NONE)) {
                return false;
            }
        }
        return true;
    }
}
