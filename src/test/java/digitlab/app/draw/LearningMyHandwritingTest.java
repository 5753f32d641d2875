package digitlab.app.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import digitlab.data.Mnist;
import digitlab.data.MyDigits;
import digitlab.dataset.Dataset;
import digitlab.image.MnistPreparation;
import digitlab.image.Prepared;
import digitlab.model.ModelFile;
import digitlab.nn.Classifier;
import digitlab.nn.FineTuning;
import digitlab.nn.Parameters;
import digitlab.nn.TrainingResult;
import digitlab.testing.RealMnist;

/**
 * "Learn my handwriting", end to end without the screen: a hand that writes 0 with a slash through it, 4
 * closed in one stroke and 7 with a hook and a bar, which the shipped MLP reads half the time, keeps
 * 20 drawings of each in a my-digits folder (as the Draw view would: the canvas's 280 pixels and the 28×28
 * the network saw); fine-tuning on them and MNIST then reads new drawings by the same hand (another
 * seed, never trained on), and the MNIST test set (all 10,000) loses at most 0.3 points.
 */
@Tag("slow")
class LearningMyHandwritingTest {
    /** Strokes in the unit square, as DrawnDigits' SHAPES. */
    static final double[][][] ODD_SHAPES = {
        {{0.5, 0.05, 0.2, 0.2, 0.15, 0.5, 0.2, 0.8, 0.5, 0.95, 0.8, 0.8, 0.85, 0.5, 0.8, 0.2, 0.5, 0.05}, {0.85, 0.05, 0.15, 0.95}},
        {{0.65, 0.95, 0.65, 0.05, 0.15, 0.6, 0.85, 0.6}},
        {{0.1, 0.3, 0.15, 0.08, 0.85, 0.08, 0.45, 0.95}, {0.3, 0.5, 0.8, 0.5}},
    };
    static final int[] ODD_LABELS = {0, 4, 7};
    static final int PER_SHAPE = 20;

    @TempDir
    Path dir;

    /** {@code perShape} drawings of each odd shape, kept in {@code into} as the Draw view keeps them. */
    static void draw(MyDigits into, int perShape, long seed) throws Exception {
        Random random = new Random(seed);
        for (int i = 0; i < perShape; i++) {
            for (int s = 0; s < ODD_SHAPES.length; s++) {
                Drawing.Snapshot drawing;
                Prepared prepared;
                do {
                    drawing = DrawnDigits.drawShape(ODD_SHAPES[s], random);
                    prepared = MnistPreparation.prepare(Drawing.rasterizeForNetwork(drawing, Reader.SIDE)).orElse(null);
                } while (prepared == null);
                into.add(Drawing.rasterize(drawing, Reader.SIDE, 1), prepared.pixels(), ODD_LABELS[s]);
            }
        }
    }

    private static double accuracy(Parameters p, Dataset d) {
        return new Classifier(p).evaluate(d).accuracy();
    }

    @Test
    void afterFineTuningTheNetworkReadsMostNewDrawingsOfTheOddHandAndMnistLosesAtMostAThirdOfAPoint() throws Exception {
        MyDigits mine = new MyDigits(dir.resolve("mine")), unseen = new MyDigits(dir.resolve("unseen"));
        draw(mine, PER_SHAPE, 11);
        draw(unseen, PER_SHAPE, 12);
        Mnist mnist = RealMnist.get();
        Parameters shipped = ModelFile.loadBundled().parameters();
        double unseenBefore = accuracy(shipped, unseen.dataset());

        FineTuning tuning = new FineTuning(FineTuning.defaults().withThreads(2), shipped, mine.dataset(), mnist.train(), mnist.test());
        FineTuning.Result r = tuning.run();

        double unseenAfter = accuracy(r.parameters(), unseen.dataset());
        System.out.printf(Locale.ROOT, "%s; unseen drawings of the same hand: %.1f%% → %.1f%%; %d copies of each digit%n",
                r.summary(), 100 * unseenBefore, 100 * unseenAfter, tuning.copies());
        assertEquals(TrainingResult.Status.COMPLETED, r.training().status());
        assertTrue(r.mineBefore().accuracy() < 0.65, "the shipped MLP misreads this hand: " + r.summary());
        assertTrue(unseenBefore < 0.65, "unseen before " + unseenBefore);
        assertTrue(r.mineAfter().accuracy() >= 0.9, r.summary());
        assertTrue(unseenAfter >= 0.85, "unseen after " + unseenAfter);
        assertTrue(r.mnistDropPoints() <= FineTuning.MAX_MNIST_DROP_POINTS, r.summary());
        assertTrue(r.keeps(), r.refusal());
        assertEquals(accuracy(r.parameters(), mnist.test()), r.mnistAfter().accuracy(), 1e-12);
    }
}
