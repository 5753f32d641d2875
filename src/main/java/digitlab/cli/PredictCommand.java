package digitlab.cli;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import digitlab.files.FileKinds;
import digitlab.image.ImageFiles;
import digitlab.image.ImageReadException;
import digitlab.image.MnistPreparation;
import digitlab.image.Prepared;
import digitlab.model.Model;
import digitlab.nn.Classifier;

/** {@code predict}: reads digits from image files. */
final class PredictCommand implements Command {
    @Override
    public String name() {
        return "predict";
    }

    @Override
    public String summary() {
        return "read the digit in PNG or JPEG images, with all ten probabilities";
    }

    @Override
    public String usage() {
        return "usage: digitlab predict [--model FILE] [--json] IMAGE...\n"
                + "  Each image (any size, colour or grey, dark ink on light paper or light on dark) is prepared\n"
                + "  like an MNIST digit: cropped to its ink, scaled to fit 20×20, centred by mass in 28×28.\n"
                + "  --model FILE  a model file (default: the model that ships with DigitLab)\n"
                + "  --json        one line per image: {\"file\":…,\"digit\":7,\"probabilities\":[…]}";
    }

    /**
     * Reads each image in turn: one that cannot be read (a bad name, not a regular file, not a picture)
     * is an error line on stderr and the rest are still read; the status is then 2. Stops early when
     * stdout can no longer be written.
     */
    @Override
    public int run(List<String> list, PrintStream out, PrintStream err) throws Exception {
        Args args = new Args(list, Set.of("--model"), Set.of("--json"));
        if (args.positional().isEmpty()) {
            throw new UsageException("no image given");
        }
        Model model = ModelChoice.load(args);
        Classifier classifier = new Classifier(model.parameters());
        if (classifier.inputs() != MnistPreparation.SIDE * MnistPreparation.SIDE) {
            throw new BadInputException(model.name() + " takes " + classifier.inputs() + " inputs, but images are prepared as "
                    + MnistPreparation.SIDE + "×" + MnistPreparation.SIDE);
        }
        if (classifier.outputs() != 10) {
            throw new BadInputException(model.name() + " tells " + classifier.outputs() + " classes apart, not the 10 digits");
        }
        boolean json = args.flag("--json");
        ObjectMapper mapper = new ObjectMapper();
        int failures = 0;
        for (String name : args.positional()) {
            if (out.checkError()) {
                break; // stdout is gone (disk full, closed pipe): the command line reports it; reading on is in vain
            }
            Optional<Prepared> prepared;
            try {
                Path file = Path.of(name);
                // by its kind, before opening: a FIFO would wait for a writer, /dev/zero never ends
                String notAFile = FileKinds.describeNonRegular(file, "picture file");
                if (notAFile != null) {
                    err.println("error: " + name + ": " + notAFile);
                    failures++;
                    continue;
                }
                prepared = MnistPreparation.prepare(ImageFiles.read(file));
            } catch (InvalidPathException e) {
                err.println("error: " + FileNames.unusable(e));
                failures++;
                continue;
            } catch (ImageReadException e) {
                err.println("error: " + e.getMessage());
                failures++;
                continue;
            }
            if (prepared.isEmpty()) {
                if (json) {
                    ObjectNode o = mapper.createObjectNode();
                    o.put("file", name);
                    o.putNull("digit");
                    o.put("blank", true);
                    out.println(o);
                } else {
                    out.println(name + ": blank, no ink or too little to be a digit");
                }
                continue;
            }
            float[] p;
            try {
                p = classifier.probabilities(prepared.get().pixels());
            } catch (Classifier.NonFiniteScoresException e) {
                err.println("error: " + name + ": " + e.getMessage()); // never "NaN %" as an answer
                failures++;
                continue;
            }
            int digit = Classifier.best(p);
            if (json) {
                ObjectNode o = mapper.createObjectNode();
                o.put("file", name);
                o.put("digit", digit);
                ArrayNode a = o.putArray("probabilities");
                for (float v : p) {
                    a.add(v);
                }
                out.println(o);
            } else {
                StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%s: %d (%.1f%%)%n ", name, digit, 100 * p[digit]));
                for (int j = 0; j < p.length; j++) {
                    s.append(String.format(Locale.ROOT, " %d:%5.1f%%", j, 100 * p[j]));
                }
                out.println(s);
            }
        }
        return (failures == 0 ? ExitCode.OK : ExitCode.BAD_INPUT).code();
    }
}
