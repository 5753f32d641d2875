package digitlab.cli;

import picocli.CommandLine.Option;

/** {@code --threads N}: how many threads share the work of training and evaluation. */
final class ThreadsOption {
    static final int MAX = 64;

    @Option(names = "--threads", paramLabel = "N", description = "threads to split each batch between, 1 to " + MAX
            + " (default ${DEFAULT-VALUE})")
    private int threads = 1;

    int threads() throws UsageException {
        return Arguments.within("--threads", threads, 1, MAX);
    }
}
