package digitlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jlink image is built from jlink.properties: a copy of the project with other values in that file
 * (another launcher name, output folder and JVM option) is built with the documented command, and the
 * image that comes out has them, answers --version and eval, and opens its window under Xvfb. Its launcher
 * is our own script: it works where people install programs, in a folder whose path has spaces and through
 * symbolic links (absolute, or a chain of relative ones), and passes arguments on intact.
 */
class JlinkImageIT {
    @TempDir
    static Path dir;
    private static Path project, image, launcher;
    /** A copy of the image in a folder whose path has spaces, as in "/home/me/my apps/digitlab". */
    private static Path spaced;

    record Run(int exit, String out) {
    }

    private static Run run(Path folder, long seconds, String... command) throws Exception {
        return run(folder, seconds, Map.of(), command);
    }

    private static Run run(Path folder, long seconds, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path log = Files.createTempFile(dir, "run", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s:\n" + Files.readString(log));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path f : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Copies a tree as it is: modes kept, symbolic links copied as links (a jlink image has some). */
    private static void copyImage(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path f : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    @BeforeAll
    static void buildTheImageFromChangedSettings() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        project = dir.resolve("project");
        Files.createDirectories(project);
        Files.copy(root.resolve("pom.xml"), project.resolve("pom.xml"));
        copy(root.resolve("src/main"), project.resolve("src/main"));
        copy(root.resolve("models"), project.resolve("models"));
        List<String> settings = new ArrayList<>();
        for (String line : Files.readAllLines(root.resolve("jlink.properties"))) {
            if (line.startsWith("jlink.launcher=")) {
                line = "jlink.launcher=digitlab-check";
            } else if (line.startsWith("jlink.output=")) {
                line = "jlink.output=check-image";
            } else if (line.startsWith("jlink.vmOptions=")) {
                line = line + " -Ddigitlab.imagecheck=on";
            }
            settings.add(line);
        }
        Files.write(project.resolve("jlink.properties"), settings);
        Run build = run(project, 600, "mvn", "-q", "-B", "-Pjlink", "-Dmaven.test.skip=true", "package");
        assertEquals(0, build.exit(), "the documented build command failed:\n" + build.out());
        image = project.resolve("target/check-image");
        launcher = image.resolve("bin/digitlab-check");
        spaced = dir.resolve("my apps").resolve("digit lab");
        copyImage(image, spaced);
    }

    @Test
    void theImageHasTheLauncherNameFolderAndJvmOptionsOfJlinkProperties() throws Exception {
        assertTrue(Files.isExecutable(launcher), "bin/digitlab-check from jlink.launcher in " + image);
        assertFalse(Files.exists(image.resolve("bin/digitlab")), "the default launcher name is not used");
        String script = Files.readString(launcher);
        assertTrue(script.contains("-Ddigitlab.imagecheck=on"), script);
        assertTrue(script.contains("-XX:+UseSerialGC"), script);
        assertEquals(PosixFilePermissions.fromString("rwxr-xr-x"), Files.getPosixFilePermissions(launcher));
        assertTrue(script.startsWith("#!/bin/sh\n") && script.contains("exec \"$java\" ")
                && !script.matches("(?s).*@[A-Z_]+@.*"), "our own launcher, every token filled in:\n" + script);
        // the options reach the JVM: the java launcher shows the system properties when asked to
        Run shown = run(dir, 60, Map.of("JDK_JAVA_OPTIONS", "-XshowSettings:properties"), launcher.toString(), "--version");
        assertEquals(0, shown.exit(), shown.out());
        assertTrue(shown.out().contains("digitlab.imagecheck = on"), shown.out());
    }

    /** A run of --version: exit 0 and the version printed. */
    private static void assertVersion(Run run) {
        assertEquals(0, run.exit(), run.out());
        assertTrue(run.out().matches("(?s).*DigitLab \\d+\\.\\d+.*"), run.out());
    }

    @Test
    void theLauncherRunsTheImageFromAFolderWhosePathHasSpaces() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        assertVersion(run(elsewhere, 60, spaced.resolve("bin/digitlab-check").toString(), "--version"));
        // and called by a relative path from inside the image
        assertVersion(run(spaced, 60, "sh", "-c", "bin/digitlab-check --version"));
    }

    @Test
    void theLauncherCalledThroughAnAbsoluteSymbolicLinkInAnotherFolderRunsTheImage() throws Exception {
        Path links = Files.createDirectories(dir.resolve("links"));
        Path link = Files.createSymbolicLink(links.resolve("digitlab"), launcher);
        assertVersion(run(dir, 60, link.toString(), "--version"));
        // found on the PATH, as a program installed by a link in ~/bin is, and the image's path has spaces
        Files.createSymbolicLink(links.resolve("digitlab-spaced"), spaced.resolve("bin/digitlab-check"));
        assertVersion(run(dir, 60, Map.of("PATH", links + ":" + System.getenv("PATH")), "sh", "-c",
                "digitlab-spaced --version"));
    }

    @Test
    void theLauncherCalledThroughAChainOfRelativeSymbolicLinksRunsTheImage() throws Exception {
        Path one = Files.createDirectories(dir.resolve("chain one")), two = Files.createDirectories(dir.resolve("chain two"));
        // two/c -> ../chain one/a -> b -> ../my apps/digit lab/bin/digitlab-check
        Files.createSymbolicLink(one.resolve("b"), Path.of("../my apps/digit lab/bin/digitlab-check"));
        Files.createSymbolicLink(one.resolve("a"), Path.of("b"));
        Path c = Files.createSymbolicLink(two.resolve("c"), Path.of("../chain one/a"));
        assertVersion(run(dir, 60, c.toString(), "--version"));
        assertVersion(run(two, 60, "sh", "-c", "./c --version"));
    }

    @Test
    void theImageLoadsDigitLabFromItsClassDataSharingArchiveWhereverItIsAndThroughALink() throws Exception {
        assertTrue(Files.isRegularFile(image.resolve("lib/digitlab-check.jsa")), "the archive, named after the launcher");
        assertTrue(Files.isRegularFile(image.resolve("lib/server/classes.jsa")), "the JDK's own archive");
        Path links = Files.createDirectories(dir.resolve("archive links"));
        Path link = Files.createSymbolicLink(links.resolve("dl"), spaced.resolve("bin/digitlab-check"));
        // the java launcher logs each class's source when asked to
        Run run = run(dir, 60, Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info"), link.toString(), "--version");
        assertVersion(run);
        // a static archive (made from a class list at build time) names no layer; an archive written at exit says "(top)"
        assertTrue(run.out().contains("digitlab.Launcher source: shared objects file"),
                "DigitLab's classes come from the archive of the image, found through the link:\n"
                        + run.out().lines().filter(l -> l.contains("digitlab.")).limit(5).toList());
    }

    @Test
    void theWindowHasAnArchiveWithJavaFxsClassesAndTheCommandsOneWithout() throws Exception {
        Path java = image.resolve("bin/java");
        Run window = run(dir, 60, java.toString(), "-XX:SharedArchiveFile=" + image.resolve("lib/digitlab-check-window.jsa"),
                "-XX:+PrintSharedArchiveAndExit");
        assertTrue(window.out().contains(" javafx.scene.control.Button app_loader"), "the window's classes are archived");
        assertTrue(window.out().contains(" digitlab.app.DigitLabApp app_loader"), "DigitLab's window too");
        Run commands = run(dir, 60, java.toString(), "-XX:SharedArchiveFile=" + image.resolve("lib/digitlab-check.jsa"),
                "-XX:+PrintSharedArchiveAndExit");
        assertTrue(commands.out().contains(" digitlab.Launcher app_loader"), commands.out().lines().limit(20).toList().toString());
        assertFalse(commands.out().contains(" javafx.scene.control.Button "), "the commands' archive stays small");
    }

    @Test
    void argumentsWithSpacesQuotesAndStarsReachTheProgramIntact() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Run grad = run(elsewhere, 60, launcher.toString(), "grad", "x * y", "x=2", "y=3");
        assertEquals(0, grad.exit(), grad.out());
        assertTrue(grad.out().contains("y = 6\ndy/dx = 3\ndy/dy = 2"), grad.out());
        String odd = dir.resolve("no such 'folder\" here").resolve("*.png").toString();
        Run predict = run(elsewhere, 60, launcher.toString(), "predict", odd);
        assertEquals(2, predict.exit(), predict.out());
        assertTrue(predict.out().contains(odd + ": does not exist"), "the path as given:\n" + predict.out());
    }

    @Test
    void theLauncherPrintsTheVersionEvaluatesThePackagedModelAndTrainsWithTheFastProducts() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Run version = run(elsewhere, 60, launcher.toString(), "--version");
        assertEquals(0, version.exit(), version.out());
        assertTrue(version.out().contains("DigitLab "), version.out());
        Run eval = run(elsewhere, 300, launcher.toString(), "eval");
        assertEquals(0, eval.exit(), eval.out());
        assertTrue(eval.out().contains("98.65%"), "the packaged model's accuracy:\n" + eval.out());
        // eval runs on the plain kernels (one pass does not repay the vector ones' warm-up); training does not
        Run bench = run(elsewhere, 300, launcher.toString(), "bench", "--epochs", "1", "--warmup", "0", "--json");
        assertEquals(0, bench.exit(), bench.out());
        assertTrue(bench.out().contains("\"kernels\":\"vector ("), bench.out());
        assertFalse(bench.out().contains("Vector API is not enabled"), bench.out());
    }

