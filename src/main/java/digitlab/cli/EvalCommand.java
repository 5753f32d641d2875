package digitlab.cli;

import java.io.PrintStream;
import java.util.Locale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;

import digitlab.dataset.Dataset;
import digitlab.engine.kernels.Kernels;
import digitlab.image.MnistPreparation;
import digitlab.model.Model;
import digitlab.nn.Architecture;
import digitlab.nn.Classifier;
import digitlab.nn.Evaluation;

/** {@code eval}: a model's accuracy and confusion matrix on the MNIST test set. */
@CommandLine.Command(name = "eval", description = {
    "accuracy and confusion matrix of a model on the 10,000 MNIST test images",
    "With --json: one line, {\"accuracy\":…,\"n\":10000,\"confusion\":[[…]…]}: rows are the true digit.", ""})
final class EvalCommand extends Command {
    @Mixin
    private ModelOption modelOption;
    @Mixin
    private DataOption dataOption;
    @Mixin
    private JsonOption jsonOption;

    private final MnistAccess data;

    EvalCommand() {
        this(MnistAccess.fromSystem());
    }

    /** For tests: where the MNIST files come from. */
    EvalCommand(MnistAccess data) {
        this.data = data;
    }

    @Override
    int execute(PrintStream out, PrintStream err) throws Exception {
        // the 10,000 images take 0.3 s on the plain kernels from a cold start, the vector ones 2 s or more:
        // they run as Java objects until C2 has compiled them, which this one pass does not repay. So eval
        // is not numeric(): it never says the vector kernels are off
        Kernels.preferPlain();
        Model model = modelOption.load();
        Dataset test = dataOption.readTest(data, err);
        Classifier classifier = new Classifier(model.parameters());
        if (!readsDigits(classifier) || classifier.inputs() != test.pixelsPerImage()) {
            throw new BadInputException(model.name() + " takes " + input(classifier) + ", but MNIST images have "
                    + test.pixelsPerImage() + " pixels");
        }
        if (classifier.outputs() != 10) {
            throw new BadInputException(model.name() + " tells " + classifier.outputs() + " classes apart, but MNIST has 10 digits");
        }
        long start = System.nanoTime();
        // two threads where there are two cores: 0.23-0.31 s in place of 0.32-0.38 with another job running, the same answers
        Evaluation e = classifier.evaluate(test, Math.min(2, Runtime.getRuntime().availableProcessors()));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (jsonOption.on()) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.createObjectNode();
            root.put("accuracy", e.accuracy());
            root.put("n", e.n());
            ArrayNode rows = root.putArray("confusion");
            for (int[] row : e.confusion()) {
                ArrayNode r = rows.addArray();
                for (int c : row) {
                    r.add(c);
                }
            }
            out.println(mapper.writeValueAsString(root));
        } else {
            out.printf(Locale.ROOT, "%s: accuracy %.2f%% (%d of %d test images; %d wrong) in %.3f s%n", model.name(),
                    100 * e.accuracy(), e.correct(), e.n(), e.misclassified().length, seconds);
            out.println();
            out.println(confusionTable(e.confusion()));
        }
        return ExitCode.OK.code();
    }

    /**
     * Whether the network takes a 28 × 28 digit: as a flat vector of 784 numbers (an MLP) or as one
     * channel of 28 × 28 (a convolutional network).
     */
    static boolean readsDigits(Classifier classifier) {
        Architecture.Shape in = classifier.architecture().input();
        int side = MnistPreparation.SIDE;
        return in.flat() ? in.size() == side * side : in.equals(new Architecture.Shape(1, side, side));
    }

    /** What a network takes, for a message: "64 inputs" or "3×32×32 images". */
    static String input(Classifier classifier) {
        Architecture.Shape in = classifier.architecture().input();
        return in.flat() ? in.size() + " inputs" : in + " images";
    }

    /** Rows are the true digit, columns the predicted one. */
    static String confusionTable(int[][] confusion) {
        StringBuilder s = new StringBuilder("true\\predicted");
        for (int j = 0; j < confusion.length; j++) {
            s.append(String.format(Locale.ROOT, "%6d", j));
        }
        for (int i = 0; i < confusion.length; i++) {
            s.append(String.format(Locale.ROOT, "%n%14d", i));
            for (int c : confusion[i]) {
                s.append(String.format(Locale.ROOT, "%6d", c));
            }
        }
        return s.toString();
    }
}
