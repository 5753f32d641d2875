package digitlab.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** For the command-line tests: one in-process run with its output, and a picture of a digit to read. */
final class CliRun {
    record Result(int status, String out, String err) {
    }

    private CliRun() {
    }

    /** {@code digitlab ARGS} in this process, stdout and stderr caught as UTF-8 text. */
    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int status = Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** A PNG of a one: a thick vertical black stroke on white. */
    static Path writeOne(Path file) throws IOException {
        BufferedImage picture = new BufferedImage(60, 80, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = picture.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 60, 80);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(7, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(30, 10, 30, 70);
        g.dispose();
        ImageIO.write(picture, "png", file.toFile());
        return file;
    }
}
