package digitlab.app.train;

/** The Train view's layout maths, without JavaFX: when the charts and the epoch panel fit side by side. */
public final class TrainLayout {
    /** The narrowest the charts are drawn beside the epoch panel. */
    public static final double CHARTS_MIN_WIDTH = 420;
    /** The epoch panel's width: the whole confusion matrix and the gallery. */
    public static final double PANEL_WIDTH = 350;
    /** Space between the charts and the panel. */
    public static final double GAP = 12;

    private TrainLayout() {
    }

    /**
     * Whether an area {@code width} wide holds the charts and the epoch panel side by side; when not, the
     * panel goes under the charts (and the area scrolls), so no column of the confusion matrix is lost.
     */
    public static boolean sideBySide(double width) {
        return width >= CHARTS_MIN_WIDTH + GAP + PANEL_WIDTH;
    }
}
