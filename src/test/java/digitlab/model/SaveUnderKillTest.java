package digitlab.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import digitlab.nn.Parameters;

/**
 * A process killed with SIGKILL at a random moment while it saves models over one file leaves that file
 * either as it was or as the complete new model: never half of one. Checked with a child JVM that saves
 * two different models in turn, as fast as it can, killed after a random time, many times.
 */
@Tag("slow")
class SaveUnderKillTest {
    static final int[] LAYERS = {784, 128, 64, 10};

    static Model model(long seed) {
        return new Model("m" + seed, Parameters.initial(LAYERS, seed), Provenance.unknown());
    }

    /** The child: saves model 1 and model 2 over args[0], one after the other, until killed. */
    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        Model[] models = {model(1), model(2)};
        for (int i = 0; ; i++) {
            ModelFile.save(models[i % 2], file);
            if (i == 1) {
                System.out.println("saving"); // both have been saved once: the saves are warm
                System.out.flush();
            }
        }
    }

    @Test
    void killingTheProcessMidSaveNeverLeavesABrokenModel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.json");
        ModelFile.save(model(0), file);
        Parameters[] known = {model(0).parameters(), model(1).parameters(), model(2).parameters()};
        Random random = new Random(9);
        int kills = 40, whole = 0;
        List<String> seen = new ArrayList<>();
        for (int k = 0; k < kills; k++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                    SaveUnderKillTest.class.getName(), file.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            // wait until it is saving, then kill it somewhere inside a save (one takes ~20-60 ms)
            child.getInputStream().read();
            Thread.sleep(random.nextInt(120));
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "the child ended");
            Model loaded = ModelFile.load(file); // throws if the file is broken
            int which = -1;
            for (int m = 0; m < known.length; m++) {
                if (loaded.parameters().sameAs(known[m])) {
                    which = m;
                }
            }
            assertTrue(which >= 0, "kill " + k + ": the file holds a model that was never saved");
            seen.add(Integer.toString(which));
            whole++;
        }
        // the kills did land during the saving: both models show up
        assertTrue(seen.contains("1") && seen.contains("2"), "models found after the kills: " + seen);
        long temps;
        try (var list = Files.list(dir)) {
            temps = list.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
        System.out.printf("kill -9 during saves: %d kills, the model file whole after every one (%s); %d temp files left by the kills%n",
                whole, String.join("", seen), temps);
        // the next save clears those once they are an hour old (younger ones may be another process's save)
        try (var list = Files.list(dir)) {
            for (Path t : list.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.setLastModifiedTime(t, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(7200)));
            }
        }
        ModelFile.save(model(3), file);
        try (var list = Files.list(dir)) {
            assertTrue(list.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "stale temp files removed");
        }
    }
}
