package digitlab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The packaged jar, run as a person runs it: {@code java -jar target/digitlab.jar ...}, with no display. */
class JarIT {
    private record Run(int status, String out, String err) {
    }

    private static Run java(String... args) throws Exception {
        return javaIn(null, args);
    }

    /** The jar run from {@code folder} (null: the project's folder). */
    private static Run javaIn(File folder, String... args) throws Exception {
        Path jar = Path.of(System.getProperty("digitlab.jar", "target/digitlab.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), jar + " was built");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("DISPLAY");
        if (folder != null) {
            pb.directory(folder);
        }
        File out = File.createTempFile("digitlab-out", ".txt"), err = File.createTempFile("digitlab-err", ".txt");
        pb.redirectOutput(out).redirectError(err);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished within a minute");
        Run run = new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
        out.delete();
        err.delete();
        return run;
    }

    @Test
    void theGradCommandRunsFromTheJarWithoutADisplay() throws Exception {
        Run r = java("grad", "3*x*x*x + 4*x + 1 + x*z", "x=2", "z=0");

        assertEquals(0, r.status, r.err);
        assertEquals(List.of("y = 33", "dy/dx = 40", "dy/dz = 2"), r.out.lines().toList());
    }

    @Test
    void theShippedModelIsInsideTheJarSoEvalAndPredictWorkFromAnyFolder() throws Exception {
        Path folder = Files.createTempDirectory("digitlab-elsewhere");
        Path image = folder.resolve("one.png");
        java.awt.image.BufferedImage picture = new java.awt.image.BufferedImage(60, 80, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        java.awt.Graphics2D g = picture.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 60, 80);
        g.setColor(java.awt.Color.BLACK);
        g.setStroke(new java.awt.BasicStroke(7, java.awt.BasicStroke.CAP_ROUND, java.awt.BasicStroke.JOIN_ROUND));
        g.drawLine(30, 10, 30, 70); // a vertical stroke: a one
        g.dispose();
        javax.imageio.ImageIO.write(picture, "png", image.toFile());

        Run eval = javaIn(folder.toFile(), "eval", "--json");
        Run predict = javaIn(folder.toFile(), "predict", "--json", "one.png");

        assertEquals(0, eval.status, eval.err);
        assertTrue(eval.out.startsWith("{\"accuracy\":0.98"), eval.out);
        assertEquals(0, predict.status, predict.err);
        assertTrue(predict.out.startsWith("{\"file\":\"one.png\",\"digit\":1,"), predict.out);
    }

    @Test
    void anUnknownCommandExitsWithStatusTwoAndTheUsageOnStderr() throws Exception {
        Run r = java("nonsense");

        assertEquals(2, r.status);
        assertEquals("", r.out);
        assertEquals("error: unknown command 'nonsense'", r.err.lines().findFirst().orElse(""));
        assertTrue(r.err.contains("usage: digitlab"), r.err);
    }

    @Test
    void theVersionComesFromTheBuild() throws Exception {
        Run r = java("--version");

        assertEquals(0, r.status);
        assertTrue(r.out.startsWith("DigitLab 0."), r.out);
    }

    /**
     * What bash offers after {@code words} (the last one being completed), with {@code script} sourced, as
     * one line of the candidates.
     */
    static String completions(Path script, String... words) throws Exception {
        StringBuilder call = new StringBuilder("source \"$1\"; COMP_WORDS=(");
        for (String w : words) {
            call.append("'").append(w).append("' ");
        }
        call.append("); COMP_CWORD=").append(words.length - 1)
                .append("; COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; COMPREPLY=();")
                .append(" $(complete -p ").append(words[0]).append(" | sed 's/.*-F \\([^ ]*\\).*/\\1/') 2>/dev/null;")
                .append(" echo \"${COMPREPLY[*]}\"");
        Process p = new ProcessBuilder("bash", "-c", call.toString(), "bash", script.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash finished");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    }

    @Test
    void theBashCompletionBesideTheJarCompletesTheCommandsAndTheirOptions() throws Exception {
        Path jar = Path.of(System.getProperty("digitlab.jar", "target/digitlab.jar")).toAbsolutePath();
        Path script = jar.resolveSibling("digitlab-completion.bash");
        assertTrue(Files.isRegularFile(script), script + " was generated by the build");

        assertEquals("data grad train eval predict bench help", completions(script, "digitlab", ""));
        assertEquals("train", completions(script, "digitlab", "tr"));
        assertEquals("--epochs", completions(script, "digitlab", "train", "--ep"));
        assertTrue(completions(script, "digitlab", "predict", "--").contains("--model"));
    }

    @Test
    void withoutArgumentsAndWithoutADisplayTheGuiSaysWhyItCannotOpen() throws Exception {
        Run r = java();

        assertEquals(1, r.status, r.out + r.err);
        assertTrue(r.err.contains("cannot open the DigitLab window"), r.err);
    }
}
