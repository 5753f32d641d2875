package digitlab.image;

/**
 * Resampling by area averaging: each output pixel is the exact mean of the input over the area the
 * output pixel covers, input pixels covered in part counting in proportion to the part covered.
 * The same rule serves for shrinking a photo (an output pixel covers many input pixels) and for
 * enlarging a small drawing (an input pixel spreads over several output pixels).
 *
 * <p>Geometry, per axis, in pixel-centre coordinates (pixel {@code i} covers {@code [i-½, i+½]}): an
 * input coordinate {@code x} lands at {@code u = scale·x + offset}. Output pixel {@code o} therefore
 * sees the input interval {@code [(o-½-offset)/scale, (o+½-offset)/scale]}, of length {@code 1/scale},
 * and input pixel {@code i} gets weight {@code scale × (length of its overlap with that interval)}.
 * The weights of an output pixel fully covered by input sum to 1. The map is separable, so the image
 * is resampled along rows, then along columns. Input outside a given window counts as zero.
 */
final class AreaAverage {

    private AreaAverage() {
    }

    /**
     * Which input pixels each output pixel of one axis takes, and with what weights: output {@code o}
     * takes inputs {@code first[o] .. first[o]+count[o]-1}, weighted {@code weights[o*stride + k]}.
     */
    record AxisWeights(int from, int to, int[] first, int[] count, float[] weights, int stride) {

        int outputs() {
            return first.length;
        }
    }

    /**
     * The weights for mapping input pixels {@code from .. to-1} (others count as zero) onto
     * {@code outputs} output pixels by {@code u = scale·x + offset}.
     */
    static AxisWeights axisWeights(int from, int to, double scale, double offset, int outputs) {
        if (!(scale > 0) || from >= to) {
            throw new IllegalArgumentException("need a positive scale and a non-empty input range");
        }
        // an interval of length 1/scale meets at most ceil(1/scale)+1 unit cells; one more in case
        // rounding of its ends takes in a neighbour (it then gets weight 0)
        int stride = (int) Math.ceil(1 / scale) + 2;
        int[] first = new int[outputs];
        int[] count = new int[outputs];
        float[] weights = new float[outputs * stride];
        for (int o = 0; o < outputs; o++) {
            double a = (o - 0.5 - offset) / scale;
            double b = (o + 0.5 - offset) / scale;
            // cells [i-½, i+½] meeting (a, b): i+½ > a and i-½ < b
            int lo = Math.max(from, (int) Math.floor(a + 0.5));
            int hi = Math.min(to - 1, (int) Math.ceil(b + 0.5) - 1);
            first[o] = lo;
            int n = 0;
            for (int i = lo; i <= hi; i++) {
                double overlap = Math.min(b, i + 0.5) - Math.max(a, i - 0.5);
                weights[o * stride + n] = (float) Math.max(0, overlap * scale);
                n++;
            }
            count[o] = n;
        }
        return new AxisWeights(from, to, first, count, weights, stride);
    }

    /**
     * Resamples {@code src} (rows of {@code srcWidth}) into a new {@code xs.outputs()×ys.outputs()}
     * image; only input columns {@code xs.from()..xs.to()-1} and rows {@code ys.from()..ys.to()-1} are
     * read.
     */
    static float[] resample(float[] src, int srcWidth, AxisWeights xs, AxisWeights ys) {
        int outW = xs.outputs(), outH = ys.outputs();
        int[] xFirst = xs.first(), xCount = xs.count();
        float[] xWeights = xs.weights();
        int xStride = xs.stride();

        // along rows: each input row of the window becomes one row of outW values
        float[] rows = new float[(ys.to() - ys.from()) * outW];
        for (int y = ys.from(); y < ys.to(); y++) {
            int in = y * srcWidth, out = (y - ys.from()) * outW;
            for (int o = 0; o < outW; o++) {
                float sum = 0;
                for (int k = 0, w = o * xStride, i = in + xFirst[o]; k < xCount[o]; k++, w++, i++) {
                    sum += xWeights[w] * src[i];
                }
                rows[out + o] = sum;
            }
        }

        // along columns: output row o is the weighted sum of the row results it covers
        float[] dst = new float[outW * outH];
        for (int o = 0; o < outH; o++) {
            int out = o * outW;
            for (int k = 0; k < ys.count()[o]; k++) {
                float weight = ys.weights()[o * ys.stride() + k];
                int row = (ys.first()[o] + k - ys.from()) * outW;
                for (int x = 0; x < outW; x++) {
                    dst[out + x] += weight * rows[row + x];
                }
            }
        }
        return dst;
    }

    /** Stretches the whole of {@code src} ({@code srcW×srcH}) onto the whole of a new {@code dstW×dstH}. */
    static float[] resize(float[] src, int srcW, int srcH, int dstW, int dstH) {
        return resample(src, srcW, wholeAxis(srcW, dstW), wholeAxis(srcH, dstH));
    }

    /** Edge onto edge: {@code -½ ↦ -½} and {@code n-½ ↦ m-½}. */
    private static AxisWeights wholeAxis(int n, int m) {
        double scale = (double) m / n;
        return axisWeights(0, n, scale, 0.5 * (scale - 1), m);
    }
}
