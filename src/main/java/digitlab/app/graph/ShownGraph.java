package digitlab.app.graph;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ejml.data.FMatrixRMaj;

import digitlab.engine.BackwardWalk;
import digitlab.engine.Graph;
import digitlab.engine.Tensor;
import digitlab.expr.Expression;
import digitlab.nn.Network;
import digitlab.nn.Parameters;
import digitlab.nn.Trainer;

/**
 * A graph ready to show, with no JavaFX: its output, the seed of its backward pass, what it is, what
 * each edge carried backwards (from a full {@link BackwardWalk}, which also leaves every gradient set),
 * and for a network's graph what its nodes' rows are as pictures (images, feature maps, kernels), from
 * the network's architecture ({@link NodeShapes}; empty for a formula).
 * Made on any thread; afterwards read by the view only.
 */
record ShownGraph(Tensor output, FMatrixRMaj seed, Graph graph, String description, Map<String, FMatrixRMaj> carried,
        Map<Tensor, NodeShapes.NodeShape> shapes) {

    /** Runs backward step by step from {@code output} with {@code seed}, noting each edge's share. */
    static ShownGraph of(Tensor output, FMatrixRMaj seed, String description) {
        return of(output, seed, description, Map.of());
    }

    /** {@link #of(Tensor, FMatrixRMaj, String)} for a network's graph whose nodes have {@code shapes}. */
    static ShownGraph of(Tensor output, FMatrixRMaj seed, String description, Map<Tensor, NodeShapes.NodeShape> shapes) {
        BackwardWalk walk = BackwardWalk.toEveryLeaf(output, seed);
        Map<String, FMatrixRMaj> carried = new HashMap<>();
        while (walk.hasNext()) {
            BackwardWalk.Step step = walk.step();
            for (int r = 0; r < step.receivers().size(); r++) {
                carried.put(GraphGeometry.edgeKey(step.receivers().get(r), step.node()), step.contributions().get(r));
            }
        }
        return new ShownGraph(output, seed, Graph.of(output), description, carried, shapes);
    }

    static FMatrixRMaj one() {
        FMatrixRMaj seed = new FMatrixRMaj(1, 1);
        seed.data[0] = 1f;
        return seed;
    }

    /** A formula's graph (values already set). */
    static ShownGraph ofFormula(Expression e) {
        return of(e.output(), one(), "y = " + e.source());
    }

    /** What the network graph of one image differentiates. */
    record Target(boolean loss, int digit) {
        @Override
        public String toString() {
            return loss ? "the loss if the label is " + digit : "the score of " + digit;
        }
    }

    /**
     * The network's graph for one image (784 pixels), differentiated as {@code target} says: the score
     * of a digit (seed one-hot on the scores), or the cross-entropy loss for a label.
     */
    static ShownGraph ofImage(String model, Parameters parameters, float[] pixels, Target target) {
        Network.Forward f = new Network(parameters).forward(1);
        f.input().requireGrad(true);
        System.arraycopy(pixels, 0, f.input().value().data, 0, pixels.length);
        f.input().changed();
        Map<Tensor, NodeShapes.NodeShape> shapes = NodeShapes.of(parameters.architecture(), f);
        if (target.loss()) {
            Tensor loss = f.logProbabilities().crossEntropy(target.digit());
            return of(loss, one(), "model " + model + " on the drawing: its loss if the label is " + target.digit(), shapes);
        }
        FMatrixRMaj seed = new FMatrixRMaj(1, parameters.outputs());
        seed.data[target.digit()] = 1f;
        return of(f.scores(), seed, "model " + model + " on the drawing: its score of " + target.digit(), shapes);
    }

    /** The graph of a training batch, rebuilt from its copy: the same values and gradients it had. */
    static ShownGraph ofBatch(Trainer.BatchCopy copy) {
        Network.Loss g = new Network(copy.parameters()).loss(copy.input().numRows);
        g.forward().input().set(copy.input());
        g.labels().set(copy.labels());
        return of(g.loss(), one(), "the model being trained in the Train view (" + layers(copy.parameters())
                + ") on training batch " + copy.batch() + " of epoch " + copy.epoch() + " (" + copy.input().numRows + " images)",
                NodeShapes.of(copy.parameters().architecture(), g.forward()));
    }

    /** The layer sizes of an MLP, "784→128→10"; any other network's spec, "conv5x16,pool2,…,dense10". */
    static String layers(Parameters p) {
        if (!p.architecture().isDenseOnly()) {
            return p.architecture().spec();
        }
        StringBuilder s = new StringBuilder();
        for (int size : p.sizes()) {
            s.append(s.length() > 0 ? "→" : "").append(size);
        }
        return s.toString();
    }

    /** What a row of {@code t} is as a picture: its kind and shape (a plain MATRIX, with no shape, when unknown). */
    NodeShapes.NodeShape shapeOf(Tensor t) {
        return shapes.getOrDefault(t, NodeShapes.MATRIX);
    }

    List<Tensor> nodes() {
        return graph.nodes();
    }
}
