package digitlab.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import digitlab.nn.OptimizerKind;
import digitlab.nn.Schedule;
import digitlab.nn.TrainingConfig;
import digitlab.nn.TrainingConfig.Field;
import digitlab.nn.TrainingConfig.Problem;

/** The Train view's form read without a display: a config, or every problem at once beside its field. */
class TrainingFormTest {
    private static Map<Field, String> texts(Object... fieldsAndTexts) {
        Map<Field, String> t = TrainingForm.defaultTexts();
        for (int i = 0; i < fieldsAndTexts.length; i += 2) {
            t.put((Field) fieldsAndTexts[i], (String) fieldsAndTexts[i + 1]);
        }
        return t;
    }

    private static TrainingForm.Result read(Map<Field, String> texts) {
        return TrainingForm.read(texts, OptimizerKind.SGD, Schedule.COSINE, true);
    }

    @Test
    void theDefaultFormGivesTheDefaultConfig() {
        TrainingForm.Result r = read(TrainingForm.defaultTexts());

        assertTrue(r.valid());
        assertEquals(List.of(), r.problems());
        assertEquals(TrainingConfig.defaults(), r.config());
    }

    @Test
    void aFilledInFormGivesExactlyWhatWasTyped() {
        TrainingForm.Result r = TrainingForm.read(texts(Field.EPOCHS, " 3 ", Field.BATCH, "1,000", Field.LEARNING_RATE, "0.001",
                Field.MOMENTUM, "0.5", Field.SEED, "-7", Field.LIMIT, "60_000", Field.THREADS, "4"),
                OptimizerKind.ADAM, Schedule.CONSTANT, false);

        assertEquals(new TrainingConfig(3, 1000, 0.001f, OptimizerKind.ADAM, 0.5f, Schedule.CONSTANT, false, -7, 60_000, 4),
                r.config());
    }

    @Test
    void everyTextThatIsNotANumberIsReportedAtOnceEachBesideItsField() {
        TrainingForm.Result r = read(texts(Field.EPOCHS, "many", Field.LEARNING_RATE, "fast", Field.MOMENTUM, "NaN",
                Field.SEED, "1.5", Field.LIMIT, "0", Field.THREADS, ""));

        assertFalse(r.valid());
        assertNull(r.config());
        assertEquals(List.of(
                new Problem(Field.EPOCHS, "Epochs must be a whole number, not 'many'"),
                new Problem(Field.LEARNING_RATE, "Learning rate must be a number like 0.05, not 'fast'"),
                new Problem(Field.MOMENTUM, "Momentum must be a number like 0.05, not 'NaN'"),
                new Problem(Field.SEED, "Seed must be a whole number, like 1"),
                new Problem(Field.LIMIT, "Training images must be 'all' or a number from 1 to 60000"),
                new Problem(Field.THREADS, "Threads must be a whole number, not ''")), r.problems());
    }

    @Test
    void aNumberOutOfRangeIsReportedTogetherWithATextThatIsNoNumber() {
        TrainingForm.Result r = read(texts(Field.EPOCHS, "-1", Field.LEARNING_RATE, "fast", Field.THREADS, "0"));

        assertEquals(List.of(
                new Problem(Field.EPOCHS, "Epochs must be from 1 to 10000, not -1"),
                new Problem(Field.LEARNING_RATE, "Learning rate must be a number like 0.05, not 'fast'"),
                new Problem(Field.THREADS, "Threads must be from 1 to 64, not 0")), r.problems());
    }

    @Test
    void aLongTextIsQuotedShortSoItsProblemFitsTheLineKeptForIt() {
        TrainingForm.Result r = read(texts(Field.LEARNING_RATE, "a very long text that is no number"));

        assertEquals(List.of(new Problem(Field.LEARNING_RATE, "Learning rate must be a number like 0.05, not 'a very long…'")),
                r.problems());
    }

    @Test
    void theConfigsOwnRulesComeBackCapitalisedEachWithItsField() {
        TrainingForm.Result r = read(texts(Field.EPOCHS, "0", Field.LEARNING_RATE, "-0.1", Field.MOMENTUM, "1",
                Field.BATCH, "8", Field.THREADS, "16"));

        assertEquals(List.of(
                new Problem(Field.EPOCHS, "Epochs must be from 1 to 10000, not 0"),
                new Problem(Field.LEARNING_RATE, "Learning rate must be a number above 0 and at most 100, not -0.1"),
                new Problem(Field.MOMENTUM, "Momentum must be at least 0 and below 1, not 1.0"),
                new Problem(Field.THREADS, "A batch of 8 cannot be split between 16 threads")), r.problems());
    }

    @Test
    void aBatchLargerThanTheImagesIsABatchProblem() {
        TrainingForm.Result r = read(texts(Field.LIMIT, "10"));

        assertEquals(List.of(new Problem(Field.BATCH, "A batch of 64 is larger than the 10 training images")), r.problems());
    }

    @Test
    void allImagesIsReadWhateverItsCase() {
        assertEquals(0, read(texts(Field.LIMIT, " ALL ")).config().limit());
    }
}
