package digitlab.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Convolution, 2×2 max pooling and reshape: forward against direct loops written out here, backward
 * against finite differences, shape errors, and a warm step of a convolutional layer allocates nothing.
 */
class ConvolutionTest {
    private static final double H = 1e-2;
    private static final double TOLERANCE = 1e-2;

    // ---------------------------------------------------------------- conv2d

    /** batch, channels, height, width, filters, k, same padding. */
    static Stream<Arguments> convolutionShapes() {
        return Stream.of(
                Arguments.of(1, 1, 5, 7, 2, 3, true),
                Arguments.of(3, 3, 6, 6, 4, 5, true),
                Arguments.of(3, 1, 1, 1, 2, 1, true),
                Arguments.of(1, 1, 1, 1, 1, 1, false),
                Arguments.of(1, 3, 5, 7, 3, 3, false),
                Arguments.of(3, 3, 6, 6, 2, 5, false),
                Arguments.of(3, 2, 7, 5, 3, 1, false),
                Arguments.of(1, 1, 2, 2, 1, 5, true), // a kernel wider than the image: mostly padding
                Arguments.of(3, 1, 4, 3, 2, 2, false), // even k, valid
                Arguments.of(1, 2, 6, 5, 1, 3, true));
    }

    @ParameterizedTest(name = "{0}×({1}·{2}·{3}), {4} filters {5}×{5}, same {6}")
    @MethodSource("convolutionShapes")
    void convolutionEqualsTheDirectSumOverEveryChannelAndKernelPosition(int batch, int channels, int height, int width,
            int filters, int k, boolean same) {
        Random r = new Random(batch * 1000L + channels * 100L + height * 10L + width + k * 7L + (same ? 1 : 0));
        Tensor x = random("x", batch, channels * height * width, r);
        Tensor kernels = random("K", filters, channels * k * k, r), bias = random("b", 1, filters, r);

        Tensor y = x.conv2d(kernels, bias, channels, height, width, same);

        FMatrixRMaj expected = directConvolution(x.value(), kernels.value(), bias.value(), channels, height, width, k, same);
        assertEquals(expected.numRows, y.rows());
        assertEquals(expected.numCols, y.cols());
        assertClose(expected, y.value(), 1e-4);
    }

    @ParameterizedTest(name = "{0}×({1}·{2}·{3}), {4} filters {5}×{5}, same {6}")
    @MethodSource("convolutionShapes")
    void convolutionHasCorrectGradientsForTheImagesTheKernelsAndTheBias(int batch, int channels, int height, int width,
            int filters, int k, boolean same) {
        Random r = new Random(batch * 999L + channels * 101L + height * 11L + width + k * 5L + (same ? 1 : 0));
        Tensor x = random("x", batch, channels * height * width, r);
        Tensor kernels = random("K", filters, channels * k * k, r), bias = random("b", 1, filters, r);

        assertAgrees("conv2d", x.conv2d(kernels, bias, channels, height, width, same), x, kernels, bias);
    }

    @Test
    void convolutionWithSamePaddingKeepsTheImageSize() {
        Tensor x = Tensor.input("x", 2, 3 * 7 * 5);
        Tensor y = x.conv2d(Tensor.input("K", 4, 3 * 5 * 5), Tensor.input("b", 1, 4), 3, 7, 5, true);

        assertEquals("2×140", y.shape()); // 4 filters of 7×5
        assertEquals("conv2d", y.op());
        assertEquals("5×5, 4 filters, same", y.detail());
    }

    @Test
    void aValidConvolutionShrinksTheImageByTheKernelSizeLessOne() {
        Tensor x = Tensor.input("x", 2, 28 * 28);
        Tensor y = x.conv2d(Tensor.input("K", 16, 5 * 5), Tensor.input("b", 1, 16), 1, 28, 28, false);

        assertEquals("2×" + 16 * 24 * 24, y.shape());
        assertEquals("5×5, 16 filters, valid", y.detail());
    }

