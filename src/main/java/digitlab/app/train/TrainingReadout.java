package digitlab.app.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import digitlab.app.widgets.Percent;
import digitlab.dataset.Dataset;
import digitlab.engine.NumberText;
import digitlab.nn.Evaluation;
import digitlab.nn.TrainingListener;

/**
 * What the Train view says about a run, without JavaFX: which buttons work, the progress lines, the
 * epoch panel's titles, the digits of a confusion cell and the epochs table it exports. The view only
 * puts these into its controls.
 */
public final class TrainingReadout {
    /** The progress bar's value when how far it is is unknown (JavaFX's "indeterminate"). */
    public static final double UNKNOWN_PROGRESS = -1;
    /** The epoch panel's line before any epoch. */
    public static final String NO_EPOCH_YET = "The confusion matrix and the misread digits appear after each epoch.";

    private TrainingReadout() {
    }

    /**
     * Which buttons work, what Start and Pause read, and whether the settings may be edited. Start reads
     * "Continue training" once the weights were trained (same weights, a new schedule, epochs counted on);
     * Start over (new weights from the seed, then a run) works only then.
     */
    public record Buttons(boolean start, String startText, boolean startOver, boolean pause, String pauseText,
            boolean step, boolean stop, boolean reset, boolean models, boolean editable) {
    }

    /** The buttons for a session in {@code state}, with a form that reads ({@code formValid}) or not, and weights {@code trained} or fresh. */
    public static Buttons buttons(TrainingSession.State state, boolean formValid, boolean trained) {
        boolean idle = state == TrainingSession.State.IDLE;
        boolean on = state == TrainingSession.State.RUNNING || state == TrainingSession.State.PAUSED;
        return new Buttons(idle && formValid, trained ? "_Continue training" : "_Start", idle && formValid && trained,
                on, state == TrainingSession.State.PAUSED ? "Res_ume" : "_Pause", on || idle && formValid, on,
                idle && formValid, state != TrainingSession.State.FETCHING, idle);
    }

    /**
     * The progress bar (0..1, or {@link #UNKNOWN_PROGRESS}) and its three lines; {@code samples} is null
     * when the line stays as it was (while fetching).
     */
    public record Progress(double fraction, String text, String samples, String speed) {
    }

    /** The progress of the session as {@code s} describes it. */
    public static Progress progress(TrainingSession.Status s) {
        if (s.state() == TrainingSession.State.FETCHING) {
            if (s.fetchWhat() == null) {
                return new Progress(UNKNOWN_PROGRESS, "Getting MNIST ready…", null, "");
            }
            return new Progress(s.fetchTotal() > 0 ? (double) s.fetchDone() / s.fetchTotal() : UNKNOWN_PROGRESS,
                    String.format(Locale.ROOT, "Fetching %s: %.1f MB%s", s.fetchWhat(), s.fetchDone() / 1e6,
                            s.fetchTotal() > 0 ? String.format(Locale.ROOT, " of %.1f MB", s.fetchTotal() / 1e6) : ""),
                    null, "");
        }
        TrainingListener.BatchReport b = s.lastBatch();
        if (b == null) {
            return new Progress(0, s.state() == TrainingSession.State.IDLE ? "Not started." : "Starting…", "", "");
        }
        String speed = switch (s.state()) {
            case PAUSED -> "paused";
            case RUNNING -> Double.isNaN(s.samplesPerSecond()) ? "measuring speed…"
                    : String.format(Locale.ROOT, "%,.0f samples/s · %s left", s.samplesPerSecond(), duration(s.etaSeconds()));
            default -> "";
        };
        return new Progress((double) b.samplesSeen() / b.totalSamples(),
                String.format(Locale.ROOT, "epoch %d of %d · batch %,d of %,d", s.epochsBefore() + b.epoch(),
                        s.epochsBefore() + s.config().epochs(), b.batch(), b.batchesPerEpoch()),
                String.format(Locale.ROOT, "%,d of %,d samples", b.samplesSeen(), b.totalSamples()), speed);
    }

