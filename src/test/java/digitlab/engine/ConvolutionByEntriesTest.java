package digitlab.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import digitlab.engine.kernels.Kernels;
import digitlab.engine.kernels.Runs;

/**
 * A convolution's backward step taken from the non-zero entries of its output gradient (behind a ReLU and
 * max pooling), against sums written out here, with the vector and the plain runs.
 */
class ConvolutionByEntriesTest {

    /** batch, channels, height, width, filters, k, same padding: kernel rows k·C of 16 to 200 numbers. */
    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(1, 16, 4, 4, 2, 1, false), // rows of exactly one 16-float vector
                Arguments.of(2, 4, 6, 5, 3, 5, true), // 20: a vector and a tail
                Arguments.of(3, 6, 7, 6, 4, 3, false), // 18, valid
                Arguments.of(1, 32, 5, 5, 3, 3, true), // 96: a block of 4 vectors and 2 more
                Arguments.of(2, 40, 3, 4, 2, 5, true), // 200: a kernel wider than the image, blocks, vectors and a tail
                Arguments.of(5, 16, 14, 14, 8, 5, true)); // the CNN's second layer, fewer filters
    }

    static Stream<Arguments> shapesAndRuns() {
        return shapes().flatMap(a -> Stream.of(Kernels.runs(), Kernels.plainRuns()).map(runs -> {
            Object[] args = a.get();
            return Arguments.of(args[0], args[1], args[2], args[3], args[4], args[5], args[6], runs);
        }));
    }

    @ParameterizedTest(name = "{0}×({1}·{2}·{3}), {4} filters {5}×{5}, same {6}, {7}")
    @MethodSource("shapesAndRuns")
    void backwardByEntriesAddsTheSumsOfEveryNonZeroGradientIntoTheKernelsBiasAndImages(int batch, int channels,
            int height, int width, int filters, int k, boolean same, Runs runs) {
        Random r = new Random(batch * 31L + channels * 7L + height + width * 3L + filters + k);
        int pad = same ? (k - 1) / 2 : 0, outH = same ? height : height - k + 1, outW = same ? width : width - k + 1;
        float[] x = random(batch * channels * height * width, 1, r);
        FMatrixRMaj kernels = new FMatrixRMaj(filters, channels * k * k);
        kernels.data = random(filters * channels * k * k, 1, r);
        float[] gy = random(batch * filters * outH * outW, 0.25, r); // a quarter non-zero, as behind 2×2 pooling
        Convolution conv = new Convolution(Kernels.best(), runs, batch, channels, height, width, k, pad, outH, outW,
                filters);
        // what was there before, to see that the gradients are added to it (the kernels' are overwritten)
        float[] gb = random(filters, 1, r), gx = random(x.length, 1, r);
        float[] gbBefore = gb.clone(), gxBefore = gx.clone();
        FMatrixRMaj gk = new FMatrixRMaj(filters, channels * k * k);
        gk.fill(Float.NaN);

        assertTrue(conv.goesByEntries(gy));
        conv.backward(x, kernels, gy, gb, gk, true, gx);

        int q = outH * outW;
        for (int f = 0; f < filters; f++) {
            double bias = gbBefore[f];
            for (int n = 0; n < batch; n++) {
                for (int i = 0; i < q; i++) {
                    bias += gy[(n * filters + f) * q + i];
                }
            }
            assertEquals(bias, gb[f], 1e-4, "∂L/∂b[" + f + "]");
            for (int c = 0; c < channels; c++) {
                for (int u = 0; u < k; u++) {
                    for (int v = 0; v < k; v++) {
                        double sum = 0;
                        for (int n = 0; n < batch; n++) {
                            for (int i = 0; i < outH; i++) {
                                for (int j = 0; j < outW; j++) {
                                    int row = i + u - pad, col = j + v - pad;
                                    if (row >= 0 && row < height && col >= 0 && col < width) {
                                        sum += (double) gy[((n * filters + f) * outH + i) * outW + j]
                                                * x[((n * channels + c) * height + row) * width + col];
                                    }
                                }
                            }
                        }
                        assertEquals(sum, gk.get(f, (c * k + u) * k + v), 1e-4 * Math.max(1, Math.abs(sum)),
                                "∂L/∂K[" + f + ", " + c + ", " + u + ", " + v + "]");
                    }
                }
            }
        }
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                for (int row = 0; row < height; row++) {
                    for (int col = 0; col < width; col++) {
                        int at = ((n * channels + c) * height + row) * width + col;
                        double sum = gxBefore[at];
                        for (int f = 0; f < filters; f++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int i = row - u + pad, j = col - v + pad;
                                    if (i >= 0 && i < outH && j >= 0 && j < outW) {
                                        sum += (double) gy[((n * filters + f) * outH + i) * outW + j]
                                                * kernels.get(f, (c * k + u) * k + v);
                                    }
                                }
                            }
                        }
                        assertEquals(sum, gx[at], 1e-4 * Math.max(1, Math.abs(sum)), "∂L/∂x at " + at);
                    }
                }
            }
        }
    }

    @Test
    void kernelGradientsByEntriesAreAddedWhenNotOverwritten() {
        Random r = new Random(3);
        Convolution conv = new Convolution(Kernels.best(), Kernels.runs(), 2, 4, 5, 5, 5, 2, 5, 5, 2);
        float[] x = random(2 * 4 * 25, 1, r), gy = random(2 * 2 * 25, 0.2, r);
        FMatrixRMaj kernels = new FMatrixRMaj(2, 100);
        kernels.data = random(200, 1, r);
        FMatrixRMaj once = new FMatrixRMaj(2, 100), twice = new FMatrixRMaj(2, 100);

        conv.backward(x, kernels, gy, null, once, true, null);
        conv.backward(x, kernels, gy, null, twice, true, null);
        conv.backward(x, kernels, gy, null, twice, false, null);

        for (int i = 0; i < once.data.length; i++) {
            assertEquals(2 * once.data[i], twice.data[i], 1e-5 * Math.max(1, Math.abs(once.data[i])));
        }
    }

    @Test
    void aDenseGradientOrShortKernelRowsGoThroughTheProducts() {
        Random r = new Random(5);
        Convolution wide = new Convolution(Kernels.best(), Kernels.runs(), 4, 16, 6, 6, 5, 2, 6, 6, 8);
        Convolution firstLayer = new Convolution(Kernels.best(), Kernels.runs(), 4, 1, 6, 6, 5, 2, 6, 6, 8);

        assertTrue(wide.goesByEntries(random(4 * 8 * 36, 0.25, r)));
        assertFalse(wide.goesByEntries(random(4 * 8 * 36, 0.9, r)), "a dense gradient");
        assertFalse(firstLayer.goesByEntries(random(4 * 8 * 36, 0.25, r)), "rows of 5 numbers");
    }

    @Test
    void aConvolutionWhoseGradientIsMostlyZeroHasCorrectGradientsThroughTheGraph() {
        Random r = new Random(11);
        Tensor x = parameter("x", 3, 8 * 6 * 6, 1, r), kernels = parameter("K", 4, 8 * 3 * 3, 1, r);
        Tensor bias = parameter("b", 1, 4, 1, r);
        Tensor mask = Tensor.constant(matrix(3, 4 * 6 * 6, 0.2, r)); // ∂L/∂y: a fifth non-zero

        Tensor loss = x.conv2d(kernels, bias, 8, 6, 6, true).mul(mask).sum();

        GradientCheck.Result result = GradientCheck.check(loss, 1e-2, 11, x, kernels, bias);
        assertTrue(result.maxError() < 1e-2, result.toString());
    }

    /** n numbers in [−1, 1), each non-zero with probability {@code density}. */
    private static float[] random(int n, double density, Random r) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble() < density ? (float) (r.nextDouble() * 2 - 1) : 0f;
        }
        return a;
    }

    private static FMatrixRMaj matrix(int rows, int cols, double density, Random r) {
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        m.data = random(rows * cols, density, r);
        return m;
    }

    private static Tensor parameter(String name, int rows, int cols, double density, Random r) {
        return Tensor.parameter(name, matrix(rows, cols, density, r));
    }
}
