package digitlab.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import digitlab.data.Mnist;
import digitlab.data.MyDigits;
import digitlab.dataset.Dataset;
import digitlab.files.AtomicFile;
import digitlab.files.UserFolders;
import digitlab.image.MnistPreparation;
import digitlab.model.Model;
import digitlab.model.ModelException;
import digitlab.model.ModelFile;
import digitlab.model.Provenance;
import digitlab.nn.Architecture;
import digitlab.nn.FineTuning;
import digitlab.nn.OptimizerKind;
import digitlab.nn.Parameters;
import digitlab.nn.Schedule;
import digitlab.nn.Trainer;
import digitlab.nn.TrainingConfig;
import digitlab.nn.TrainingListener;
import digitlab.nn.TrainingResult;

/** {@code train}: trains a network (the seed's MLP or any {@code --arch}) on MNIST and saves it. */
@CommandLine.Command(name = "train", abbreviateSynopsis = true, description = {
    "train a network on MNIST (the 784-128-64-10 MLP unless --arch says another) and save it as a model file",
    "With --json: one JSON object per epoch (epoch, loss, test_accuracy, seconds, samples_per_second), then"
            + " {\"saved\":FILE,\"test_accuracy\":…}.", ""})
final class TrainCommand extends Command {
    private static final TrainingConfig DEFAULTS = TrainingConfig.defaults();
    private static final int DIGITS = 10;

    @Option(names = "--arch", paramLabel = "SPEC", description = {"the network: mlp (default: 784-128-64-10), tiny, cnn,"
            + " or layers such as conv5x16,pool2,conv5x32,pool2,dense128,dense10 (denseN, convKxF[:valid], pool2, flatten;"
            + " :tanh, :sigmoid or :none after a layer change its activation); saved as the model file's network"})
    private String arch = Architecture.MLP_NAME;
    @Option(names = "--epochs", paramLabel = "N", description = "passes over the training set (default ${DEFAULT-VALUE})")
    private int epochs = DEFAULTS.epochs();
    @Option(names = "--batch", paramLabel = "B", description = "images per step (default ${DEFAULT-VALUE})")
    private int batch = DEFAULTS.batch();
    @Option(names = "--lr", paramLabel = "X", description = "learning rate (default ${DEFAULT-VALUE})")
    private float learningRate = DEFAULTS.learningRate();
    @Option(names = "--optimizer", paramLabel = "sgd|adam", description = "(default ${DEFAULT-VALUE})")
    private String optimizer = DEFAULTS.optimizer().id();
    @Option(names = "--momentum", paramLabel = "M", description = "SGD momentum (default ${DEFAULT-VALUE})")
    private float momentum = DEFAULTS.momentum();
    @Option(names = "--schedule", paramLabel = "constant|cosine", description = "learning rate over the run (default ${DEFAULT-VALUE})")
    private String schedule = DEFAULTS.schedule().id();
    @Option(names = "--augment", description = "shift each training image by up to ±" + TrainingConfig.MAX_SHIFT + " px at random")
    private boolean augment;
    @Option(names = "--seed", paramLabel = "S", description = "weights, shuffles and shifts from this seed (default ${DEFAULT-VALUE})")
    private long seed = DEFAULTS.seed();
    @Option(names = "--limit", paramLabel = "N", description = "train on the first N images only")
    private int limit;
    @Mixin
    private ThreadsOption threads;
    @Option(names = "--out", paramLabel = "FILE", description = "where to save (default: a new file models/model-DATE-TIME.json); checked before"
            + " training starts; an existing writable file is replaced")
    private File outGiven;
    @Option(names = "--force", description = "replace --out even if it is read-only")
    private boolean force;
    @Option(names = "--extra", paramLabel = "DIR", description = {"also train on the digits of a my-digits folder (labels.csv and"
            + " its PNGs, as the Draw view keeps them); with --model, fine-tune that model on them and MNIST instead of"
            + " training from scratch, printing the accuracy on them and on the MNIST test set before and after"})
    private File extra;
    @Option(names = "--model", paramLabel = "FILE", description = {"with --extra: the model to fine-tune (3 epochs at 0.01"
            + " unless --epochs or --lr say otherwise, always with shifts); it is saved only if the MNIST test accuracy"
            + " falls by at most " + FineTuning.MAX_MNIST_DROP_POINTS + " points"})
    private File modelGiven;
    @Spec
    private CommandSpec spec;
    @Mixin
    private DataOption dataOption;
    @Mixin
    private JsonOption jsonOption;

    /** Where models go without {@code --out}, relative to the working folder. */
    private final Path defaultFolder;
    private final Map<String, String> env;
    private final Path home;
    private final MnistAccess data;

