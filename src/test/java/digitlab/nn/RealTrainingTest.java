package digitlab.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import digitlab.data.Mnist;
import digitlab.dataset.Dataset;
import digitlab.testing.RealMnist;

/** A short seeded run on a few thousand real MNIST images. */
@Tag("slow")
class RealTrainingTest {

    @Test
    void aShortSeededRunOnRealDigitsLowersTheLossAndBeatsChanceByFar() {
        Mnist mnist = RealMnist.get();
        Dataset test = mnist.test().first(2000);
        TrainingConfig config = TrainingConfig.defaults().withEpochs(2).withLimit(6000).withAugment(false).withSeed(11);
        Trainer trainer = new Trainer(config, Parameters.initial(TrainingConfig.MNIST_LAYERS, 11), mnist.train(), test);
        List<Float> losses = new ArrayList<>();
        trainer.addListener(new TrainingListener() {
            @Override
            public void batchDone(BatchReport r) {
                losses.add(r.loss());
            }
        });

        TrainingResult result = trainer.run();

        float firstTen = mean(losses.subList(0, 10)), lastTen = mean(losses.subList(losses.size() - 10, losses.size()));
        assertTrue(lastTen < firstTen / 2, "loss " + firstTen + " → " + lastTen);
        assertTrue(result.testAccuracy() > 0.85, "accuracy " + result.testAccuracy() + " (chance is 0.10)");
    }

    private static float mean(List<Float> values) {
        float s = 0;
        for (float v : values) {
            s += v;
        }
        return s / values.size();
    }
}
