package digitlab.image;

import digitlab.image.DigitDrawings.Digit;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Times the preparation of a 280×280 canvas, and the reading of a 2000×1500 photo, once warm. Not a
 * test (timings depend on the machine); run it by hand after {@code mvn test-compile}:
 * <pre>java -cp target/classes:target/test-classes digitlab.image.PreparationBenchmark</pre>
 */
public final class PreparationBenchmark {

    private PreparationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        InkImage canvas = DigitDrawings.blackOnWhite(Digit.SEVEN, 280, 280, 40, 30, 200);
        InkImage small = DigitDrawings.blackOnWhite(Digit.ZERO, 280, 280, 10, 10, 30);
        float checksum = 0;
        for (int i = 0; i < 20_000; i++) { // warm-up: let the JIT compile the loops
            checksum += MnistPreparation.prepare(i % 2 == 0 ? canvas : small).orElseThrow().pixels()[400];
        }
        for (InkImage image : new InkImage[] {canvas, small}) {
            int runs = 20_000;
            long start = System.nanoTime();
            for (int i = 0; i < runs; i++) {
                checksum += MnistPreparation.prepare(image).orElseThrow().pixels()[400];
            }
            double micros = (System.nanoTime() - start) / 1e3 / runs;
            System.out.printf("prepare 280×280 canvas, ink box %s: %.1f µs%n",
                    MnistPreparation.prepare(image).orElseThrow().inkBox(), micros);
        }

        Path folder = Files.createTempDirectory("digitlab-benchmark");
        Path photo = folder.resolve("photo.jpg");
        ImageIO.write(DigitDrawings.draw(Digit.SEVEN, 2000, 1500, 700, 250, 1000,
                new Color(30, 30, 40), new Color(225, 220, 210), BufferedImage.TYPE_INT_RGB), "jpg", photo.toFile());
        for (int i = 0; i < 5; i++) {
            checksum += MnistPreparation.prepare(ImageFiles.read(photo)).orElseThrow().pixels()[400];
        }
        int runs = 10;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            checksum += MnistPreparation.prepare(ImageFiles.read(photo)).orElseThrow().pixels()[400];
        }
        System.out.printf("read and prepare a 2000×1500 JPEG: %.1f ms%n", (System.nanoTime() - start) / 1e6 / runs);
        Files.delete(photo);
        Files.delete(folder);
        System.out.println("(checksum " + checksum + ")");
    }
}
