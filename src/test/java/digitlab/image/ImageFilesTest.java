package digitlab.image;

import static digitlab.image.DigitDrawings.meanAbsoluteDifference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import digitlab.image.DigitDrawings.Digit;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
    private static final Color TRANSPARENT = new Color(0, 0, 0, 0);

    @TempDir
    Path folder;

    /** The seven as the canvas would hand it over: drawn straight into ink, no file, no grey step. */
    private static Prepared referenceSeven() {
        BufferedImage drawn = DigitDrawings.draw(Digit.SEVEN, 280, 280, 40, 30, 200,
                Color.WHITE, Color.BLACK, BufferedImage.TYPE_BYTE_GRAY);
        float[] ink = new float[280 * 280];
        drawn.getRaster().getSamples(0, 0, 280, 280, 0, ink);
        for (int i = 0; i < ink.length; i++) {
            ink[i] /= 255;
        }
        return MnistPreparation.prepare(new InkImage(ink, 280, 280)).orElseThrow();
    }

    private Path save(BufferedImage image, String format, String name) throws IOException {
        Path file = folder.resolve(name);
        assertTrue(ImageIO.write(image, format, file.toFile()), "a " + format + " writer for " + name);
        return file;
    }

    private static BufferedImage seven(Color ink, Color paper, int type) {
        return DigitDrawings.draw(Digit.SEVEN, 280, 280, 40, 30, 200, ink, paper, type);
    }

    private static void assertReadsAsTheSeven(Path file) throws IOException {
        Prepared read = MnistPreparation.prepare(ImageFiles.read(file)).orElseThrow();
        double difference = meanAbsoluteDifference(referenceSeven().pixels(), read.pixels());
        assertTrue(difference < 0.05, file.getFileName() + ": mean absolute difference " + difference);
    }

    private ImageReadException assertRefused(Path file, String reason) {
        ImageReadException e = assertThrows(ImageReadException.class, () -> ImageFiles.read(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertEquals(file, e.file());
        return e;
    }

    @Test
    void aGreyPngIsReadAsTheDigitItShows() throws IOException {
        assertReadsAsTheSeven(save(seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_BYTE_GRAY), "png", "grey.png"));
    }

    @Test
    void aSixteenBitGreyPngIsReadAsTheDigitItShows() throws IOException {
        assertReadsAsTheSeven(save(seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_USHORT_GRAY), "png", "grey16.png"));
    }

    @Test
    void anRgbPngOfDarkBlueInkOnYellowPaperIsReadAsTheDigitItShows() throws IOException {
        BufferedImage image = seven(new Color(20, 30, 140), new Color(255, 250, 190), BufferedImage.TYPE_INT_RGB);
        assertReadsAsTheSeven(save(image, "png", "rgb.png"));
    }

    @Test
    void anIndexedColourPngIsReadAsTheDigitItShows() throws IOException {
        assertReadsAsTheSeven(save(seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_BYTE_INDEXED), "png", "indexed.png"));
    }

    @Test
    void aBlackDigitOnATransparentBackgroundReadsLikeOneOnWhite() throws IOException {
        assertReadsAsTheSeven(save(seven(Color.BLACK, TRANSPARENT, BufferedImage.TYPE_INT_ARGB), "png", "black-alpha.png"));
    }

    @Test
    void aWhiteDigitOnATransparentBackgroundReadsLikeOneOnBlack() throws IOException {
        assertReadsAsTheSeven(save(seven(Color.WHITE, TRANSPARENT, BufferedImage.TYPE_INT_ARGB), "png", "white-alpha.png"));
    }

    @Test
    void transparentCornersOfAnOpaqueWhitePageCountAsPaper() throws IOException {
        BufferedImage image = seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 30; x++) {
                image.setRGB(x, y, 0);
                image.setRGB(279 - x, 279 - y, 0);
            }
        }
        Path file = save(image, "png", "corners.png");

        Prepared read = MnistPreparation.prepare(ImageFiles.read(file)).orElseThrow();

        assertEquals(referenceSeven().inkBox(), read.inkBox());
    }

    @Test
    void aGreyAndAnRgbJpegAreReadAsTheDigitTheyShow() throws IOException {
        assertReadsAsTheSeven(save(seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_BYTE_GRAY), "jpg", "grey.jpg"));
        assertReadsAsTheSeven(save(seven(new Color(60, 10, 10), new Color(235, 235, 225), BufferedImage.TYPE_INT_RGB),
                "jpeg", "rgb.jpeg"));
    }

    @Test
    void aLargePhotoSizedJpegIsShrunkToTheSameDigit() throws IOException {
        BufferedImage photo = DigitDrawings.draw(Digit.SEVEN, 2000, 1500, 700, 250, 1000 * 200 / 200.0,
                new Color(30, 30, 40), new Color(225, 220, 210), BufferedImage.TYPE_INT_RGB);
        Path file = save(photo, "jpg", "photo.jpg");

        InkImage ink = ImageFiles.read(file);

        assertEquals(2000, ink.width());
        assertEquals(1500, ink.height());
        assertReadsAsTheSeven(file);
    }

    @Test
    void greyLevelsOfAGreyPngAreTheStoredLevelsWithoutAGammaCurve() throws IOException {
        BufferedImage image = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setSamples(0, 0, 4, 1, 0, new int[] {0, 64, 128, 255});
        Path file = save(image, "png", "levels.png");

        float[] grey = ImageFiles.greyLevels(ImageFiles.decode(file));

        assertEquals(128 / 255f, grey[2], 1e-6f);
        assertEquals(64 / 255f, grey[1], 1e-6f);
    }

    @Test
    void aTextFileNamedPngIsRefusedNamingTheFile() throws IOException {
        Path file = folder.resolve("notes.png");
        Files.writeString(file, "this is not a picture, only some text\n".repeat(20));

        assertRefused(file, "not a picture");
    }

    @Test
    void anEmptyFileIsRefusedNamingTheFile() throws IOException {
        Path file = Files.createFile(folder.resolve("empty.png"));

        assertRefused(file, "empty");
    }

    @Test
    void aMissingFileIsRefusedNamingTheFile() {
        assertRefused(folder.resolve("missing.png"), "no such file");
    }

    @Test
    void aFolderIsRefusedNamingIt() {
        assertRefused(folder, "folder");
    }

    @Test
    void aTruncatedPngIsRefusedNamingTheFile() throws IOException {
        byte[] png = Files.readAllBytes(save(seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_BYTE_GRAY), "png", "whole.png"));
        Path file = folder.resolve("truncated.png");
        Files.write(file, Arrays.copyOf(png, png.length / 2));

        assertRefused(file, "truncated");
    }

    @Test
    void aTruncatedJpegIsRefusedNamingTheFile() throws IOException {
        byte[] jpeg = Files.readAllBytes(save(seven(Color.BLACK, Color.WHITE, BufferedImage.TYPE_INT_RGB), "jpg", "whole.jpg"));
        Path file = folder.resolve("truncated.jpg");
        Files.write(file, Arrays.copyOf(jpeg, jpeg.length / 2));

        assertRefused(file, "truncated");
    }

    @Test
    void aPngClaimingTwentyThousandPixelsASideIsRefusedFromItsHeaderAlone() throws IOException {
        Path file = folder.resolve("huge.png");
        Files.write(file, pngHeaderOnly(20_000, 20_000));

        ImageReadException e = assertRefused(file, "too large");
        assertTrue(e.getMessage().contains("20000×20000"), e.getMessage());
    }

    /** A PNG signature, an IHDR chunk (8-bit grey) and IEND: a header with no pixels behind it. */
    private static byte[] pngHeaderOnly(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height).put(new byte[] {8, 0, 0, 0, 0});
        chunk(out, "IHDR", header.array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Test
    void aDrawingWrittenAndReadBackKeepsItsInkToTheNearestGreyLevel() throws IOException {
        BufferedImage drawn = seven(Color.WHITE, Color.BLACK, BufferedImage.TYPE_BYTE_GRAY);
        float[] ink = new float[280 * 280];
        drawn.getRaster().getSamples(0, 0, 280, 280, 0, ink);
        for (int i = 0; i < ink.length; i++) {
            ink[i] /= 255;
        }
        Path file = folder.resolve("drawing.png");

        ImageFiles.write(file, new InkImage(ink, 280, 280));
        InkImage read = ImageFiles.read(file);

        for (int i = 0; i < ink.length; i++) {
            // faint edges below the minimum contrast come back as paper; the rest to within a grey level
            float expected = ink[i] < GreyToInk.MIN_CONTRAST - 1 / 255f ? 0 : ink[i];
            if (Math.abs(ink[i] - GreyToInk.MIN_CONTRAST) > 1 / 255f) {
                assertEquals(expected, read.ink()[i], 0.5f / 255 + 1e-6f, "pixel " + i);
            }
        }
        assertTrue(DigitDrawings.sum(read.ink()) > 1000);
    }

    @Test
    void aSavedDrawingIsDarkInkOnWhitePaper() throws IOException {
        float[] ink = new float[3 * 1];
        ink[1] = 1f;
        ink[2] = 0.5f;
        Path file = folder.resolve("three.png");

        ImageFiles.write(file, new InkImage(ink, 3, 1));

        BufferedImage saved = ImageIO.read(file.toFile());
        int[] grey = saved.getRaster().getSamples(0, 0, 3, 1, 0, new int[3]);
        assertEquals(List.of(255, 0, 128), Arrays.stream(grey).boxed().toList());
    }

    @Test
    void savingOverAnExistingFileReplacesItAndLeavesNoTemporaryFileBehind() throws IOException {
        Path file = folder.resolve("digit.png");
        Files.writeString(file, "an older file");
        float[] ink = new float[10 * 10];
        Arrays.fill(ink, 40, 60, 1f);

        ImageFiles.write(file, new InkImage(ink, 10, 10));

        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(file), files.toList());
        }
        assertEquals(20, DigitDrawings.sum(ImageFiles.read(file).ink()), 1e-6);
    }

    @Test
    void savingIntoAMissingFolderFailsAndLeavesNothing() {
        Path file = folder.resolve("no-such-folder").resolve("digit.png");

        assertThrows(IOException.class, () -> ImageFiles.write(file, new InkImage(new float[4], 2, 2)));
        assertTrue(Files.notExists(file.getParent()));
    }
}
