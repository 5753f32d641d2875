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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import digitlab.data.DataUnavailableException;
import digitlab.data.FakeMnist;
import digitlab.data.MirrorServer;
import digitlab.data.Mnist;
import digitlab.data.MnistCache;

/**
 * Every command that needs MNIST answers the same cause with the same exit status: 2 for a wrong
 * folder or file the user named (left as it is), 1 when the files could not be fetched.
 */
class MnistDataStatusTest {
    @TempDir
    Path dir;
    private MirrorServer server;
    private final Map<String, byte[]> files = FakeMnist.files();

    private record Run(int status, String out, String err) {
    }

    @BeforeEach
    void start() throws IOException {
        server = new MirrorServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.toList();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"data", "eval", "train", "bench"})
    void aWrongFileInTheFolderGivenWithDataIsStatusTwoNamedAndLeftAsItIs(String command) throws IOException {
        Path data = Files.createDirectory(dir.resolve("mine"));
        // the real test labels are 10008 bytes; this copy was cut short
        byte[] theirs = new byte[100];
        Path file = Files.write(data.resolve(Mnist.TEST_LABELS), theirs);

        Run r = cli(command, "--data", data.toString());

        assertEquals(2, r.status, r.err);
        assertTrue(r.err.contains("error: " + file + ": 100 bytes long, not the expected 10008 (cut short); SHA-256 "), r.err);
        assertTrue(r.err.contains("\nleft as it is: --data names a folder of yours"), r.err);
        assertEquals("", r.out);
        assertArrayEquals(theirs, Files.readAllBytes(file));
        assertEquals(List.of(file), list(data));
    }

    @ParameterizedTest
    @ValueSource(strings = {"data", "eval", "train", "bench"})
    void aDataFolderThatDoesNotExistIsStatusTwoAndIsNotCreated(String command) {
        Path typo = dir.resolve("mnsit");

        Run r = cli(command, "--data", typo.toString());

        assertEquals(2, r.status, r.err);
        assertEquals("error: no such folder: " + typo + "; --data must name an existing folder", r.err.strip().lines()
                .filter(l -> l.startsWith("error:")).findFirst().orElse(r.err));
        assertFalse(Files.exists(typo));
    }

    // ---- the same with an environment of the test's making ----

    /**
     * data, eval and train, each run with {@code args} in an environment with no npm on the PATH, the
     * local server as the only mirror, the fake MNIST's checksums, and {@code extraEnv}; as the
     * exception each throws.
     */
    private List<Exception> failures(Map<String, String> extraEnv, String... args) throws IOException {
        Map<String, String> env = new HashMap<>(Map.of(
                "PATH", Files.createDirectories(dir.resolve("empty-bin")).toString(),
                "DIGITLAB_MNIST_MIRRORS", server.mirror("m").toString()));
        env.putAll(extraEnv);
        UnaryOperator<MnistCache> fake = cache -> cache.withSums(FakeMnist.sums(files))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)).withAttempts(1, Duration.ZERO);
        MnistAccess access = new MnistAccess(env, dir.resolve("home"), fake);
        List<Command> commands = List.of(new DataCommand(env, dir.resolve("home"), fake, false),
                new EvalCommand(access), new TrainCommand(access));
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return commands.stream().<Exception>map(c -> assertThrows(Exception.class, () -> c.run(List.of(args), sink, sink),
                c.name())).toList();
    }

    @Test
    void whenNoSourceHasTheFilesDataEvalAndTrainAllFailWithStatusOneNamingTheFilesEachNeeds() throws IOException {
        // every mirror request is a 404
        Path data = Files.createDirectory(dir.resolve("empty"));

        List<Exception> failures = failures(Map.of(), "--data", data.toString());

        List<List<String>> needed = List.of(Mnist.FILE_NAMES, Mnist.TEST_FILE_NAMES, Mnist.FILE_NAMES);
        for (int i = 0; i < failures.size(); i++) {
            Exception e = failures.get(i);
            // Cli gives 1 for anything but a UsageException or BadInputException
            assertTrue(e instanceof DataUnavailableException, e.toString());
            assertTrue(e.getMessage().startsWith("could not get " + String.join(", ", needed.get(i)) + " into " + data),
                    e.getMessage());
        }
    }

    @Test
    void evalReadsOnlyTheTestFilesSoAWrongTrainingFileNeitherStopsItNorIsFetched() throws IOException {
        Path data = Files.createDirectory(dir.resolve("mine"));
        files.forEach((name, bytes) -> server.serve("/m/" + name + ".gz", MirrorServer.body(FakeMnist.gzip(bytes))));
        Files.write(data.resolve(Mnist.TEST_IMAGES), files.get(Mnist.TEST_IMAGES));
        Files.write(data.resolve(Mnist.TEST_LABELS), files.get(Mnist.TEST_LABELS));
        Files.write(data.resolve(Mnist.TRAIN_LABELS), files.get(Mnist.TEST_LABELS));

        Exception e = failures(Map.of("DIGITLAB_DATA", data.toString())).get(1);

        // past the files: the fake test images (4×3) were read, and are the wrong size for the shipped model
        assertTrue(e instanceof BadInputException, e.toString());
        assertEquals("mnist-mlp takes 784 inputs, but MNIST images have 12 pixels", e.getMessage());
        assertEquals(0, server.hits("/m/" + Mnist.TRAIN_IMAGES + ".gz"));
        assertFalse(Files.exists(data.resolve(Mnist.TRAIN_IMAGES)));
    }

    @Test
    void aDigitlabDataFolderThatDoesNotExistIsBadInputForDataEvalAndTrain() throws IOException {
        Path typo = dir.resolve("nowhere");
        Map<String, String> env = Map.of("DIGITLAB_DATA", typo.toString());

        List<Exception> failures = failures(env);

        for (Exception e : failures) {
            assertTrue(e instanceof BadInputException, e.toString());
            assertEquals("no such folder: " + typo + "; DIGITLAB_DATA must name an existing folder", e.getMessage());
        }
        assertFalse(Files.exists(typo));
    }

    @Test
    void aWrongFileInTheDigitlabDataFolderIsBadInputForDataEvalAndTrain() throws IOException {
        Path data = Files.createDirectory(dir.resolve("mine"));
        files.forEach((name, bytes) -> server.serve("/m/" + name + ".gz", MirrorServer.body(FakeMnist.gzip(bytes))));
        // a test file, which every one of them reads: the training labels in its place
        Path file = Files.write(data.resolve(Mnist.TEST_LABELS), files.get(Mnist.TRAIN_LABELS));
        Map<String, String> env = Map.of("DIGITLAB_DATA", data.toString());

        List<Exception> failures = failures(env);

        for (Exception e : failures) {
            assertTrue(e instanceof BadInputException, e.toString());
            assertTrue(e.getMessage().startsWith(file + ": SHA-256 of its 13 bytes is "), e.getMessage());
            assertTrue(e.getMessage().contains("left as it is: DIGITLAB_DATA names a folder of yours"), e.getMessage());
        }
        assertArrayEquals(files.get(Mnist.TRAIN_LABELS), Files.readAllBytes(file));
        assertEquals(List.of(file), list(data));
        assertEquals(0, server.totalHits());
    }

    @Test
    void aMalformedMirrorListIsBadInputForDataEvalAndTrain() throws IOException {
        Map<String, String> env = Map.of("DIGITLAB_MNIST_MIRRORS", "ftp://mirror.example/");

        List<Exception> failures = failures(env);

        for (Exception e : failures) {
            assertTrue(e instanceof BadInputException, e.toString());
            assertEquals("DIGITLAB_MNIST_MIRRORS: 'ftp://mirror.example/' is not an http or https URL", e.getMessage());
        }
    }
}
