package digitlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jlink image is built from jlink.properties: a copy of the project with other values in that file
 * (another launcher name, output folder and JVM option) is built with the documented command, and the
 * image that comes out has them, answers --version and eval, and opens its window under Xvfb.
 */
class JlinkImageIT {
    @TempDir
    static Path dir;
    private static Path project, image, launcher;

    record Run(int exit, String out) {
    }

    private static Run run(Path folder, long seconds, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
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
    }

    @Test
    void theImageHasTheLauncherNameFolderAndJvmOptionsOfJlinkProperties() throws Exception {
        assertTrue(Files.isExecutable(launcher), "bin/digitlab-check from jlink.launcher in " + image);
        assertFalse(Files.exists(image.resolve("bin/digitlab")), "the default launcher name is not used");
        String script = Files.readString(launcher);
        assertTrue(script.contains("-Ddigitlab.imagecheck=on"), script);
        assertTrue(script.contains("-XX:+UseSerialGC"), script);
    }

    @Test
    void theLauncherPrintsTheVersionAndEvaluatesThePackagedModelWithTheFastProducts() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Run version = run(elsewhere, 60, launcher.toString(), "--version");
        assertEquals(0, version.exit(), version.out());
        assertTrue(version.out().contains("DigitLab "), version.out());
        Run eval = run(elsewhere, 300, launcher.toString(), "eval");
        assertEquals(0, eval.exit(), eval.out());
        assertTrue(eval.out().contains("98.65%"), "the packaged model's accuracy:\n" + eval.out());
        assertFalse(eval.out().contains("Vector API is not enabled"), eval.out());
    }

    @Test
    void theLauncherWithNoArgumentsOpensTheWindowUnderXvfb() throws Exception {
        String script = "\"" + launcher + "\" > \"" + dir.resolve("gui.log") + "\" 2>&1 & pid=$!; "
                + "for i in $(seq 1 40); do sleep 0.5; xwininfo -root -tree 2>/dev/null | grep -q '\"DigitLab\"' && break; done; "
                + "xwininfo -root -tree | grep -c '\"DigitLab\"'; kill $pid; wait $pid 2>/dev/null; true";
        Run gui = run(dir, 120, "xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "bash", "-c", script);
        assertEquals(0, gui.exit(), "needs xvfb-run and xwininfo (.ci/run installs them):\n" + gui.out());
        assertTrue(Integer.parseInt(gui.out().trim().lines().reduce((a, b) -> b).orElse("0").trim()) >= 1,
                "a window titled DigitLab:\n" + gui.out() + "\n" + Files.readString(dir.resolve("gui.log")));
    }
}
