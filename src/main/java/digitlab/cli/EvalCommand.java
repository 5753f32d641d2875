package digitlab.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import digitlab.data.Mnist;
import digitlab.model.Model;
import digitlab.nn.Classifier;
import digitlab.nn.Evaluation;

/** {@code eval}: a model's accuracy and confusion matrix on the MNIST test set. */
final class EvalCommand implements Command {
    private final MnistAccess data;

    EvalCommand() {
        this(MnistAccess.fromSystem());
    }

    /** For tests: where the MNIST files come from. */
    EvalCommand(MnistAccess data) {
        this.data = data;
    }

    @Override
    public String name() {
        return "eval";
    }

    @Override
    public String summary() {
        return "accuracy and confusion matrix of a model on the 10,000 MNIST test images";
    }

    @Override
    public String usage() {
        return "usage: digitlab eval [--model FILE] [--data DIR] [--json]\n"
                + "  --model FILE  a model file (default: the model that ships with DigitLab)\n"
                + "  --data DIR    where the MNIST files are (default: the cache folder; see digitlab data)\n"
                + "  --json        one line: {\"accuracy\":…,\"n\":10000,\"confusion\":[[…]…]}";
    }

    @Override
    public int run(List<String> list, PrintStream out, PrintStream err) throws Exception {
        Args args = new Args(list, Set.of("--model", "--data"), Set.of("--json"));
        if (!args.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positional().get(0) + "'");
        }
        Model model = ModelChoice.load(args);
        Mnist mnist = data.read(args, err);
        Classifier classifier = new Classifier(model.parameters());
        if (classifier.inputs() != mnist.test().pixelsPerImage()) {
            throw new BadInputException(model.name() + " takes " + classifier.inputs() + " inputs, but MNIST images have "
                    + mnist.test().pixelsPerImage() + " pixels");
        }
        if (classifier.outputs() != 10) {
            throw new BadInputException(model.name() + " tells " + classifier.outputs() + " classes apart, but MNIST has 10 digits");
        }
        long start = System.nanoTime();
        Evaluation e = classifier.evaluate(mnist.test());
        double seconds = (System.nanoTime() - start) / 1e9;
        if (args.flag("--json")) {
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
