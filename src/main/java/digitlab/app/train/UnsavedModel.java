package digitlab.app.train;

/**
 * What happens to a trained model that is not saved when the person closes the app or starts over: ask
 * first (Save / Discard / Cancel), and go on only when the answer allows it. The dialog itself is thin;
 * the decisions are here.
 */
public final class UnsavedModel {
    /** The person's answer. */
    public enum Answer {
        SAVE, DISCARD, CANCEL
    }

    /** What to do next. */
    public enum Next {
        /** Go on with closing or starting over. */
        GO_ON,
        /** Save first (the file dialog), and go on only once it is saved. */
        SAVE_FIRST,
        /** Do nothing: the person changed their mind. */
        STAY
    }

    private UnsavedModel() {
    }

    /** Whether to ask at all: only when a model trained since the last save or reset would be lost. */
    public static boolean mustAsk(boolean unsavedTraining) {
        return unsavedTraining;
    }

    /** What to do after {@code answer}; a closed dialog (null) counts as Cancel. */
    public static Next next(Answer answer) {
        if (answer == null) {
            return Next.STAY;
        }
        return switch (answer) {
            case SAVE -> Next.SAVE_FIRST;
            case DISCARD -> Next.GO_ON;
            case CANCEL -> Next.STAY;
        };
    }

    /** The question: "“mlp … · 97.9%” is not saved. Save it before closing DigitLab?" */
    public static String question(String modelName, String before) {
        return "The model “" + modelName + "” is not saved. Save it before " + before + "?";
    }
}
