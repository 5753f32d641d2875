package digitlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

import digitlab.dataset.Dataset;
import digitlab.engine.GradientCheck;
import digitlab.engine.Tensor;
import digitlab.nn.Architecture.Shape;

class NetworkTest {
    private static final int SIDE = SyntheticDigits.SIDE, CLASSES = SyntheticDigits.CLASSES;
    private static final Shape IMAGE = new Shape(1, SIDE, SIDE);

    @Test
    void aSmallConvolutionalNetworksGradientsMatchFiniteDifferencesInEveryLayer() {
        Network net = new Network(Architecture.parse("conv3x3:tanh,pool2,conv3x2:valid:sigmoid,dense5:tanh,dense4",
                IMAGE, CLASSES), 3);
        Network.Forward f = net.forward(2);
        Random random = new Random(4);
        for (int i = 0; i < f.input().value().getNumElements(); i++) {
            f.input().value().data[i] = random.nextFloat();
        }
        f.input().changed();

        GradientCheck.Result result = GradientCheck.check(f.logProbabilities(), 1e-2, 5,
                net.parameters().toArray(new Tensor[0]));

        assertTrue(result.maxError() < 2e-2, result.toString());
        assertEquals(List.of("K1", "b1", "K2", "b2", "W3", "b3", "W4", "b4"),
                net.parameters().stream().map(Tensor::name).toList());
    }

    @Test
    void aDenseNetworkComputesWeightedSumsWithReluBetweenLayersAsWrittenByHand() {
        Architecture mlp = Architecture.parse("dense16,dense4", IMAGE, CLASSES);
        Network net = new Network(mlp, 7);
        List<Tensor> p = net.parameters();
        Network.Forward f = net.forward(5);
        Dataset images = SyntheticDigits.make(5, 9);
        Batches.fill(images, null, 0, 5, f.input().value().data, null, null, null, 0);
        f.input().changed();

        float[] a = f.scores().value().data;
        for (int n = 0; n < 5; n++) {
            float[] x = Arrays.copyOfRange(f.input().value().data, n * SIDE * SIDE, (n + 1) * SIDE * SIDE);
            float[] h = dense(x, p.get(0).value(), p.get(1).value(), true);
            float[] scores = dense(h, p.get(2).value(), p.get(3).value(), false);
            for (int j = 0; j < CLASSES; j++) {
                assertEquals(scores[j], a[n * CLASSES + j], 1e-5f, "image " + n + ", score " + j);
            }
        }
    }

    private static float[] dense(float[] x, FMatrixRMaj w, FMatrixRMaj b, boolean relu) {
        float[] out = new float[w.numRows];
        for (int r = 0; r < w.numRows; r++) {
            float sum = b.data[r];
            for (int c = 0; c < w.numCols; c++) {
                sum += w.get(r, c) * x[c];
            }
            out[r] = relu ? Math.max(0f, sum) : sum;
        }
        return out;
    }

    @Test
    void aNetworkMadeFromItsParametersComputesTheSameAndCopiesThemBack() {
        Architecture cnn = Architecture.parse("conv3x4,pool2,dense4", IMAGE, CLASSES);
        Network net = new Network(cnn, 3);
        Parameters copy = net.copyParameters();
        Network again = new Network(copy);
        Network.Forward f = net.forward(2), g = again.forward(2);
        Dataset images = SyntheticDigits.make(2, 4);
        Batches.fill(images, null, 0, 2, f.input().value().data, null, null, null, 0);
        Batches.fill(images, null, 0, 2, g.input().value().data, null, null, null, 0);
        f.input().changed();
        g.input().changed();

        assertArrayEquals(f.scores().value().data, g.scores().value().data);
        assertTrue(copy.sameAs(again.copyParameters()));
        assertEquals(3, f.layers().size(), "one output per layer");
        assertEquals(4 * SIDE * SIDE, f.layers().get(0).cols(), "four feature maps as large as the image");
        assertEquals(4 * (SIDE / 2) * (SIDE / 2), f.layers().get(1).cols(), "pooled to half the side");
        assertSame(f.scores(), f.layers().get(2));
    }

    @Test
    void aConvolutionalNetworkLearnsToTellLinesApart() {
        Dataset train = SyntheticDigits.make(600, 1), test = SyntheticDigits.make(200, 2);
        Network net = new Network(Architecture.parse("conv3x4,pool2,dense4", IMAGE, CLASSES), 11);
        int batch = 20;
        Network.Loss g = net.loss(batch);
        Optimizer sgd = Optimizer.sgd(0.9f);
        Random random = new Random(12);
        int[] order = Batches.identity(train.count());
        for (int epoch = 0; epoch < 3; epoch++) {
            Batches.shuffle(order, random);
            for (int start = 0; start + batch <= order.length; start += batch) {
                Batches.fill(train, order, start, batch, g.forward().input().value().data, g.labels().value().data,
                        null, null, 0);
                g.forward().input().changed();
                g.labels().changed();
                g.loss().backward();
                sgd.step(net.parameters(), 0.05f);
            }
        }

        Network.Forward f = net.forward(test.count());
        Batches.fill(test, null, 0, test.count(), f.input().value().data, null, null, null, 0);
        f.input().changed();
        FMatrixRMaj scores = f.scores().value();
        int right = 0;
        for (int i = 0; i < test.count(); i++) {
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                best = scores.get(i, c) > scores.get(i, best) ? c : best;
            }
            right += best == test.label(i) ? 1 : 0;
        }
        assertTrue(right >= 190, right + " of 200 test images read right");
    }

    @Test
    void theBenchOfANetworkReportsEachEpochAndTimesItsPredictions() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        NetworkBench.Result r = NetworkBench.run(Architecture.parse("conv3x4,pool2,dense4", IMAGE, CLASSES),
                SyntheticDigits.make(400, 1), SyntheticDigits.make(100, 2), 20, 1, 2, lines::add);

        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("epoch 1: ") && lines.get(0).endsWith(" samples/s (warm-up)"), lines.get(0));
        assertTrue(lines.get(2).startsWith("epoch 3: ") && lines.get(2).endsWith(" samples/s"), lines.get(2));
        assertEquals(3, r.epochSpeeds().size());
        double slower = Math.min(r.epochSpeeds().get(1), r.epochSpeeds().get(2));
        double faster = Math.max(r.epochSpeeds().get(1), r.epochSpeeds().get(2));
        assertTrue(r.trainSamplesPerSecond() >= slower && r.trainSamplesPerSecond() <= faster, r.toString());
        assertTrue(r.predictMedianMicros() > 0 && r.predictP99Micros() >= r.predictMedianMicros(), r.toString());
        assertTrue(r.evalSeconds() > 0, r.toString());
        assertTrue(r.testAccuracy() > 0.9, "three epochs of the line digits: " + r.testAccuracy());
    }
}