    TrainCommand() {
        this(Path.of("models"), System.getenv(), Path.of(System.getProperty("user.home")), MnistAccess.fromSystem());
    }

    /** For tests: where the MNIST files come from. */
    TrainCommand(MnistAccess data) {
        this(Path.of("models"), System.getenv(), Path.of(System.getProperty("user.home")), data);
    }

    /**
     * For tests: the folder for models saved without {@code --out}, the environment and home folder that
     * place the folder a model is kept in when its save fails, and where the MNIST files come from.
     */
    TrainCommand(Path defaultFolder, Map<String, String> env, Path home, MnistAccess data) {
        this.defaultFolder = defaultFolder;
        this.env = Map.copyOf(env);
        this.home = home;
        this.data = data;
    }

    @Override
    boolean numeric() {
        return true;
    }

    @Override
    int execute(PrintStream out, PrintStream err) throws Exception {
        TrainingConfig config = config();
        Architecture architecture = architecture(arch);
        AtomicFile.Replace replace = force ? AtomicFile.Replace.EVEN_READ_ONLY : AtomicFile.Replace.IF_WRITABLE;
        Path outFile = outGiven == null ? null : outPath(outGiven);
        checkTarget(outFile, replace, estimatedBytes(architecture));
        boolean json = jsonOption.on();

        if (modelGiven != null && extra == null) {
            throw new UsageException("--model fine-tunes a model on your digits: give the folder with --extra DIR");
        }
        Dataset mine = extra == null ? null : extraDigits(extra.toPath());
        Model start = null;
        if (modelGiven != null) {
            try {
                start = ModelFile.load(modelGiven.toPath());
            } catch (ModelException e) {
                throw new BadInputException(e.getMessage(), e);
            }
            architecture = start.parameters().architecture();
            config = fineTuningConfig(config);
        }

        Mnist mnist = dataOption.read(data, err);
        Dataset train = config.limit() > 0 ? mnist.train().first(config.limit()) : mnist.train();
        Trainer trainer;
        FineTuning tuning = null;
        try {
            if (start != null) {
                tuning = new FineTuning(config, start.parameters(), mine, train, mnist.test());
                trainer = tuning.trainer();
            } else {
                trainer = new Trainer(config.withLimit(0), Parameters.initial(architecture, config.seed()),
                        mine == null ? train : joined(train, mine), mnist.test());
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (tuning != null) {
            err.printf(Locale.ROOT, "fine-tuning %s on %d of your digits (%d copies each, shifted) and %d MNIST images%n",
                    modelGiven, mine.count(), tuning.copies(), trainer.trainingImages() - mine.count() * tuning.copies());
        } else if (mine != null) {
            err.println("training on " + train.count() + " MNIST images and " + mine.count() + " of your digits from " + extra);
        }
        err.println("network: " + describe(architecture));
        err.println("training: " + config);
        ProgressBar bar = new ProgressBar(err, ProgressBar.onTerminal());
        ObjectMapper mapper = new ObjectMapper();
        trainer.addListener(new TrainingListener() {
            @Override
            public void batchDone(BatchReport r) {
                bar.show(r);
            }

            @Override
            public void epochDone(EpochReport r) {
                bar.clear();
                if (json) {
                    ObjectNode o = mapper.createObjectNode();
                    o.put("epoch", r.epoch());
                    o.put("loss", r.meanLoss());
                    o.put("test_accuracy", r.testAccuracy());
                    o.put("seconds", r.seconds());
                    o.put("samples_per_second", r.samplesPerSecond());
                    out.println(o);
                } else {
                    out.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  test accuracy %.2f%%  %.1f s  %,.0f samples/s%n",
                            r.epoch(), r.epochs(), r.meanLoss(), 100 * r.testAccuracy(), r.seconds(), r.samplesPerSecond());
                }
                out.flush();
            }
        });

        TrainingResult result;
        if (tuning != null) {
            FineTuning.Result tuned = tuning.run();
            bar.clear();
            if (json) {
                ObjectNode o = mapper.createObjectNode();
                o.put("my_digits", tuned.mineBefore().n());
                o.put("my_accuracy_before", tuned.mineBefore().accuracy());
                o.put("my_accuracy_after", tuned.mineAfter().accuracy());
                o.put("mnist_accuracy_before", tuned.mnistBefore().accuracy());
                o.put("mnist_accuracy_after", tuned.mnistAfter().accuracy());
                out.println(o);
            } else {
                out.println(tuned.summary());
            }
            out.flush();
            if (tuned.training().status() == TrainingResult.Status.COMPLETED && !tuned.keeps()) {
                err.println("error: " + tuned.refusal() + "; nothing saved");
                return ExitCode.FAILURE.code();
            }
            result = tuned.training();
        } else {
            result = trainer.run();
            bar.clear();
        }
        if (result.status() != TrainingResult.Status.COMPLETED) {
            err.println("error: " + result.message() + "; nothing saved");
            return ExitCode.FAILURE.code();
        }
        Provenance provenance = Provenance.ofTraining(config, architecture, result.testAccuracy(),
                trainer.trainingImages(), Cli.version());
        Path saved = save(result.parameters(), provenance, outFile, replace, err);
        if (saved == null) {
            return ExitCode.FAILURE.code();
        }
        if (json) {
            ObjectNode o = mapper.createObjectNode();
            o.put("saved", saved.toString());
            o.put("test_accuracy", result.testAccuracy());
            out.println(o);
        } else {
            out.printf(Locale.ROOT, "saved %s (%s; test accuracy %.2f%%)%n", saved, describe(architecture),
                    100 * result.testAccuracy());
        }
        return ExitCode.OK.code();
    }

    /**
     * Fine-tuning's own settings ({@link FineTuning#defaults()}: fewer epochs, a lower rate, shifts always),
     * except where the command line set one.
     */
    private TrainingConfig fineTuningConfig(TrainingConfig given) {
        TrainingConfig c = FineTuning.defaults().withBatch(given.batch()).withOptimizer(given.optimizer())
                .withMomentum(given.momentum()).withSchedule(given.schedule()).withSeed(given.seed())
                .withLimit(given.limit()).withThreads(given.threads());
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (parsed.hasMatchedOption("--epochs")) {
            c = c.withEpochs(given.epochs());
        }
        if (parsed.hasMatchedOption("--lr")) {
            c = c.withLearningRate(given.learningRate());
        }
        return c;
    }

    /** The digits of a my-digits folder, every file checked; anything wrong is bad input naming the file. */
    private static Dataset extraDigits(Path folder) throws BadInputException {
        try {
            Dataset d = MyDigits.read(folder);
            if (d.count() == 0) {
                throw new BadInputException("--extra " + folder + ": " + MyDigits.LABELS + " lists no digits");
            }
            return d;
        } catch (IOException e) {
            throw new BadInputException("--extra: " + e.getMessage(), e);
        }
    }

    /** {@code a}'s images, then {@code b}'s, in one set. */
    private static Dataset joined(Dataset a, Dataset b) {
        byte[] pixels = Arrays.copyOf(a.pixels(), a.pixels().length + b.pixels().length);
        System.arraycopy(b.pixels(), 0, pixels, a.pixels().length, b.pixels().length);
        byte[] labels = Arrays.copyOf(a.labels(), a.count() + b.count());
        System.arraycopy(b.labels(), 0, labels, a.count(), b.count());
        return new Dataset(a.name() + " and " + b.name(), a.count() + b.count(), a.rows(), a.cols(), pixels, labels);
    }

    /** The settings given, each within its range; together they must make sense ({@link TrainingConfig#problems}). */
    private TrainingConfig config() throws UsageException {
        Schedule parsedSchedule;
        OptimizerKind parsedOptimizer;
        try {
            parsedSchedule = Schedule.parse(schedule);
            parsedOptimizer = OptimizerKind.parse(optimizer);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        TrainingConfig config = new TrainingConfig(Arguments.within("--epochs", epochs, 1, 10_000),
                Arguments.within("--batch", batch, 1, 60_000), learningRate, parsedOptimizer, momentum, parsedSchedule, augment, seed,
                Arguments.within("--limit", limit, 0, Integer.MAX_VALUE), threads.threads());
        if (!config.problems().isEmpty()) {
            throw new UsageException(String.join("; ", config.problems()));
        }
        return config;
    }

    private static Path outPath(File out) throws UsageException {
        if (out.getPath().isBlank()) {
            throw new UsageException("--out needs a file name");
        }
        try {
            return out.toPath();
        } catch (InvalidPathException e) {
            throw new UsageException("--out: '" + out + "' cannot be a file name here: " + e.getReason());
        }
    }

    /**
     * Before any training: the model must be writable where it is to go, so that minutes of training are
     * not lost to a typo, a folder, a device, a read-only file or disk, or a name too long.
     */
    private void checkTarget(Path outFile, AtomicFile.Replace replace, long bytes) throws BadInputException, IOException {
        try {
            if (outFile == null) {
                Files.createDirectories(defaultFolder);
                AtomicFile.checkFolderWritable(defaultFolder, bytes);
            } else {
                AtomicFile.checkWritable(outFile, replace, bytes);
            }
        } catch (AtomicFile.RefusedException e) {
            throw new BadInputException("cannot save the model: " + e.getMessage()
                    + (e.readOnly() ? " (--force replaces it)" : "") + "; nothing was trained", e);
        } catch (IOException e) {
            throw new IOException("cannot save the model: " + e.getMessage() + "; nothing was trained", e);
        }
    }

    /**
     * The network {@code spec} names, for MNIST's 28 × 28 images and ten digits; a bad spec is a usage error
     * naming the layer. A ReLU MLP takes the images as flat vectors of 784, as its model file (version 1) gives
     * it back, so that what is saved is what loads.
     */
    static Architecture architecture(String spec) throws UsageException {
        try {
            return Architecture.parse(spec, new Architecture.Shape(1, MnistPreparation.SIDE, MnistPreparation.SIDE), DIGITS);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--arch " + spec + ": " + e.getMessage());
        }
    }

    /** "conv5x16,pool2,dense10 (31,786 numbers)". */
    static String describe(Architecture architecture) {
        return architecture.spec() + String.format(Locale.ROOT, " (%,d numbers)", architecture.parameterCount());
    }

    /** A model file is about 12 bytes a number in JSON: twice that, to be safe. */
    private static long estimatedBytes(Architecture architecture) {
        return 24L * architecture.parameterCount() + 65_536;
    }

    /**
     * Saves the model to {@code outFile}, or to a new dated file in the default folder. If that fails
     * (the disk filled up, the folder went away), the model is kept in the user's data folder or the
     * temporary folder instead, and stderr says where. Returns the file written, or null when the model
     * could not be written anywhere.
     */
    Path save(Parameters parameters, Provenance provenance, Path outFile, AtomicFile.Replace replace, PrintStream err) {
        String stem = "model-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        try {
            if (outFile == null) {
                return ModelFile.saveNew(model(parameters, provenance, stem), defaultFolder, stem);
            }
            ModelFile.save(model(parameters, provenance, ModelFile.nameOf(outFile)), outFile, replace);
            return outFile;
        } catch (IOException | RuntimeException e) {
            String target = outFile == null ? defaultFolder.toString() : outFile.toString();
            err.println("error: could not save the model to " + target + ": " + e.getMessage());
            StringBuilder tried = new StringBuilder();
            for (Path folder : List.of(UserFolders.data(env, home).resolve("unsaved"), Path.of(System.getProperty("java.io.tmpdir")))) {
                try {
                    Files.createDirectories(folder);
                    Path kept = ModelFile.saveNew(model(parameters, provenance, stem), folder, stem);
                    err.println("the trained model was kept in " + kept + "; move it where you want it");
                    return null;
                } catch (IOException | RuntimeException again) {
                    tried.append("; ").append(folder).append(": ").append(again.getMessage());
                }
            }
            err.println("error: the trained model could not be kept anywhere either" + tried);
            return null;
        }
    }

    private static Model model(Parameters parameters, Provenance provenance, String name) {
        return new Model(name, parameters, provenance);
    }

    /** One line on stderr that redraws itself on a terminal; elsewhere it stays quiet. */
    static final class ProgressBar {
        private final PrintStream err;
        private final boolean terminal;
        private long lastDraw;
        private boolean drawn;

        ProgressBar(PrintStream err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        /**
         * A redrawn line only makes sense when stderr is a terminal (not a log file, a pipe or
         * {@code /dev/null}, whatever TERM says) that understands {@code \r}, and not in a CI log.
         */
        static boolean onTerminal() {
            String term = System.getenv("TERM");
            return Terminal.stderr() && term != null && !term.equals("dumb") && System.getenv("CI") == null;
        }

        void show(TrainingListener.BatchReport r) {
            long now = System.nanoTime();
            if (!terminal || (now - lastDraw < 100_000_000L && r.batch() != r.batchesPerEpoch())) {
                return;
            }
            lastDraw = now;
            int width = 30, filled = (int) ((long) width * r.batch() / r.batchesPerEpoch());
            err.printf(Locale.ROOT, "\repoch %d [%s%s] %3d%%  loss %.4f ", r.epoch(), "=".repeat(filled),
                    " ".repeat(width - filled), 100 * r.batch() / r.batchesPerEpoch(), r.loss());
            err.flush();
            drawn = true;
        }

        void clear() {
            if (drawn) {
                err.print("\r" + " ".repeat(70) + "\r");
                err.flush();
                drawn = false;
            }
        }
    }
}
