package digitlab.app.train;

/** Samples per second over a sliding window of about a second of batch reports. */
final class SpeedMeter {
    private static final long WINDOW = 1_000_000_000L;
    private final long[] times = new long[256];
    private final long[] samples = new long[256];
    private int count, next;

    synchronized void record(long samplesSeen) {
        times[next] = System.nanoTime();
        samples[next] = samplesSeen;
        next = (next + 1) % times.length;
        count = Math.min(count + 1, times.length);
    }

    synchronized double samplesPerSecond() {
        if (count < 2) {
            return Double.NaN;
        }
        int newest = (next - 1 + times.length) % times.length;
        int oldest = newest;
        for (int i = 1; i < count; i++) {
            int at = (newest - i + times.length) % times.length;
            oldest = at;
            if (times[newest] - times[at] >= WINDOW) {
                break;
            }
        }
        long dt = times[newest] - times[oldest];
        return dt <= 0 ? Double.NaN : (samples[newest] - samples[oldest]) * 1e9 / dt;
    }

    synchronized void reset() {
        count = 0;
        next = 0;
    }
}
