package digitlab.app.draw;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import digitlab.app.widgets.ColourScale;
import digitlab.nn.Architecture;
import digitlab.nn.Classifier;
import digitlab.nn.Parameters;

/**
 * The feature maps of every convolution layer for one image: what each filter found where, after the layer's
 * activation. Plain data, copied off the classifier on the reading thread, so the UI may keep it.
 *
 * @param layers one per convolution layer, in the network's order (empty for a network without convolutions)
 */
public record FeatureMaps(List<Layer> layers) {
    /** No convolution layers, or nothing read. */
    public static final FeatureMaps NONE = new FeatureMaps(List.of());

    public FeatureMaps {
        layers = List.copyOf(layers);
    }

    /**
     * One convolution layer's maps.
     *
     * @param number  1 for the first convolution layer, 2 for the second …
     * @param layer   its index along {@link Architecture#layers()} (for {@link Classifier#layerOutput})
     * @param kernel  its filters' side
     * @param maps    how many maps (filters)
     * @param height  each map's height
     * @param width   each map's width
     * @param values  the maps one after another, map m's pixel (y, x) at {@code m·height·width + y·width + x}
     * @param largest the largest |value| in the whole layer (0 when all are 0): the colour scale's end
     * @param inputs  how many channels each filter reads
     * @param kernels the filters' weights, filter f's kernel for input channel c at
     *                {@code (f·inputs + c)·kernel²}, row by row (shared, never modified; null when not known)
     */
    public record Layer(int number, int layer, int kernel, int maps, int height, int width, float[] values,
            float largest, int inputs, float[] kernels) {
        /** The largest |weight| of filter {@code f} over all its input channels: its tiles' colour scale. */
        public double kernelLargest(int f) {
            int size = inputs * kernel * kernel;
            double max = 0;
            for (int i = f * size; i < (f + 1) * size; i++) {
                max = Math.max(max, Math.abs(kernels[i]));
            }
            return max;
        }

        /** "conv 1: 16 filters 5×5, 28×28". */
        public String title() {
            return "conv " + number + ": " + maps + " filters " + kernel + "×" + kernel + ", " + height + "×" + width;
        }

        /** The values of map {@code m} (a copy). */
        public float[] map(int m) {
            float[] out = new float[height * width];
            System.arraycopy(values, m * out.length, out, 0, out.length);
            return out;
        }

        /** The largest value of map {@code m} (−∞ for none). */
        public float mapMax(int m) {
            float max = Float.NEGATIVE_INFINITY;
            int size = height * width;
            for (int i = m * size; i < (m + 1) * size; i++) {
                max = Math.max(max, values[i]);
            }
            return max;
        }

        /** The largest |value| of map {@code m} (0 when all are 0). */
        public float mapLargest(int m) {
            float max = 0;
            int size = height * width;
            for (int i = m * size; i < (m + 1) * size; i++) {
                max = Math.max(max, Math.abs(values[i]));
            }
            return max;
        }

        /** The colour scale's end, "3.42", as the legend writes it. */
        public String largestText() {
            return FeatureMaps.number(largest);
        }
    }

    /** Whether there is nothing to show. */
    public boolean isEmpty() {
        return layers.isEmpty();
    }

    /** Whether {@code architecture} has a convolution layer, so that the Draw view shows feature maps. */
    public static boolean hasConvolutions(Architecture architecture) {
        return architecture.layers().stream().anyMatch(l -> l instanceof Architecture.Conv);
    }

    /**
     * Each convolution layer's kernels in {@code parameters} (copies, one per convolution layer): made once per
     * model, shared by every reading.
     */
    public static List<float[]> kernels(Parameters parameters) {
        List<float[]> out = new ArrayList<>();
        int p = 0;
        for (Architecture.Layer layer : parameters.architecture().layers()) {
            if (layer instanceof Architecture.Conv) {
                out.add(parameters.weight(p).data.clone());
            }
            if (layer instanceof Architecture.Conv || layer instanceof Architecture.Dense) {
                p++;
            }
        }
        return out;
    }

    /**
     * Copies each convolution layer's output for the image last given to {@code classifier.probabilities}
     * (allocates one array per layer; the classifier is not modified), without kernels.
     */
    public static FeatureMaps of(Classifier classifier) {
        return of(classifier, null);
    }

    /** {@link #of(Classifier)} with each layer's kernels from {@code kernels} ({@link #kernels}; null: none). */
    public static FeatureMaps of(Classifier classifier, List<float[]> kernels) {
        Architecture architecture = classifier.architecture();
        List<Architecture.Shape> shapes = architecture.shapes();
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < architecture.layers().size(); i++) {
            if (architecture.layers().get(i) instanceof Architecture.Conv conv) {
                Architecture.Shape shape = shapes.get(i + 1);
                float[] values = classifier.layerOutput(i, new float[shape.size()]);
                layers.add(new Layer(layers.size() + 1, i, conv.kernel(), shape.channels(), shape.height(),
                        shape.width(), values, (float) ColourScale.maxAbs(values), shapes.get(i).channels(),
                        kernels == null ? null : kernels.get(layers.size())));
            }
        }
        return new FeatureMaps(layers);
    }

    /** A value as the maps' captions write it: three significant figures. */
    static String number(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
