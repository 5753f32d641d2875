package digitlab.cli;

import java.io.File;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import digitlab.engine.kernels.Kernels;
import digitlab.files.FileKinds;
import digitlab.image.ImageFiles;
import digitlab.image.ImageReadException;
import digitlab.image.MnistPreparation;
import digitlab.image.Prepared;
import digitlab.model.Model;
import digitlab.nn.Classifier;

/** {@code predict}: reads digits from image files. */
@CommandLine.Command(name = "predict", description = {
    "read the digit in PNG or JPEG images, with all ten probabilities",
    "Each image (any size, colour or grey, dark ink on light paper or light on dark) is prepared like an MNIST"
            + " digit: cropped to its ink, scaled to fit 20×20, centred by mass in 28×28.",
    "With --json: one line per image, {\"file\":…,\"digit\":7,\"probabilities\":[…]}.", ""})
final class PredictCommand extends Command {
    @Mixin
    private ModelOption modelOption;
    @Mixin
    private JsonOption jsonOption;
    /** Files, so that the shell completes them; read and named as given ({@link #namesGiven}). */
    @Parameters(paramLabel = "IMAGE", description = "a picture file")
    private List<File> images = new ArrayList<>();
    @Spec
    private CommandSpec spec;
    /**
     * Up to this many images run on the plain kernels: each takes about 0.2 ms there, and the vector kernels
     * would run slower than that until compiled, after a few thousand products.
     */
    static final int FEW = 100;

    /**
     * Reads each image in turn: one that cannot be read (a bad name, not a regular file, not a picture)
     * is an error line on stderr and the rest are still read; the status is then 2. Stops early when
     * stdout can no longer be written.
     */
    @Override
    int execute(PrintStream out, PrintStream err) throws Exception {
        if (images.isEmpty()) {
            throw new UsageException("no image given");
        }
        if (images.size() <= FEW) {
            Kernels.preferPlain(); // a few images are done before the vector kernels would be compiled
        }
        List<String> names = namesGiven();
        // the first picture is read on another thread while the model loads: the two take about as long
        // at a command's start (decoding a picture loads Java's image classes), and a core is usually free
        Reading first = new Reading(names.get(0));
        Thread reader = new Thread(first, "digitlab-read-first");
        reader.setDaemon(true);
        reader.start();
        Model model;
        try {
            model = modelOption.load();
        } finally {
            reader.join(); // nothing of the picture is reported before the model is known to be good
        }
        Classifier classifier = new Classifier(model.parameters());
        if (!EvalCommand.readsDigits(classifier)) {
            throw new BadInputException(model.name() + " takes " + EvalCommand.input(classifier) + ", but images are prepared as "
                    + MnistPreparation.SIDE + "×" + MnistPreparation.SIDE);
        }
        if (classifier.outputs() != 10) {
            throw new BadInputException(model.name() + " tells " + classifier.outputs() + " classes apart, not the 10 digits");
        }
        boolean json = jsonOption.on();
        ObjectMapper mapper = new ObjectMapper();
        int failures = 0;
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (out.checkError()) {
                break; // stdout is gone (disk full, closed pipe): the command line reports it; reading on is in vain
            }
            Reading reading = (i == 0 ? first : Reading.now(name)).result();
            if (reading.problem != null) {
                err.println("error: " + reading.problem);
                failures++;
                continue;
            }
            Optional<Prepared> prepared = reading.prepared;
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

    /** One picture read and prepared, or why it could not be: run on the thread that needs it, or ahead on another. */
    private static final class Reading implements Runnable {
        private final String name;
        /** The message of the error line (after "error: "), or null. */
        String problem;
        Optional<Prepared> prepared;
        /** What went wrong that is not a bad picture (a bug, no memory): rethrown by {@link #result()}. */
        private Throwable failure;

        Reading(String name) {
            this.name = name;
        }

        /** {@code name} read and prepared on this thread. */
        static Reading now(String name) {
            Reading reading = new Reading(name);
            reading.run();
            return reading;
        }

        @Override
        public void run() {
            try {
                Path file = Path.of(name);
                // by its kind, before opening: a FIFO would wait for a writer, /dev/zero never ends
                String notAFile = FileKinds.describeNonRegular(file, "picture file");
                if (notAFile != null) {
                    problem = name + ": " + notAFile;
                    return;
                }
                prepared = MnistPreparation.prepare(ImageFiles.read(file));
            } catch (InvalidPathException e) {
                problem = FileNames.unusable(e);
            } catch (ImageReadException e) {
                problem = e.getMessage();
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }

        /** This reading, once run; what failed otherwise than as a bad picture is thrown here, on the caller's thread. */
        Reading result() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return this;
        }
    }

    /** The image names as typed, not as {@link File} tidies them ("a//b.png", "dir/"): messages quote them. */
    private List<String> namesGiven() {
        return spec.positionalParameters().get(0).originalStringValues();
    }
}