    @Test
    void theImageShowsACommandsOptionsAndCompletesThemInBashUnderTheLaunchersName() throws Exception {
        Run help = run(dir, 60, launcher.toString(), "train", "--help");
        assertEquals(0, help.exit(), help.out());
        assertTrue(help.out().contains("usage: digitlab train") && help.out().contains("--epochs=N")
                && help.out().contains("--out=FILE") && help.out().contains("--force"), help.out());
        Path completion = image.resolve("share/bash-completion/completions/digitlab-check");
        assertTrue(Files.isRegularFile(completion), "bash completion for the launcher in " + image);
        assertEquals("train", JarIT.completions(completion, "digitlab-check", "tr"));
        assertEquals("--epochs", JarIT.completions(completion, "digitlab-check", "train", "--ep"));
    }

    @Test
    void theLauncherWithNoArgumentsOpensTheWindowUnderXvfb() throws Exception {
        String script = "\"" + launcher + "\" > \"" + dir.resolve("gui.log") + "\" 2>&1 & pid=$!; "
                + "for i in $(seq 1 40); do sleep 0.5; xwininfo -root -tree 2>/dev/null | grep -q '\"DigitLab\"' && break; done; "
                + "echo \"windows=$(xwininfo -root -tree | grep -c '\"DigitLab\"')\"; "
                + "if kill $pid 2>/dev/null; then echo 'still running'; else wait $pid; echo \"exited by itself with $?\"; fi; true";
        Run gui = run(dir, 120, "xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "bash", "-c", script);
        assertEquals(0, gui.exit(), "needs xvfb-run and xwininfo (.ci/run installs them):\n" + gui.out());
        String windows = gui.out().lines().filter(l -> l.startsWith("windows=")).findFirst().orElse("windows=0");
        assertTrue(Integer.parseInt(windows.substring("windows=".length()).trim()) >= 1,
                "a window titled DigitLab:\n" + gui.out() + "\n" + Files.readString(dir.resolve("gui.log")));
    }
}
