package digitlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;

import digitlab.engine.Tensor;

/** Optimizer steps checked against updates computed by hand on tiny tensors. */
class OptimizerTest {

    /** L = Σ c·w for fixed c, so the gradient is c whatever w is. */
    private static Tensor lossWithGradient(Tensor w, float... c) {
        return w.mul(Tensor.constant(new FMatrixRMaj(1, c.length, true, c))).sum();
    }

    @Test
    void sgdWithMomentumAccumulatesVelocityAsByHand() {
        Tensor w = Tensor.parameter("w", new FMatrixRMaj(1, 2, true, 1f, -2f));
        Tensor loss = lossWithGradient(w, 0.5f, -1f);
        Optimizer sgd = Optimizer.sgd(0.9f);

        loss.backward();
        sgd.step(List.of(w), 0.1f);
        // v = g = (0.5, -1); w = (1 - 0.05, -2 + 0.1)
        assertEquals(0.95f, w.value().get(0), 1e-7);
        assertEquals(-1.9f, w.value().get(1), 1e-7);

        loss.backward();
        sgd.step(List.of(w), 0.1f);
        // v = 0.9·(0.5, -1) + (0.5, -1) = (0.95, -1.9); w = (0.95 - 0.095, -1.9 + 0.19)
        assertEquals(0.855f, w.value().get(0), 1e-6);
        assertEquals(-1.71f, w.value().get(1), 1e-6);
    }

    @Test
    void sgdWithoutMomentumIsPlainGradientDescent() {
        Tensor w = Tensor.parameter("w", new FMatrixRMaj(1, 1, true, 3f));
        Tensor loss = w.mul(w); // dL/dw = 2w
        Optimizer sgd = Optimizer.sgd(0f);

        loss.backward();
        sgd.step(List.of(w), 0.25f);

        assertEquals(1.5f, w.value().get(0));
        assertEquals(2.25f, loss.item(), "the loss sees the changed parameter");
    }

    @Test
    void adamTakesBiasCorrectedStepsAsByHand() {
        Tensor w = Tensor.parameter("w", new FMatrixRMaj(1, 2, true, 1f, 1f));
        Tensor x = Tensor.input("x", 1, 2);
        Tensor loss = w.mul(x).sum(); // gradient = x, which we set per step
        Optimizer adam = Optimizer.adam(0.9f, 0.999f, 1e-8f);
        double[] m = new double[2], v = new double[2], expected = {1, 1};
        float[][] gradients = {{0.5f, -2f}, {0.1f, 3f}, {-1f, 0f}};

        for (int t = 1; t <= gradients.length; t++) {
            x.set(new FMatrixRMaj(1, 2, true, gradients[t - 1]));
            loss.backward();
            adam.step(List.of(w), 0.01f);
            for (int i = 0; i < 2; i++) {
                double g = gradients[t - 1][i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double mHat = m[i] / (1 - Math.pow(0.9, t)), vHat = v[i] / (1 - Math.pow(0.999, t));
                expected[i] -= 0.01 * mHat / (Math.sqrt(vHat) + 1e-8);
            }
            assertEquals(expected[0], w.value().get(0), 1e-6, "step " + t);
            assertEquals(expected[1], w.value().get(1), 1e-6, "step " + t);
        }
    }

    @Test
    void theCosineScheduleFallsFromTheRateToZeroThroughHalfAtTheMiddle() {
        assertEquals(0.05f, Schedule.COSINE.rate(0.05f, 0, 100), 1e-9);
        assertEquals(0.025f, Schedule.COSINE.rate(0.05f, 50, 100), 1e-7);
        assertEquals(0f, Schedule.COSINE.rate(0.05f, 100, 100), 1e-9);
        assertEquals(0.05f, Schedule.CONSTANT.rate(0.05f, 77, 100));
    }
}