    @Test
    void aZeroPaddedCornerSeesOnlyThePixelsInsideTheImage() {
        // 3×3 image 1..9, a 3×3 kernel of ones, same padding: the top-left output sums the 2×2 corner 1+2+4+5
        FMatrixRMaj image = new FMatrixRMaj(1, 9, true, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        FMatrixRMaj ones = new FMatrixRMaj(1, 9);
        ones.fill(1f);
        Tensor y = Tensor.constant(image).conv2d(Tensor.constant(ones), Tensor.constant(new FMatrixRMaj(1, 1)), 1, 3, 3, true);

        assertArrayEquals(new float[] {12, 21, 16, 27, 45, 33, 24, 39, 28}, y.value().data);
    }

    @Test
    void kernelsAndImagesUsedTwiceGetTheSumOfBothGradients() {
        Random r = new Random(8);
        Tensor x = random("x", 2, 2 * 5 * 4, r), kernels = random("K", 3, 2 * 3 * 3, r);
        Tensor b1 = random("b1", 1, 3, r), b2 = random("b2", 1, 3, r);
        Tensor same = x.conv2d(kernels, b1, 2, 5, 4, true);
        Tensor valid = x.conv2d(kernels, b2, 2, 5, 4, false);
        Tensor y = same.tanh().sum().add(valid.mul(valid).sum()).add(kernels.sin().sum());

        assertAgrees("shared", y, x, kernels, b1, b2);
        assertAgrees("shared, second pass", y, x, kernels, b1, b2);
    }

    @Test
    void aSmallConvolutionalNetworkHasCorrectGradientsEverywhere() {
        Random r = new Random(21);
        Tensor x = distinct("x", 3, 1 * 6 * 6, r);
        Tensor k1 = random("K1", 2, 1 * 3 * 3, r), b1 = random("b1", 1, 2, r);
        Tensor k2 = random("K2", 3, 2 * 3 * 3, r), b2 = random("b2", 1, 3, r);
        Tensor w = random("W", 3 * 1 * 1, 4, r), bw = random("bw", 1, 4, r);
        Tensor features = x.conv2d(k1, b1, 1, 6, 6, true).tanh().maxPool2(2, 6, 6) // 2×3×3
                .conv2d(k2, b2, 2, 3, 3, false).tanh(); // 3×1×1
        Tensor loss = features.matmul(w).addRowVector(bw).logSoftmax().crossEntropy(0, 3, 1);

        assertAgrees("network", loss, k1, b1, k2, b2, w, bw);
    }

    @Test
    void onlyTheInputsThatNeedAGradientGetOne() {
        Random r = new Random(4);
        Tensor x = random("x", 2, 4 * 4, r).requireGrad(false);
        Tensor kernels = random("K", 2, 3 * 3, r), bias = random("b", 1, 2, r).requireGrad(false);
        Tensor y = x.conv2d(kernels, bias, 1, 4, 4, true);

        assertAgrees("kernels alone", y, kernels);
        assertTrue(isZero(x.grad()), "the images asked for no gradient");
        assertTrue(isZero(bias.grad()), "the bias asked for no gradient");
    }

    // ---------------------------------------------------------------- conv2d's shape errors

    @Test
    void imagesWhoseRowsAreNotChannelsTimesHeightTimesWidthAreRefused() {
        Tensor x = Tensor.input("x", 2, 50);
        ShapeException e = assertThrows(ShapeException.class,
                () -> x.conv2d(Tensor.input("K", 4, 9), Tensor.input("b", 1, 4), 1, 7, 7, true));
        assertEquals("conv2d: shapes 2×50 and images of 1×7×7 do not fit "
                + "(a row of 1×7×7 pixels has 49 columns, not 50)", e.getMessage());
    }

    @Test
    void kernelsThatAreNotChannelsTimesASquareAreRefused() {
        Tensor x = Tensor.input("x", 2, 2 * 5 * 5);
        ShapeException e = assertThrows(ShapeException.class,
                () -> x.conv2d(Tensor.input("K", 4, 10), Tensor.input("b", 1, 4), 2, 5, 5, true));
        assertEquals("conv2d: shapes 2×50 (images of 2×5×5) and 4×10 (kernels) do not fit (a filter row must hold "
                + "2 channels of k×k weights, and 10 columns is not 2·k·k for any whole k)", e.getMessage());
        // 9 columns would be one channel of 3×3, but these images have two
        assertThrows(ShapeException.class,
                () -> x.conv2d(Tensor.input("K", 4, 9), Tensor.input("b", 1, 4), 2, 5, 5, true));
    }

    @Test
    void aBiasThatIsNotOneNumberPerFilterIsRefused() {
        Tensor x = Tensor.input("x", 2, 25), kernels = Tensor.input("K", 4, 9);
        ShapeException e = assertThrows(ShapeException.class,
                () -> x.conv2d(kernels, Tensor.input("b", 1, 3), 1, 5, 5, true));
        assertEquals("conv2d: shapes 4×9 (kernels) and 1×3 (bias) do not fit "
                + "(the bias must be one number per filter, 1×4)", e.getMessage());
        assertThrows(ShapeException.class, () -> x.conv2d(kernels, Tensor.input("b", 4, 1), 1, 5, 5, true));
    }

    @Test
    void samePaddingNeedsAnOddKernel() {
        Tensor x = Tensor.input("x", 2, 25);
        ShapeException e = assertThrows(ShapeException.class,
                () -> x.conv2d(Tensor.input("K", 3, 16), Tensor.input("b", 1, 3), 1, 5, 5, true));
        assertEquals("conv2d: shapes 3×16 (kernels) and images of 1×5×5 do not fit "
                + "(same padding needs an odd kernel size, and these kernels are 4×4)", e.getMessage());
    }

    @Test
    void aValidConvolutionNeedsTheKernelToFitInsideTheImage() {
        Tensor x = Tensor.input("x", 2, 4 * 6);
        ShapeException e = assertThrows(ShapeException.class,
                () -> x.conv2d(Tensor.input("K", 3, 25), Tensor.input("b", 1, 3), 1, 4, 6, false));
        assertEquals("conv2d: shapes 3×25 (kernels) and images of 1×4×6 do not fit "
                + "(a valid convolution needs the 5×5 kernel to fit inside the 4×6 image)", e.getMessage());
    }

    @Test
    void anEmptyImageIsRefused() {
        Tensor x = Tensor.input("x", 2, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.conv2d(Tensor.input("K", 1, 1), Tensor.input("b", 1, 1), 0, 2, 2, true));
        assertTrue(e.getMessage().startsWith("conv2d: an image of 0×2×2 (channels×height×width) is empty"), e.getMessage());
    }

    // ---------------------------------------------------------------- maxPool2

    static Stream<Arguments> poolingShapes() {
        return Stream.of(Arguments.of(1, 1, 2, 2), Arguments.of(3, 2, 6, 6), Arguments.of(2, 3, 5, 7),
                Arguments.of(1, 1, 3, 2), Arguments.of(2, 2, 4, 9));
    }

    @ParameterizedTest(name = "{0}×({1}·{2}·{3})")
    @MethodSource("poolingShapes")
    void maxPoolingTakesTheLargestOfEachTwoByTwoWindowAndDropsAnOddLastRowOrColumn(int batch, int channels, int height,
            int width) {
        Random r = new Random(batch * 100L + channels * 10L + height + width * 3L);
        Tensor x = random("x", batch, channels * height * width, r);

        Tensor y = x.maxPool2(channels, height, width);

        int outH = height / 2, outW = width / 2;
        FMatrixRMaj expected = new FMatrixRMaj(batch, channels * outH * outW);
        for (int n = 0; n < batch; n++) {
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        float max = Float.NEGATIVE_INFINITY;
                        for (int s = 0; s < 2; s++) {
                            for (int t = 0; t < 2; t++) {
                                max = Math.max(max, x.value().get(n, (c * height + 2 * i + s) * width + 2 * j + t));
                            }
                        }
                        expected.set(n, (c * outH + i) * outW + j, max);
                    }
                }
            }
        }
        assertEquals(expected.numRows, y.rows());
        assertEquals(expected.numCols, y.cols());
        assertClose(expected, y.value(), 0);
        assertEquals("maxpool", y.op());
    }

    @ParameterizedTest(name = "{0}×({1}·{2}·{3})")
    @MethodSource("poolingShapes")
    void maxPoolingSendsEachGradientToTheMaximum(int batch, int channels, int height, int width) {
        Random r = new Random(batch * 77L + channels * 13L + height + width * 5L);
        Tensor x = distinct("x", batch, channels * height * width, r); // no ties, no maximum changes within ±h

        assertAgrees("maxPool2", x.maxPool2(channels, height, width), x);
    }

    @Test
    void theDroppedLastRowAndColumnGetNoGradient() {
        // 3×3: the window is the top-left 2×2; the 9 in the dropped corner is no one's maximum
        Tensor x = Tensor.parameter("x", new FMatrixRMaj(1, 9, true, 1, 2, 7, 4, 3, 8, 5, 6, 9));
        Tensor y = x.maxPool2(1, 3, 3);

        y.sum().backward();

        assertArrayEquals(new float[] {4}, y.value().data);
        assertArrayEquals(new float[] {0, 0, 0, 1, 0, 0, 0, 0, 0}, x.grad().data);
    }

    @Test
    void onATieTheFirstMaximumInReadingOrderGetsTheGradient() {
        // two windows of a 2×4 image: all equal; and equal maxima at the bottom left and bottom right
        Tensor x = Tensor.parameter("x", new FMatrixRMaj(1, 8, true,
                2, 2, 1, 0,
                2, 2, 3, 3));
        Tensor y = x.maxPool2(1, 2, 4);

        y.backward(new FMatrixRMaj(1, 2, true, 10, 20));

        assertArrayEquals(new float[] {2, 3}, y.value().data);
        assertArrayEquals(new float[] {10, 0, 0, 0, 0, 0, 20, 0}, x.grad().data);
    }

    @Test
    void theMaximumIsFoundByValueNotBySizeAlonePositiveAndNegativeZeroBeingEqual() {
        // windows: −3 before 3; −0 before +0 (a tie: the first); 5 before −5; all negative
        Tensor x = Tensor.parameter("x", new FMatrixRMaj(1, 16, true,
                -3, 3, -0f, 0f, 5, -5, -4, -2,
                -1, 1, 0f, -0f, -5, 4, -3, -6));
        Tensor y = x.maxPool2(1, 2, 8);

        y.backward(new FMatrixRMaj(1, 4, true, 10, 20, 30, 40));

        assertArrayEquals(new float[] {3, 0, 5, -2}, y.value().data);
        assertArrayEquals(new float[] {0, 10, 20, 0, 30, 0, 0, 40, 0, 0, 0, 0, 0, 0, 0, 0}, x.grad().data);
    }

    @Test
    void aNaNInAWindowIsItsMaximumAndGetsItsGradient() {
        Tensor x = Tensor.parameter("x", new FMatrixRMaj(1, 4, true, 1, 2, Float.NaN, 3));
        Tensor y = x.maxPool2(1, 2, 2);

        y.backward(new FMatrixRMaj(1, 1, true, 7));

        assertTrue(Float.isNaN(y.value().get(0)), "the NaN shows");
        assertArrayEquals(new float[] {0, 0, 7, 0}, x.grad().data);
    }

    @Test
    void whereTwoNaNsShareAWindowTheFirstInReadingOrderGetsTheGradient() {
        // the same bits twice: which NaN Math.max returns when both are NaN depends on the JIT, not its bits
        Tensor x = Tensor.parameter("x", new FMatrixRMaj(1, 4, true, 1, Float.NaN, Float.NaN, 3));
        Tensor y = x.maxPool2(1, 2, 2);

        y.backward(new FMatrixRMaj(1, 1, true, 7));

        assertTrue(Float.isNaN(y.value().get(0)), "the NaN shows");
        assertArrayEquals(new float[] {0, 7, 0, 0}, x.grad().data);
    }

    @Test
    void maxPoolingOfARowThatIsNotChannelsTimesHeightTimesWidthIsRefused() {
        Tensor x = Tensor.input("x", 2, 30);
        ShapeException e = assertThrows(ShapeException.class, () -> x.maxPool2(2, 4, 4));
        assertEquals("maxPool2: shapes 2×30 and images of 2×4×4 do not fit (a row of 2×4×4 pixels has 32 columns, not 30)",
                e.getMessage());
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> Tensor.input("x", 2, 3).maxPool2(1, 1, 3));
        assertTrue(tooSmall.getMessage().contains("has no 2×2 window"), tooSmall.getMessage());
    }

    // ---------------------------------------------------------------- reshape

    @Test
    void reshapeKeepsTheNumbersInRowMajorOrderAndPassesTheGradientBack() {
        Random r = new Random(3);
        Tensor x = random("x", 2, 6, r);
        Tensor y = x.reshape(4, 3);

        assertEquals("4×3", y.shape());
        assertEquals("reshape", y.op());
        assertArrayEquals(x.value().data, y.value().data);
        FMatrixRMaj seed = new FMatrixRMaj(4, 3);
        for (int i = 0; i < 12; i++) {
            seed.data[i] = i - 5;
        }
        y.backward(seed);
        assertArrayEquals(seed.data, x.grad().data);
        assertAgrees("reshape", x.reshape(3, 4).mul(x.reshape(3, 4)).reshape(12, 1), x);
    }

    @Test
    void reshapeToADifferentElementCountIsRefusedNamingBothShapes() {
        Tensor x = Tensor.input("x", 2, 6);
        ShapeException e = assertThrows(ShapeException.class, () -> x.reshape(5, 2));
        assertEquals("reshape: shapes 2×6 and 5×2 do not fit (the new shape must hold the same 12 numbers)", e.getMessage());
    }

    // ---------------------------------------------------------------- a warm step allocates nothing

    private static final int BATCH = 8, FILTERS = 16, SIDE = 28, K = 5;

    /**
     * conv2d → relu → maxPool2, twice, → sum over 8 × (1·28·28) with 16 5×5 filters, same padding: the first
     * layer's backward goes through the products, the second's (16 channels) by the entries of its gradient.
     */
    private record Layer(Tensor x, Tensor kernels, Tensor bias, Tensor loss) {
        static Layer make(int batch, int channels, int side, int filters, int k, long seed) {
            Random r = new Random(seed);
            Tensor x = random("x", batch, channels * side * side, r);
            Tensor kernels = random("K", filters, channels * k * k, r), bias = random("b", 1, filters, r);
            Tensor kernels2 = random("K2", filters, filters * k * k, r), bias2 = random("b2", 1, filters, r);
            int half = side / 2;
            Tensor loss = x.conv2d(kernels, bias, channels, side, side, true).relu().maxPool2(filters, side, side)
                    .conv2d(kernels2, bias2, filters, half, half, true).relu().maxPool2(filters, half, half).sum();
            return new Layer(x, kernels, bias, loss);
        }

        void step() {
            x.changed();
            loss.backward();
        }
    }

    /**
     * Warms a step up, then prints the least bytes 100 steps allocated over four windows, and the
     * kernels' gradient's first value (which the step computed).
     */
    public static void main(String[] args) {
        Layer layer = Layer.make(BATCH, 1, SIDE, FILTERS, K, 6);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int n = 0; n < 400; n++) {
            layer.step();
        }
        long allocated = Long.MAX_VALUE;
        for (int w = 0; w < 4; w++) {
            long before = threads.getThreadAllocatedBytes(thread);
            for (int n = 0; n < 100; n++) {
                layer.step();
            }
            allocated = Math.min(allocated, threads.getThreadAllocatedBytes(thread) - before);
        }
        System.out.println(allocated + " " + layer.kernels().grad().get(0));
    }

    /** In a JVM of its own with the plain-Java products, as StepReuseTest does (the kernels' allocation is MatMulTest's). */
    @Test
    @Tag("slow")
    void aWarmConvolutionReluPoolingStepAllocatesNothing() throws Exception {
        List<String> command = List.of(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ConvolutionTest.class.getName());
        java.io.File out = java.io.File.createTempFile("conv-allocation", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        String[] printed = java.nio.file.Files.readString(out.toPath()).strip().split(" ");
        out.delete();
        assertEquals(0, p.exitValue());

        long allocated = Long.parseLong(printed[0]);
        assertTrue(allocated < 1024, "100 warm steps allocated " + allocated + " bytes");
        assertTrue(Float.parseFloat(printed[1]) != 0f, "the steps computed a kernel gradient");
    }

    /** Prints the time of one forward and backward of a first and a second convolutional layer, after warm-up. */
    @Test
    @Tag("slow")
    void timesAFirstAndASecondConvolutionalLayer() {
        double first = time(64, 1, 28, 16, false), second = time(64, 16, 14, 32, true);
        System.out.printf("conv2d forward+backward, 64×(1·28·28), 16 5×5 same, images need no gradient: %.2f ms%n", first);
        System.out.printf("conv2d forward+backward, 64×(16·14·14), 32 5×5 same, images' gradient too: %.2f ms%n", second);
        assertTrue(first > 0 && second > first, "the second layer does about 20 times the work of the first");
    }

    /** Median milliseconds of one conv2d forward and backward (seeded with ones) over 30 runs after 30 of warm-up. */
    private static double time(int batch, int channels, int side, int filters, boolean imagesNeedGradient) {
        Random r = new Random(1);
        Tensor x = random("x", batch, channels * side * side, r).requireGrad(imagesNeedGradient);
        Tensor kernels = random("K", filters, channels * K * K, r), bias = random("b", 1, filters, r);
        Tensor y = x.conv2d(kernels, bias, channels, side, side, true);
        FMatrixRMaj seed = new FMatrixRMaj(y.rows(), y.cols());
        seed.fill(1f);
        List<Double> times = new ArrayList<>();
        for (int n = 0; n < 60; n++) {
            long start = System.nanoTime();
            x.changed();
            y.backward(seed);
            if (n >= 30) {
                times.add((System.nanoTime() - start) / 1e6);
            }
        }
        Collections.sort(times);
        return times.get(times.size() / 2);
    }

    // ---------------------------------------------------------------- helpers

    /** The convolution as its definition reads, in double. */
    private static FMatrixRMaj directConvolution(FMatrixRMaj x, FMatrixRMaj kernels, FMatrixRMaj bias, int channels,
            int height, int width, int k, boolean same) {
        int p = same ? (k - 1) / 2 : 0;
        int outH = same ? height : height - k + 1, outW = same ? width : width - k + 1, filters = kernels.numRows;
        FMatrixRMaj y = new FMatrixRMaj(x.numRows, filters * outH * outW);
        for (int n = 0; n < x.numRows; n++) {
            for (int f = 0; f < filters; f++) {
                for (int i = 0; i < outH; i++) {
                    for (int j = 0; j < outW; j++) {
                        double s = bias.get(0, f);
                        for (int c = 0; c < channels; c++) {
                            for (int u = 0; u < k; u++) {
                                for (int v = 0; v < k; v++) {
                                    int row = i + u - p, col = j + v - p;
                                    if (row >= 0 && row < height && col >= 0 && col < width) {
                                        s += (double) x.get(n, (c * height + row) * width + col)
                                                * kernels.get(f, (c * k + u) * k + v);
                                    }
                                }
                            }
                        }
                        y.set(n, (f * outH + i) * outW + j, (float) s);
                    }
                }
            }
        }
        return y;
    }

    private static void assertClose(FMatrixRMaj expected, FMatrixRMaj actual, double relative) {
        for (int i = 0; i < expected.getNumElements(); i++) {
            double e = expected.data[i], a = actual.data[i];
            assertTrue(Math.abs(a - e) <= relative * Math.max(1, Math.abs(e)),
                    "element " + i + ": expected " + e + ", got " + a);
        }
    }

    private static boolean isZero(FMatrixRMaj m) {
        for (float v : m.data) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }

    private static Tensor random(String name, int rows, int cols, Random r) {
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return Tensor.parameter(name, m);
    }

    /** Values 0.1 apart in a random order: no two within 2h of each other, so no maximum changes under ±h. */
    private static Tensor distinct(String name, int rows, int cols, Random r) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < rows * cols; i++) {
            order.add(i);
        }
        Collections.shuffle(order, r);
        FMatrixRMaj m = new FMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = (order.get(i) - rows * cols / 2) * 0.1f;
        }
        return Tensor.parameter(name, m);
    }

    private static void assertAgrees(String name, Tensor output, Tensor... leaves) {
        GradientCheck.Result result = GradientCheck.check(output, H, name.hashCode(), leaves);
        assertTrue(result.maxError() < TOLERANCE, name + ": " + result);
    }
}
