package digitlab.nn;

import java.util.List;

import digitlab.engine.Tensor;

/**
 * Changes parameters in place using their gradients. Keeps its own state (velocities, moments), made at
 * the first step and reused. An update can be split into ranges of elements run on several threads:
 * {@link #beginStep} once, then {@link #update} for each range of each parameter.
 */
public interface Optimizer {
    /** Its name in settings and model files: "sgd" or "adam". */
    String name();

    /** Makes the state for parameters of these sizes (numbers of elements), if not made yet. */
    void prepare(int[] sizes);

    /** Called once per step, before the updates of that step. */
    void beginStep();

    /**
     * Updates elements [from, to) of parameter {@code p}, whose numbers are {@code w}, with the gradient
     * {@code g}, or g + g2 when {@code g2} is not null (the sum of two threads' gradients, taken here
     * rather than in a pass of its own).
     */
    void update(int p, float[] w, float[] g, float[] g2, int from, int to, float rate);

    /** One whole update of every parameter with learning rate {@code rate}; marks each parameter changed. */
    default void step(List<Tensor> parameters, float rate) {
        int[] sizes = new int[parameters.size()];
        for (int p = 0; p < sizes.length; p++) {
            sizes[p] = parameters.get(p).value().getNumElements();
        }
        prepare(sizes);
        beginStep();
        for (int p = 0; p < sizes.length; p++) {
            Tensor t = parameters.get(p);
            update(p, t.value().data, t.grad().data, null, 0, sizes[p], rate);
            t.changed();
        }
    }

    /**
     * SGD with momentum, as PyTorch does it: v ← μ·v + g, w ← w − η·v. With μ = 0 this is plain
     * gradient descent.
     */
    static Optimizer sgd(float momentum) {
        return new Optimizer() {
            private float[][] velocity;

            @Override
            public String name() {
                return "sgd";
            }

            @Override
            public void prepare(int[] sizes) {
                if (velocity == null) {
                    velocity = new float[sizes.length][];
                    for (int p = 0; p < sizes.length; p++) {
                        velocity[p] = new float[sizes[p]];
                    }
                }
            }

            @Override
            public void beginStep() {
            }

            @Override
            public void update(int p, float[] w, float[] g, float[] g2, int from, int to, float rate) {
                float[] v = velocity[p];
                if (g2 == null) {
                    for (int i = from; i < to; i++) {
                        float vi = momentum * v[i] + g[i];
                        v[i] = vi;
                        w[i] -= rate * vi;
                    }
                } else {
                    for (int i = from; i < to; i++) {
                        float vi = momentum * v[i] + (g[i] + g2[i]);
                        v[i] = vi;
                        w[i] -= rate * vi;
                    }
                }
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
            private float correction1, correction2;

            @Override
            public String name() {
                return "adam";
            }

            @Override
            public void prepare(int[] sizes) {
                if (m == null) {
                    m = new float[sizes.length][];
                    v = new float[sizes.length][];
                    for (int p = 0; p < sizes.length; p++) {
                        m[p] = new float[sizes[p]];
                        v[p] = new float[sizes[p]];
                    }
                }
            }

            @Override
            public void beginStep() {
                t++;
                correction1 = 1f - (float) Math.pow(beta1, t);
                correction2 = 1f - (float) Math.pow(beta2, t);
            }

            @Override
            public void update(int p, float[] w, float[] g, float[] g2, int from, int to, float rate) {
                float[] mp = m[p], vp = v[p];
                float c1 = correction1, c2 = correction2;
                for (int i = from; i < to; i++) {
                    float gi = g2 == null ? g[i] : g[i] + g2[i];
                    float mi = beta1 * mp[i] + (1 - beta1) * gi;
                    float vi = beta2 * vp[i] + (1 - beta2) * gi * gi;
                    mp[i] = mi;
                    vp[i] = vi;
                    w[i] -= rate * (mi / c1) / ((float) Math.sqrt(vi / c2) + epsilon);
                }
            }
        };
    }
}
