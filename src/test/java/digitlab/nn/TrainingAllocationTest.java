package digitlab.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import digitlab.testing.RealMnist;

/**
 * Once warm, a training step allocates nothing but the report handed to listeners. Measured in a JVM of
 * its own, as a training process is: in the test JVM, other tests have already compiled the matrix
 * kernels for many odd shapes, which changes what the JIT compiler inlines.
 */
@Tag("slow")
class TrainingAllocationTest {

    /**
     * Trains on real digits, batch 64 split between two threads, and prints the bytes allocated per batch by
     * both training threads together in late windows.
     */
    public static void main(String[] args) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] threads = new long[2];
        long[] windowStart = new long[1];
        List<Long> perBatch = new CopyOnWriteArrayList<>();
        TrainingConfig config = TrainingConfig.defaults().withEpochs(12).withLimit(6400).withThreads(2);
        Trainer t = new Trainer(config, Parameters.initial(TrainingConfig.MNIST_LAYERS, 3), RealMnist.get().train(), null);
        t.addListener(new TrainingListener() {
            private long allocated() {
                return bean.getThreadAllocatedBytes(threads[0]) + bean.getThreadAllocatedBytes(threads[1]);
            }

            @Override
            public void batchDone(BatchReport r) {
                if (threads[0] == 0) { // the batch's own thread, and the other training thread
                    threads[0] = Thread.currentThread().getId();
                    threads[1] = Thread.getAllStackTraces().keySet().stream()
                            .filter(other -> other.getName().startsWith("digitlab-training")).findFirst().orElseThrow().getId();
                }
                if (r.epoch() >= 6 && r.batch() == 1) {
                    windowStart[0] = allocated();
                } else if (r.epoch() >= 6 && r.batch() == 51) {
                    perBatch.add((allocated() - windowStart[0]) / 50);
                }
            }
        });
        t.run();
        System.out.println(perBatch);
    }

    @Test
    void aWarmTrainingStepAllocatesNothingButTheReportForListeners() throws Exception {
        RealMnist.get(); // fetched here, so the child only reads
        // one fresh JVM, no retry: src/bench/allocation-jvms.sh --training ran this in 20 JVMs in a row per
        // vector width (512, 256 under -XX:UseAVX=2, 128) and none boxed a tile
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                TrainingAllocationTest.class.getName()));
        File out = File.createTempFile("allocation", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        String printed = Files.readString(out.toPath()).strip();
        out.delete();
        long best = Long.MAX_VALUE;
        for (String n : printed.replaceAll("[\\[\\]\\s]", "").split(",")) {
            best = Math.min(best, Long.parseLong(n));
        }
        assertTrue(best <= 64, "bytes allocated per batch by both training threads in windows of 50 batches: " + printed
                + "; the BatchReport record alone is 56");
    }
}
