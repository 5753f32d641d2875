package digitlab.app;

import java.util.List;

/**
 * Where the window opens and how big, from the screens' visual bounds (the screen less panels and docks)
 * and what the settings remember. Plain Java, so the rules are tested without a display.
 * <p>
 * Sizes and places are the window's outer ones, frame included, as JavaFX's {@code Stage} gives and takes
 * them. The rules: the first start opens at {@value #DEFAULT_SHARE} of the primary screen's visual bounds,
 * at most {@value #MAX_DEFAULT_WIDTH}×{@value #MAX_DEFAULT_HEIGHT}, centred on it. A remembered size and place
 * come back when that rectangle still lies on one screen. A remembered window larger than the screen it is
 * on (saved on a larger screen, or the panel grew) is shrunk to that screen's visual bounds. Any other
 * remembered place (its screen gone, or the window pushed partly off) gives the default size, centred on the
 * primary screen. A remembered size without a place comes back centred on the primary screen, shrunk to
 * fit. Never below the minimum size {@value #MIN_WIDTH}×{@value #MIN_HEIGHT}.
 *
 * @param bounds    the window's normal (not maximized) rectangle
 * @param maximized whether it opens maximized, over those normal bounds
 */
public record WindowPlacement(Rect bounds, boolean maximized) {
    /** The smallest window in which every view is laid out whole. */
    public static final double MIN_WIDTH = 800, MIN_HEIGHT = 600;
    /** The first start's size: this share of the primary screen's visual bounds, at most the maximum. */
    public static final double DEFAULT_SHARE = 0.85, MAX_DEFAULT_WIDTH = 1440, MAX_DEFAULT_HEIGHT = 900;
    /** Layout and window managers round to pixels: a rectangle this far over a screen's edge still fits. */
    static final double SLACK = 1;

    /** A rectangle in screen coordinates. */
    public record Rect(double x, double y, double width, double height) {
        public double maxX() {
            return x + width;
        }

        public double maxY() {
            return y + height;
        }

        /** Whether {@code r} lies inside this rectangle, give or take {@link #SLACK}. */
        boolean contains(Rect r) {
            return r.x >= x - SLACK && r.y >= y - SLACK && r.maxX() <= maxX() + SLACK && r.maxY() <= maxY() + SLACK;
        }

        /** The area this rectangle and {@code r} have in common (0 when they do not meet). */
        double overlap(Rect r) {
            double w = Math.min(maxX(), r.maxX()) - Math.max(x, r.x), h = Math.min(maxY(), r.maxY()) - Math.max(y, r.y);
            return w > 0 && h > 0 ? w * h : 0;
        }

        /** A rectangle of {@code w}×{@code h} centred on this one. */
        Rect centred(double w, double h) {
            return new Rect(Math.round(x + (width - w) / 2), Math.round(y + (height - h) / 2), w, h);
        }
    }

    /** The first start's rectangle on a screen with these visual bounds. */
    public static Rect defaultBounds(Rect screen) {
        double w = Math.max(MIN_WIDTH, Math.min(MAX_DEFAULT_WIDTH, Math.round(screen.width() * DEFAULT_SHARE)));
        double h = Math.max(MIN_HEIGHT, Math.min(MAX_DEFAULT_HEIGHT, Math.round(screen.height() * DEFAULT_SHARE)));
        return screen.centred(w, h);
    }

    /**
     * Where the window opens.
     *
     * @param screens    every screen's visual bounds, the primary screen first (at least one)
     * @param remembered the settings; a size or place not remembered is NaN
     */
    public static WindowPlacement of(List<Rect> screens, Settings remembered) {
        if (screens.isEmpty()) {
            throw new IllegalArgumentException("no screen to place the window on");
        }
        Rect primary = screens.get(0), first = defaultBounds(primary);
        boolean maximized = remembered.maximized();
        if (Double.isNaN(remembered.width()) && Double.isNaN(remembered.height())) {
            return new WindowPlacement(first, maximized);
        }
        double w = atLeast(MIN_WIDTH, Double.isNaN(remembered.width()) ? first.width() : remembered.width());
        double h = atLeast(MIN_HEIGHT, Double.isNaN(remembered.height()) ? first.height() : remembered.height());
        if (Double.isNaN(remembered.x()) || Double.isNaN(remembered.y())) {
            return new WindowPlacement(primary.centred(fit(w, MIN_WIDTH, primary.width()),
                    fit(h, MIN_HEIGHT, primary.height())), maximized);
        }
        Rect wanted = new Rect(remembered.x(), remembered.y(), w, h);
        Rect most = null;
        for (Rect screen : screens) {
            if (screen.contains(wanted)) {
                return new WindowPlacement(wanted, maximized);
            }
            if (screen.overlap(wanted) > 0 && (most == null || screen.overlap(wanted) > most.overlap(wanted))) {
                most = screen;
            }
        }
        if (most != null && (w > most.width() + SLACK || h > most.height() + SLACK)) {
            double fw = fit(w, MIN_WIDTH, most.width()), fh = fit(h, MIN_HEIGHT, most.height());
            double left = clamp(wanted.x(), most.x(), most.maxX() - fw), top = clamp(wanted.y(), most.y(), most.maxY() - fh);
            return new WindowPlacement(new Rect(left, top, fw, fh), maximized);
        }
        return new WindowPlacement(first, maximized);
    }

    private static double atLeast(double min, double v) {
        return Math.max(min, v);
    }

    /** {@code v} no larger than {@code room}, yet never below {@code min}. */
    private static double fit(double v, double min, double room) {
        return Math.max(min, Math.min(v, room));
    }

    private static double clamp(double v, double low, double high) {
        return Math.max(low, Math.min(v, Math.max(low, high)));
    }
}
