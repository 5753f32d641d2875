package digitlab.app.train;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import digitlab.app.widgets.Percent;
import digitlab.dataset.Dataset;
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

    /** Which buttons work, what Pause reads, and whether the settings may be edited. */
    public record Buttons(boolean start, boolean pause, String pauseText, boolean step, boolean stop, boolean reset,
            boolean models, boolean editable) {
    }

    /** The buttons for a session in {@code state}, with a form that reads ({@code formValid}) or not. */
    public static Buttons buttons(TrainingSession.State state, boolean formValid) {
        boolean idle = state == TrainingSession.State.IDLE;
        boolean on = state == TrainingSession.State.RUNNING || state == TrainingSession.State.PAUSED;
        return new Buttons(idle && formValid, on, state == TrainingSession.State.PAUSED ? "Res_ume" : "_Pause",
                on || idle && formValid, on, idle && formValid, state != TrainingSession.State.FETCHING, idle);
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
                String.format(Locale.ROOT, "epoch %d of %d · batch %,d of %,d", b.epoch(), s.config().epochs(), b.batch(),
                        b.batchesPerEpoch()),
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

    /** The epoch panel's line after epoch {@code number}. */
    public static String epochSummary(TrainingListener.EpochReport r, int number) {
        return String.format(Locale.ROOT, "After epoch %d: %s of the %,d test images right (mean loss %.4f, %.1f s).",
                number, Percent.percent(r.testAccuracy()), r.evaluation().n(), r.meanLoss(), r.seconds());
    }

    /** The gallery's title over the misread digits. */
    public static String misreadTitle(int misread) {
        return String.format(Locale.ROOT, "The %,d test digits it got wrong (true → answer); click one to draw with it:", misread);
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
    public static String epochsCsv(List<TrainingListener.EpochReport> epochs) {
        StringBuilder e = new StringBuilder("epoch,mean_loss,test_accuracy,seconds,samples_per_second\n");
        for (int i = 0; i < epochs.size(); i++) {
            TrainingListener.EpochReport r = epochs.get(i);
            e.append(String.format(Locale.ROOT, "%d,%s,%s,%.3f,%.0f%n", i + 1, r.meanLoss(), r.testAccuracy(),
                    r.seconds(), r.samplesPerSecond()));
        }
        return e.toString();
    }

    /** Where the epochs table goes beside the loss table {@code file}: "loss.csv" → "loss-epochs.csv". */
    public static Path epochsFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling(dot > 0 ? name.substring(0, dot) + "-epochs" + name.substring(dot) : name + "-epochs");
    }

    /** A name for weights trained now: "trained-" and the time of day, "trained-142503". */
    public static String trainedName() {
        return "trained-" + LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss"));
    }

    /** {@code file}, with ".json" added when its name lacks it. */
    public static Path modelFile(Path file) {
        return file.getFileName().toString().endsWith(".json") ? file : file.resolveSibling(file.getFileName() + ".json");
    }
}
