package digitlab.app.mine;

import java.util.Locale;

import digitlab.nn.Evaluation;
import digitlab.nn.FineTuning;
import digitlab.nn.TrainingListener.EpochReport;

/**
 * What the "It's a …" row and the My digits pane say, as plain functions (tested without a display).
 */
public final class MyDigitsPresenter {
    private MyDigitsPresenter() {
    }

    /** "Saved as a 7 (12 digits in My digits)". */
    public static String saved(int label, int count) {
        return "Saved as a " + label + " (" + digits(count) + " in My digits)";
    }

    /** "1 digit", "12 digits". */
    public static String digits(int count) {
        return count + (count == 1 ? " digit" : " digits");
    }

    /** What a tile under a stored digit says: its label and what the model reads ("4 · reads 9"); {@code read} −1: not read yet. */
    public static String caption(int label, int read) {
        if (read < 0) {
            return label + " · …";
        }
        return label + (read == label ? " · read ✓" : " · reads " + read);
    }

    /** How many of {@code labels} the model reads as labelled ({@code reads}[i] −1: not read). */
    public static String readCount(int[] labels, int[] reads) {
        int right = 0, read = 0;
        for (int i = 0; i < labels.length; i++) {
            if (reads[i] >= 0) {
                read++;
                right += reads[i] == labels[i] ? 1 : 0;
            }
        }
        if (labels.length == 0) {
            return "No digits yet: draw one, choose what it is under \"It's a\" and press Keep.";
        }
        return digits(labels.length) + (read < labels.length ? "" : "; the model reads " + right + " of them right");
    }

    /** "epoch 2/6: MNIST test 98.52%". */
    public static String epoch(EpochReport r) {
        return String.format(Locale.ROOT, "epoch %d/%d: MNIST test %.2f%%", r.epoch(), r.epochs(), 100 * r.testAccuracy());
    }

    /** "epoch 3/6: training… (epoch 2/6: MNIST test 98.52%)"; {@code last} the last {@link #epoch} line, "" before one. */
    public static String training(int epoch, int epochs, String last) {
        return "epoch " + epoch + "/" + epochs + ": training…" + (last.isEmpty() ? "" : " (" + last + ")");
    }

    /** "your digits: 50% → 90%; MNIST test: 98.65% → 98.47% (−0.18 points)". */
    public static String result(Evaluation mineBefore, Evaluation mineAfter, Evaluation mnistBefore, Evaluation mnistAfter) {
        double drop = 100 * (mnistAfter.accuracy() - mnistBefore.accuracy());
        return String.format(Locale.ROOT, "your digits: %s → %s; MNIST test: %.2f%% → %.2f%% (%s%.2f points)",
                whole(mineBefore.accuracy()), whole(mineAfter.accuracy()), 100 * mnistBefore.accuracy(),
                100 * mnistAfter.accuracy(), drop < 0 ? "−" : "+", Math.abs(drop));
    }

    /** {@link #result} of a fine-tuning run, then why it is not kept when it is not. */
    public static String result(FineTuning.Result r) {
        String line = result(r.mineBefore(), r.mineAfter(), r.mnistBefore(), r.mnistAfter());
        return r.keeps() ? line : line + "\nNot kept: " + r.refusal();
    }

    /** "50%", "87.5%": a share as a percentage, whole when it is. */
    static String whole(double share) {
        double p = 100 * share;
        return Math.abs(p - Math.rint(p)) < 1e-9 ? String.format(Locale.ROOT, "%.0f%%", p)
                : String.format(Locale.ROOT, "%.1f%%", p);
    }
}
