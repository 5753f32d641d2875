package digitlab.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import digitlab.data.Mnist;
import digitlab.model.Model;
import digitlab.model.ModelFile;
import digitlab.model.Provenance;
import digitlab.nn.Parameters;
import digitlab.nn.Schedule;
import digitlab.nn.Trainer;
import digitlab.nn.TrainingConfig;
import digitlab.nn.TrainingListener;
import digitlab.nn.TrainingResult;

/** {@code train}: trains the MNIST network and saves it. */
final class TrainCommand implements Command {
    private final MnistAccess data;

    TrainCommand() {
        this(MnistAccess.fromSystem());
    }

    /** For tests: where the MNIST files come from. */
    TrainCommand(MnistAccess data) {
        this.data = data;
    }

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train the 784-128-64-10 network on MNIST and save it as a model file";
    }

    @Override
    public String usage() {
        TrainingConfig d = TrainingConfig.defaults();
        return "usage: digitlab train [OPTIONS]\n"
                + "  --epochs N             passes over the training set (default " + d.epochs() + ")\n"
                + "  --batch B              images per step (default " + d.batch() + ")\n"
                + "  --lr X                 learning rate (default " + d.learningRate() + ")\n"
                + "  --optimizer sgd|adam   (default " + d.optimizer() + ")\n"
                + "  --momentum M           SGD momentum (default " + d.momentum() + ")\n"
                + "  --schedule constant|cosine  learning rate over the run (default " + d.schedule().id() + ")\n"
                + "  --augment              shift each training image by up to ±" + TrainingConfig.MAX_SHIFT + " px at random\n"
                + "  --seed S               weights, shuffles and shifts from this seed (default " + d.seed() + ")\n"
                + "  --limit N              train on the first N images only\n"
                + "  --threads N            split each batch between N threads (default 1)\n"
                + "  --out FILE             where to save (default models/model-DATE-TIME.json)\n"
                + "  --data DIR             where the MNIST files are (default: the cache folder)\n"
                + "  --json                 one JSON object per epoch: epoch, loss, test_accuracy, seconds, samples_per_second";
    }

    @Override
    public int run(List<String> list, PrintStream out, PrintStream err) throws Exception {
        Args args = new Args(list,
                Set.of("--epochs", "--batch", "--lr", "--optimizer", "--momentum", "--schedule", "--seed", "--limit", "--threads",
                        "--out", "--data"),
                Set.of("--augment", "--json"));
        if (!args.positional().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positional().get(0) + "'");
        }
        TrainingConfig d = TrainingConfig.defaults();
        Schedule schedule;
        try {
            schedule = Schedule.parse(args.text("--schedule", d.schedule().id()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        TrainingConfig config = new TrainingConfig(args.integer("--epochs", d.epochs(), 1, 10_000),
                args.integer("--batch", d.batch(), 1, 60_000), args.number("--lr", d.learningRate()),
                args.text("--optimizer", d.optimizer()), args.number("--momentum", d.momentum()), schedule,
                args.flag("--augment"), args.longValue("--seed", d.seed()), args.integer("--limit", 0, 0, Integer.MAX_VALUE),
                args.integer("--threads", 1, 1, 64));
        if (!config.problems().isEmpty()) {
            throw new UsageException(String.join("; ", config.problems()));
        }
        Path outFile = Path.of(args.text("--out", "models/model-"
                + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + ".json"));
        boolean json = args.flag("--json");

        Mnist mnist = data.read(args, err);
        Trainer trainer;
        try {
            trainer = new Trainer(config, Parameters.initial(TrainingConfig.MNIST_LAYERS, config.seed()), mnist.train(), mnist.test());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
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

        TrainingResult result = trainer.run();
        bar.clear();
        if (result.status() != TrainingResult.Status.COMPLETED) {
            err.println("error: " + result.message() + "; nothing saved");
            return 1;
        }
        Provenance provenance = Provenance.ofTraining(config, result.testAccuracy(),
                config.limit() > 0 ? Math.min(config.limit(), mnist.train().count()) : mnist.train().count(), Cli.version());
        ModelFile.save(new Model(ModelFile.nameOf(outFile), result.parameters(), Model.RELU, provenance), outFile);
        if (json) {
            ObjectNode o = mapper.createObjectNode();
            o.put("saved", outFile.toString());
            o.put("test_accuracy", result.testAccuracy());
            out.println(o);
        } else {
            out.printf(Locale.ROOT, "saved %s (test accuracy %.2f%%)%n", outFile, 100 * result.testAccuracy());
        }
        return 0;
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

        /** A redrawn line only makes sense on a terminal, not in a CI log or a file. */
        static boolean onTerminal() {
            String term = System.getenv("TERM");
            return term != null && !term.equals("dumb") && System.getenv("CI") == null;
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