    /** 75 s → "1:15"; NaN → "…". */
    static String duration(double seconds) {
        if (Double.isNaN(seconds) || seconds < 0 || Double.isInfinite(seconds)) {
            return "…";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** The epoch panel's line after epoch {@code e}. */
    public static String epochSummary(TrainingSession.Epoch e) {
        TrainingListener.EpochReport r = e.report();
        return String.format(Locale.ROOT, "After epoch %d: %s of the %,d test images right, %s of the training images "
                + "(mean loss %s, %.1f s).", e.number(), Percent.percent(r.testAccuracy()), r.evaluation().n(),
                Percent.percent(e.trainAccuracy()), NumberText.compact(r.meanLoss()), r.seconds());
    }

    /** The gallery's title over the digits misread after epoch {@code e}, naming the model that misread them. */
    public static String misreadTitle(TrainingSession.Epoch e) {
        return String.format(Locale.ROOT, "Misread by %s after epoch %d: %,d test digits (true → answer); click one to "
                + "draw with it:", e.modelName(), e.number(), e.report().evaluation().misclassified().length);
    }

    /**
     * The line that says which model the view trains: "New weights (not trained yet)", "Training: <name>",
     * "Trained: <name> · not saved".
     */
    public static String modelLine(TrainingSession.State state, boolean trained, String name, boolean unsaved) {
        if (!trained && state == TrainingSession.State.IDLE) {
            return "Model: new weights, not trained yet.";
        }
        boolean on = state == TrainingSession.State.RUNNING || state == TrainingSession.State.PAUSED
                || state == TrainingSession.State.FETCHING;
        return (on ? "Training: " : "Trained: ") + name + (unsaved ? " (not saved)" : " (saved)");
    }

    /** The line under the last batch: its loss ("Batch 1 of epoch 1: loss 2.31"), empty before any. */
    public static String lastLoss(TrainingSession.Status s) {
        TrainingListener.BatchReport b = s.lastBatch();
        return b == null ? "" : String.format(Locale.ROOT, "Last batch (%,d of epoch %d): loss %s", b.batch(),
                s.epochsBefore() + b.epoch(), NumberText.compact(b.loss()));
    }

    /** The test images of a {@code truth} the network read as {@code predicted}: a confusion cell's digits. */
    public static int[] cell(Dataset test, Evaluation e, int truth, int predicted) {
        return IntStream.range(0, e.n()).filter(i -> test.label(i) == truth && e.predictions()[i] == predicted).toArray();
    }

    /** The gallery's title over a confusion cell's {@code count} digits. */
    public static String cellTitle(int count, int truth, int predicted) {
        return String.format(Locale.ROOT, "%,d test images of a %d read as %d:", count, truth, predicted);
    }

    /** Each epoch's figures as CSV, one row per epoch, numbered from 1. */
    public static String epochsCsv(List<TrainingSession.Epoch> epochs) {
        StringBuilder e = new StringBuilder("epoch,mean_loss,test_accuracy,train_accuracy,seconds,samples_per_second\n");
        for (TrainingSession.Epoch epoch : epochs) {
            TrainingListener.EpochReport r = epoch.report();
            e.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%.3f,%.0f%n", epoch.number(), r.meanLoss(), r.testAccuracy(),
                    epoch.trainAccuracy(), r.seconds(), r.samplesPerSecond()));
        }
        return e.toString();
    }

    /** Where the epochs table goes beside the loss table {@code file}: "loss.csv" → "loss-epochs.csv". */
    public static Path epochsFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling(dot > 0 ? name.substring(0, dot) + "-epochs" + name.substring(dot) : name + "-epochs");
    }

    /** {@code file}, with ".json" added when its name lacks it. */
    public static Path modelFile(Path file) {
        return file.getFileName().toString().endsWith(".json") ? file : file.resolveSibling(file.getFileName() + ".json");
    }
}
