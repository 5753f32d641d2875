package digitlab.nn;

import java.util.List;

import digitlab.engine.Tensor;

/**
 * Changes parameters in place using the gradients the last backward pass left in them. Keeps its own
 * state (velocities, moments), allocated at the first step and reused.
 */
public interface Optimizer {
    /** One update of every parameter with learning rate {@code rate}; marks each parameter changed. */
    void step(List<Tensor> parameters, float rate);

    /** Its name in settings and model files: "sgd" or "adam". */
    String name();

    /**
     * SGD with momentum, as PyTorch does it: v ← μ·v + g, w ← w − η·v. With μ = 0 this is plain
     * gradient descent.
     */
    static Optimizer sgd(float momentum) {
        return new Optimizer() {
            private float[][] velocity;

            @Override
            public void step(List<Tensor> parameters, float rate) {
                if (velocity == null) {
                    velocity = new float[parameters.size()][];
                    for (int p = 0; p < velocity.length; p++) {
                        velocity[p] = new float[parameters.get(p).value().getNumElements()];
                    }
                }
                for (int p = 0; p < velocity.length; p++) {
                    Tensor t = parameters.get(p);
                    float[] w = t.value().data, g = t.grad().data, v = velocity[p];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = momentum * v[i] + g[i];
                        w[i] -= rate * v[i];
                    }
                    t.changed();
                }
            }

            @Override
            public String name() {
                return "sgd";
            }
        };
    }

    /**
     * Adam (Kingma &amp; Ba): m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², then
     * w ← w − η·m̂/(√v̂ + ε) with the bias corrections m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
     */
    static Optimizer adam(float beta1, float beta2, float epsilon) {
        return new Optimizer() {
            private float[][] m, v;
            private int t;

            @Override
            public void step(List<Tensor> parameters, float rate) {
                if (m == null) {
                    m = new float[parameters.size()][];
                    v = new float[parameters.size()][];
                    for (int p = 0; p < m.length; p++) {
                        m[p] = new float[parameters.get(p).value().getNumElements()];
                        v[p] = new float[m[p].length];
                    }
                }
                t++;
                float correction1 = 1f - (float) Math.pow(beta1, t), correction2 = 1f - (float) Math.pow(beta2, t);
                for (int p = 0; p < m.length; p++) {
                    Tensor param = parameters.get(p);
                    float[] w = param.value().data, g = param.grad().data, mp = m[p], vp = v[p];
                    for (int i = 0; i < mp.length; i++) {
                        mp[i] = beta1 * mp[i] + (1 - beta1) * g[i];
                        vp[i] = beta2 * vp[i] + (1 - beta2) * g[i] * g[i];
                        float mHat = mp[i] / correction1, vHat = vp[i] / correction2;
                        w[i] -= rate * mHat / ((float) Math.sqrt(vHat) + epsilon);
                    }
                    param.changed();
                }
            }

            @Override
            public String name() {
                return "adam";
            }
        };
    }
}
