package digitlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import digitlab.nn.TrainingConfig.Field;
import digitlab.nn.TrainingConfig.Problem;

/** The settings' rules: every problem at once, each with the setting it is about; the optimizer by kind. */
class TrainingConfigTest {
    @Test
    void theDefaultsHaveNoProblem() {
        assertEquals(List.of(), TrainingConfig.defaults().typedProblems());
        assertEquals(List.of(), TrainingConfig.defaults().problems());
    }

    @Test
    void everyProblemComesAtOnceWithTheSettingItIsAbout() {
        TrainingConfig bad = new TrainingConfig(0, 0, Float.NaN, OptimizerKind.SGD, -1, Schedule.COSINE, false, 1, -5, 65);

        assertEquals(List.of(
                new Problem(Field.EPOCHS, "epochs must be from 1 to 10000, not 0"),
                new Problem(Field.BATCH, "batch size must be from 1 to 60000, not 0"),
                new Problem(Field.LEARNING_RATE, "learning rate must be a number above 0 and at most 100, not NaN"),
                new Problem(Field.MOMENTUM, "momentum must be at least 0 and below 1, not -1.0"),
                new Problem(Field.THREADS, "threads must be from 1 to 64, not 65"),
                new Problem(Field.LIMIT, "limit must be 0 (all) or a positive number of images, not -5")), bad.typedProblems());
        assertEquals(bad.typedProblems().stream().map(Problem::message).toList(), bad.problems());
    }

    @Test
    void aBatchSplitBetweenMoreThreadsThanImagesIsAThreadsProblem() {
        assertEquals(List.of(new Problem(Field.THREADS, "a batch of 4 cannot be split between 8 threads")),
                TrainingConfig.defaults().withBatch(4).withThreads(8).typedProblems());
    }

    @Test
    void validatedNamesEveryProblemInOneMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.defaults().withEpochs(0).withMomentum(2).validated());

        assertEquals("epochs must be from 1 to 10000, not 0; momentum must be at least 0 and below 1, not 2.0", e.getMessage());
    }

    @Test
    void theOptimizerIsReadAndNamedAsSettingsAndModelFilesSpellIt() {
        assertEquals(OptimizerKind.SGD, OptimizerKind.parse("sgd"));
        assertEquals(OptimizerKind.ADAM, OptimizerKind.parse("adam"));
        assertEquals("adam", OptimizerKind.ADAM.id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OptimizerKind.parse("rmsprop"));
        assertEquals("optimizer must be sgd or adam, not 'rmsprop'", e.getMessage());
        assertTrue(OptimizerKind.SGD.usesMomentum() && !OptimizerKind.ADAM.usesMomentum());
        assertEquals("adam", OptimizerKind.ADAM.create(0.9f).name());
    }

    @Test
    void theSummaryLineNamesTheOptimizerAndSgdsMomentum() {
        assertTrue(TrainingConfig.defaults().toString().startsWith("sgd (momentum 0.9), rate 0.05 cosine"),
                TrainingConfig.defaults().toString());
        assertTrue(TrainingConfig.defaults().withOptimizer(OptimizerKind.ADAM).toString().startsWith("adam, rate"));
    }
}
