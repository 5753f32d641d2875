package digitlab.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A trained model that is not saved is asked about before it is lost. */
class UnsavedModelTest {
    @Test
    void onlyUnsavedTrainingIsAskedAbout() {
        assertTrue(UnsavedModel.mustAsk(true));
        assertFalse(UnsavedModel.mustAsk(false));
    }

    @Test
    void saveSavesFirstDiscardGoesOnAndCancelOrClosingTheDialogStays() {
        assertEquals(UnsavedModel.Next.SAVE_FIRST, UnsavedModel.next(UnsavedModel.Answer.SAVE));
        assertEquals(UnsavedModel.Next.GO_ON, UnsavedModel.next(UnsavedModel.Answer.DISCARD));
        assertEquals(UnsavedModel.Next.STAY, UnsavedModel.next(UnsavedModel.Answer.CANCEL));
        assertEquals(UnsavedModel.Next.STAY, UnsavedModel.next(null));
    }

    @Test
    void theQuestionNamesTheModelAndWhatWouldLoseIt() {
        assertEquals("The model “mlp x” is not saved. Save it before closing DigitLab?",
                UnsavedModel.question("mlp x", "closing DigitLab"));
    }
}
