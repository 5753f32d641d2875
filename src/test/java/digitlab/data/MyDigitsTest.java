package digitlab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import digitlab.dataset.Dataset;
import digitlab.image.InkImage;

class MyDigitsTest {
    @TempDir
    Path dir;

    private static InkImage strokes(long seed) {
        Random r = new Random(seed);
        float[] ink = new float[MyDigits.STROKES_SIDE * MyDigits.STROKES_SIDE];
        for (int i = 0; i < 2000; i++) {
            ink[r.nextInt(ink.length)] = r.nextFloat();
        }
        return new InkImage(ink, MyDigits.STROKES_SIDE, MyDigits.STROKES_SIDE);
    }

    /** Levels k/255, as a PNG stores them exactly. */
    private static float[] pixels(long seed) {
        Random r = new Random(seed);
        float[] p = new float[784];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextInt(4) == 0 ? r.nextInt(256) / 255f : 0;
        }
        return p;
    }

    /** Every file in {@code folder} with its bytes. */
    private static Map<String, byte[]> contents(Path folder) throws IOException {
        Map<String, byte[]> m = new HashMap<>();
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path p : files.toList()) {
                    m.put(p.getFileName().toString(), Files.readAllBytes(p));
                }
            }
        }
        return m;
    }

    private static void assertSameContents(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name), actual.get(name), name);
        }
    }

    @Test
    void digitsAddedAreListedRelabelledDeletedExportedAndImportedIntoAFreshFolderUnchanged() throws Exception {
        MyDigits mine = new MyDigits(dir.resolve("my-digits"));
        assertEquals(List.of(), mine.list());

        MyDigits.Entry a = mine.add(strokes(1), pixels(1), 7);
        MyDigits.Entry b = mine.add(strokes(2), pixels(2), 1);
        MyDigits.Entry c = mine.add(strokes(3), pixels(3), 4);
        assertEquals(List.of(a, b, c), mine.list());
        assertArrayEquals(pixels(2), mine.pixels(b), 1e-6f);
        assertArrayEquals(strokes(3).ink(), mine.strokes(c).ink(), 0.5f / 255 + 1e-6f);

        MyDigits.Entry b9 = mine.relabel(b, 9);
        assertEquals(9, b9.label());
        mine.delete(a);
        assertEquals(List.of(b9, c), mine.list());
        assertFalse(Files.exists(mine.folder().resolve(a.strokesFile())));
        assertFalse(Files.exists(mine.folder().resolve(a.pixelsFile())));

        Dataset d = mine.dataset();
        assertEquals(2, d.count());
        assertEquals(9, d.label(0));
        assertEquals(Math.round(pixels(3)[100] * 255), d.pixel(1, 100));

        mine.exportTo(dir.resolve("export"));
        assertSameContents(contents(mine.folder()), contents(dir.resolve("export")));

        MyDigits fresh = new MyDigits(dir.resolve("fresh"));
        List<MyDigits.Entry> imported = fresh.importFrom(dir.resolve("export"));
        assertEquals(mine.list(), imported, "same names, labels and times");
        assertEquals(mine.list(), fresh.list());
        assertSameContents(contents(mine.folder()), contents(fresh.folder()));
    }

    @Test
    void deleteRemovesOnlyTheDigitsOwnPictures() throws Exception {
        MyDigits mine = new MyDigits(dir);
        MyDigits.Entry a = mine.add(strokes(1), pixels(1), 3);
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.writeString(dir.resolve("holiday.png"), "not a digit");

        mine.delete(a);

        assertEquals(Map.of("notes.txt", "mine", "holiday.png", "not a digit", MyDigits.LABELS, MyDigits.HEADER + "\n"),
                Map.of("notes.txt", Files.readString(dir.resolve("notes.txt")), "holiday.png",
                        Files.readString(dir.resolve("holiday.png")), MyDigits.LABELS, Files.readString(dir.resolve(MyDigits.LABELS))));
        assertEquals(3, contents(dir).size());
    }

    @Test
    void everyWriteLeavesNoTemporaryFileBehind() throws Exception {
        MyDigits mine = new MyDigits(dir.resolve("m"));
        MyDigits.Entry a = mine.add(strokes(1), pixels(1), 3);
        mine.add(strokes(2), pixels(2), 5);
        mine.relabel(a, 8);
        mine.exportTo(dir.resolve("e"));
        new MyDigits(dir.resolve("i")).importFrom(dir.resolve("e"));

        for (String folder : List.of("m", "e", "i")) {
            for (String name : contents(dir.resolve(folder)).keySet()) {
                assertFalse(name.startsWith(".") || name.endsWith(".tmp"), folder + "/" + name);
            }
            assertEquals(5, contents(dir.resolve(folder)).size(), folder);
        }
    }

    @Test
    void aDamagedListIsRefusedNamingItsLineAndNothingChanges() throws Exception {
        MyDigits mine = new MyDigits(dir);
        MyDigits.Entry a = mine.add(strokes(1), pixels(1), 3);
        String good = Files.readString(dir.resolve(MyDigits.LABELS));
        Files.writeString(dir.resolve(MyDigits.LABELS), good + "x.strokes.png,x.28.png,12,\n");
        Map<String, byte[]> before = contents(dir);

        MyDigits.MyDigitsException e = assertThrows(MyDigits.MyDigitsException.class, mine::list);
        assertTrue(e.getMessage().contains("labels.csv line 3") && e.getMessage().contains("'12'"), e.getMessage());
        assertThrows(MyDigits.MyDigitsException.class, () -> mine.add(strokes(2), pixels(2), 4));
        assertThrows(MyDigits.MyDigitsException.class, () -> mine.relabel(a, 4));
        assertThrows(MyDigits.MyDigitsException.class, () -> mine.delete(a));
        assertThrows(MyDigits.MyDigitsException.class, mine::dataset);

        assertSameContents(before, contents(dir));
    }

    @Test
    void listsThatNameFilesOutsideTheFolderOrTwiceAreRefused() throws Exception {
        for (String line : List.of("../etc.png,a.28.png,1,", "a.png,a.png,1,", "a.png,b.png,1", "a.png,b.png,1,yesterday")) {
            Files.writeString(dir.resolve(MyDigits.LABELS), MyDigits.HEADER + "\n" + line + "\n");
            MyDigits.MyDigitsException e = assertThrows(MyDigits.MyDigitsException.class, () -> new MyDigits(dir).list(), line);
            assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        }
        Files.writeString(dir.resolve(MyDigits.LABELS), "file,label\n");
        assertTrue(assertThrows(MyDigits.MyDigitsException.class, () -> new MyDigits(dir).list()).getMessage().contains("line 1"));
    }

    @Test
    void anImportWithAPictureOfTheWrongSizeIsRefusedNamingItAndImportsNothing() throws Exception {
        MyDigits source = new MyDigits(dir.resolve("source"));
        source.add(strokes(1), pixels(1), 2);
        MyDigits.Entry bad = source.add(strokes(2), pixels(2), 3);
        BufferedImage small = new BufferedImage(27, 28, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(small, "png", source.folder().resolve(bad.pixelsFile()).toFile());
        MyDigits target = new MyDigits(dir.resolve("target"));
        target.add(strokes(3), pixels(3), 5);
        Map<String, byte[]> before = contents(target.folder());

        MyDigits.MyDigitsException e = assertThrows(MyDigits.MyDigitsException.class,
                () -> target.importFrom(source.folder()));

        assertTrue(e.getMessage().contains(bad.pixelsFile()) && e.getMessage().contains("27×28"), e.getMessage());
        assertSameContents(before, contents(target.folder()));
        assertThrows(MyDigits.MyDigitsException.class, () -> MyDigits.read(source.folder()));
    }

    @Test
    void anImportWithAnUnreadablePictureIsRefusedNamingItAndImportsNothing() throws Exception {
        MyDigits source = new MyDigits(dir.resolve("source"));
        MyDigits.Entry bad = source.add(strokes(1), pixels(1), 2);
        byte[] png = Files.readAllBytes(source.folder().resolve(bad.strokesFile()));
        Files.write(source.folder().resolve(bad.strokesFile()), java.util.Arrays.copyOf(png, png.length / 2));
        MyDigits target = new MyDigits(dir.resolve("target"));

        MyDigits.MyDigitsException e = assertThrows(MyDigits.MyDigitsException.class,
                () -> target.importFrom(source.folder()));

        assertTrue(e.getMessage().contains(bad.strokesFile()) && e.getMessage().contains("not a readable PNG"), e.getMessage());
        assertEquals(Map.of(), contents(target.folder()));
    }

    @Test
    void anImportOfAFolderWithoutAListOrWithAMissingPictureIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        MyDigits target = new MyDigits(dir.resolve("target"));
        assertTrue(assertThrows(MyDigits.MyDigitsException.class, () -> target.importFrom(dir.resolve("empty")))
                .getMessage().contains("has no labels.csv"));

        MyDigits source = new MyDigits(dir.resolve("source"));
        MyDigits.Entry a = source.add(strokes(1), pixels(1), 2);
        Files.delete(source.folder().resolve(a.pixelsFile()));
        assertTrue(assertThrows(MyDigits.MyDigitsException.class, () -> target.importFrom(source.folder()))
                .getMessage().contains(a.pixelsFile() + ": is missing"));
        assertEquals(Map.of(), contents(target.folder()));
    }

    @Test
    void anExportIntoAFolderThatHasAListAlreadyWritesNothing() throws Exception {
        MyDigits mine = new MyDigits(dir.resolve("m"));
        mine.add(strokes(1), pixels(1), 2);
        Files.createDirectories(dir.resolve("e"));
        Files.writeString(dir.resolve("e").resolve(MyDigits.LABELS), "theirs", StandardCharsets.UTF_8);

        assertThrows(MyDigits.MyDigitsException.class, () -> mine.exportTo(dir.resolve("e")));

        assertEquals(Map.of(MyDigits.LABELS, "theirs"), Map.of(MyDigits.LABELS, Files.readString(dir.resolve("e/labels.csv"))));
        assertEquals(1, contents(dir.resolve("e")).size());
    }

    @Test
    void wrongSizesAndLabelsAreRefusedBeforeAnythingIsWritten() throws Exception {
        MyDigits mine = new MyDigits(dir.resolve("m"));
        assertThrows(MyDigits.MyDigitsException.class, () -> mine.add(new InkImage(new float[100], 10, 10), pixels(1), 1));
        assertThrows(MyDigits.MyDigitsException.class, () -> mine.add(strokes(1), new float[100], 1));
        assertThrows(MyDigits.MyDigitsException.class, () -> mine.add(strokes(1), pixels(1), 10));
        assertFalse(Files.exists(mine.folder()));
    }

    @Test
    void theFolderIsTheDataFolderOfXdgOrHome() {
        assertEquals(Path.of("/x/digitlab/my-digits"), MyDigits.defaultFolder(Map.of("XDG_DATA_HOME", "/x"), Path.of("/h")));
        assertEquals(Path.of("/h/.local/share/digitlab/my-digits"), MyDigits.defaultFolder(Map.of(), Path.of("/h")));
    }
}
