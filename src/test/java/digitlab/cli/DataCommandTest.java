package digitlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import digitlab.data.FakeMnist;
import digitlab.data.MirrorServer;
import digitlab.data.MnistCache;

class DataCommandTest {
    @TempDir
    Path dir;
    private MirrorServer server;
    private final Map<String, byte[]> files = FakeMnist.files();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        server = new MirrorServer();
        files.forEach((name, data) -> server.serve("/m/" + name + ".gz", MirrorServer.body(FakeMnist.gzip(data))));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** The command in an environment with no npm on the PATH and the local server as the only mirror. */
    private DataCommand command(Map<String, String> extraEnv) throws IOException {
        Path emptyBin = Files.createDirectories(dir.resolve("empty-bin"));
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "PATH", emptyBin.toString(),
                "DIGITLAB_MNIST_MIRRORS", server.mirror("m").toString()));
        env.putAll(extraEnv);
        return new DataCommand(env, dir.resolve("home"),
                cache -> cache.withSums(FakeMnist.sums(files)).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))
                        .withAttempts(1, Duration.ZERO),
                false);
    }

    private int run(DataCommand command, String... args) throws Exception {
        return command.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void fetchesTheFilesAndPrintsTheFolderOnStdout() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("mnist"));

        int status = run(command(Map.of()), "--data", folder.toString());

        assertEquals(0, status);
        assertEquals(folder + System.lineSeparator(), out());
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertArrayEquals(f.getValue(), Files.readAllBytes(folder.resolve(f.getKey())));
        }
        assertTrue(err().contains("train-images-idx3-ubyte: from " + server.mirror("m") + "train-images-idx3-ubyte.gz, verified"), err());
        assertTrue(err().contains("all 4 files verified in " + folder), err());
        assertFalse(err().contains("\r"), "no carriage returns when stderr is not a terminal");
    }

    @Test
    void withoutTheOptionTheFolderComesFromTheEnvironment() throws Exception {
        Path xdg = dir.resolve("xdg-cache");

        int status = run(command(Map.of("XDG_CACHE_HOME", xdg.toString())));

        assertEquals(0, status);
        assertEquals(xdg.resolve("digitlab/mnist") + System.lineSeparator(), out());
        assertTrue(Files.isRegularFile(xdg.resolve("digitlab/mnist/t10k-labels-idx1-ubyte")));
    }

    @Test
    void whenNothingWorksTheErrorSaysWhatWasTriedAndNothingIsPrinted() throws Exception {
        server.serve("/m/t10k-labels-idx1-ubyte.gz", MirrorServer.status(404));
        Path folder = Files.createDirectory(dir.resolve("mnist"));

        IOException e = assertThrows(IOException.class, () -> run(command(Map.of()), "--data", folder.toString()));

        assertTrue(e.getMessage().startsWith("could not get t10k-labels-idx1-ubyte into " + folder), e.getMessage());
        assertTrue(e.getMessage().contains("skipped: no npm executable on the PATH"), e.getMessage());
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz: HTTP status 404"), e.getMessage());
        assertEquals("", out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--bogus|unknown option '--bogus'",
        "somewhere|unexpected argument 'somewhere'; the folder goes after --data",
        "--data|--data needs a folder",
        "--data=|--data needs a folder",
        "--data a --data b|--data is given twice",
    })
    void badArgumentsAreUsageErrors(String args, String message) throws IOException {
        DataCommand command = command(Map.of());

        UsageException e = assertThrows(UsageException.class, () -> run(command, args.split(" ")));

        assertEquals(message, e.getMessage());
        assertEquals(0, server.totalHits());
    }

    @Test
    void onATerminalProgressIsOneLineRewrittenInPlace() {
        DataCommand.ProgressLines line = new DataCommand.ProgressLines(new PrintStream(err, true, StandardCharsets.UTF_8), true);

        line.progress("x.gz from mirror", 500_000, 1_000_000);
        line.progress("x.gz from mirror", 1_000_000, 1_000_000);
        line.message("x: verified");

        String text = err();
        assertTrue(text.startsWith("\rx.gz from mirror  0.5 MB of 1.0 MB  50%\rx.gz from mirror  1.0 MB of 1.0 MB  100%"), text);
        // the message first wipes the progress line, then stands on a line of its own
        assertTrue(text.endsWith("\r" + " ".repeat("x.gz from mirror  1.0 MB of 1.0 MB  100%".length()) + "\rx: verified" + System.lineSeparator()), text);
        assertEquals(text.length() - System.lineSeparator().length(), text.indexOf(System.lineSeparator()), "one line ending, at the end");
    }

    @Test
    void elsewhereProgressIsAPlainLineAtEachQuarter() {
        DataCommand.ProgressLines line = new DataCommand.ProgressLines(new PrintStream(err, true, StandardCharsets.UTF_8), false);

        for (long done = 0; done <= 1000; done += 50) {
            line.progress("y", done, 1000);
        }

        String[] lines = err().split("\\R");
        assertEquals(List.of("y  0.0 MB of 0.0 MB  0%", "y  0.0 MB of 0.0 MB  25%", "y  0.0 MB of 0.0 MB  50%",
                "y  0.0 MB of 0.0 MB  75%", "y  0.0 MB of 0.0 MB  100%"), List.of(lines));
        assertFalse(err().contains("\r"));
    }

    @Test
    void progressIntoAnyStreamButTheProcesssStderrIsPlainLines() {
        DataCommand.ProgressLines line = new DataCommand.ProgressLines(new PrintStream(err, true, StandardCharsets.UTF_8));

        line.progress("z", 1, 2);
        line.message("done");

        assertEquals("z  0.0 MB of 0.0 MB  50%" + System.lineSeparator() + "done" + System.lineSeparator(), err());
    }

    @Test
    void theUsageNamesTheOptionAndTheEnvironment() throws IOException {
        String usage = command(Map.of()).usage();

        assertTrue(usage.startsWith("usage: digitlab data [-h] [--data=DIR]"), usage);
        assertTrue(usage.contains("DIGITLAB_DATA") && usage.contains("DIGITLAB_MNIST_MIRRORS") && usage.contains(MnistCache.NPM_PACKAGE), usage);
    }
}
