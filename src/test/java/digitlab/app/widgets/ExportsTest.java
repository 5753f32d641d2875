package digitlab.app.widgets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import javafx.scene.image.Image;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

@Tag("gui")
class ExportsTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void startJavaFx() throws Exception {
        // JavaFX images need the toolkit
        FxToolkit.registerPrimaryStage();
    }

    private List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static WritableImage picture() {
        int[] colours = {0xFFFF0000, 0xFF00FF00, 0xFF0000FF, 0xFF123456, 0x80FF8040, 0x00000000};
        WritableImage image = new WritableImage(3, 2);
        for (int i = 0; i < colours.length; i++) {
            image.getPixelWriter().setArgb(i % 3, i / 3, colours[i]);
        }
        return image;
    }

    @Test
    void aPngReadsBackWithTheSameSizeAndColours() throws Exception {
        WritableImage image = picture();
        Path file = dir.resolve("grid.png");
        Exports.writePng(image, file);
        BufferedImage back = ImageIO.read(file.toFile());
        assertEquals(3, back.getWidth());
        assertEquals(2, back.getHeight());
        assertEquals(0xFFFF0000, back.getRGB(0, 0));
        assertEquals(0xFF123456, back.getRGB(0, 1));
        PixelReader shown = image.getPixelReader();
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 3; x++) {
                // JavaFX keeps translucent pixels premultiplied: compare with what it gives back
                assertEquals(Integer.toHexString(shown.getArgb(x, y)), Integer.toHexString(back.getRGB(x, y)), x + "," + y);
            }
        }
        assertEquals(0x80, back.getRGB(1, 1) >>> 24, "alpha is kept");
        assertEquals(List.of("grid.png"), filesIn(dir));
    }

    @Test
    void aPngReplacesAnOlderFile() throws Exception {
        Path file = dir.resolve("old.png");
        Files.writeString(file, "not a picture");
        Exports.writePng(picture(), file);
        assertEquals(3, ImageIO.read(file.toFile()).getWidth());
        assertEquals(List.of("old.png"), filesIn(dir));
    }

    @Test
    void aFailedPngWriteLeavesNoTemporaryFile() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("taken.png"));
        IOException e = assertThrows(IOException.class, () -> Exports.writePng(picture(), folder));
        assertTrue(e.getMessage().contains("is a folder"), e.getMessage());
        assertEquals(List.of("taken.png"), filesIn(dir));
        assertTrue(Files.isDirectory(folder));
        assertEquals(List.of(), filesIn(folder));
    }

    @Test
    void aPictureThatFailedToLoadIsRefusedAndNothingIsWritten() throws Exception {
        Image broken = new Image(dir.resolve("missing.png").toUri().toString());
        assertTrue(broken.isError());
        assertThrows(IOException.class, () -> Exports.writePng(broken, dir.resolve("copy.png")));
        assertEquals(List.of(), filesIn(dir));
    }

    @Test
    void textIsWrittenAsUtf8AndReplacesTheOldFile() throws Exception {
        Path file = dir.resolve("loss.csv");
        Files.writeString(file, "old and longer than the new text");
        Exports.writeTextAtomically(file, "batch,loss\n1,2.5 ✓ é\n");
        assertEquals("batch,loss\n1,2.5 ✓ é\n", Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(List.of("loss.csv"), filesIn(dir));
    }

    @Test
    void aFailedTextWriteLeavesNoTemporaryFile() throws Exception {
        Files.createDirectory(dir.resolve("loss.csv"));
        assertThrows(IOException.class, () -> Exports.writeTextAtomically(dir.resolve("loss.csv"), "x"));
        assertEquals(List.of("loss.csv"), filesIn(dir));
    }
}
