package digitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Numbers come out in ASCII digits with '.' under any locale, e.g. Arabic (Saudi Arabia) with its own digits. */
class AsciiNumbersTest {
    /** Digits of any script but ASCII's, and the Arabic decimal and thousands separators. */
    private static final String FOREIGN = ".*[\\p{Nd}&&[^0-9]].*|.*[٫٬].*";

    @TempDir
    Path dir;
    private Locale before;
    private Locale beforeFormat;

    @BeforeEach
    void arabic() {
        before = Locale.getDefault();
        beforeFormat = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(new Locale("ar", "SA"));
    }

    @AfterEach
    void restore() {
        Locale.setDefault(before);
        Locale.setDefault(Locale.Category.FORMAT, beforeFormat);
    }

    private static void assertAscii(String text) {
        for (String line : text.split("\\R")) {
            assertTrue(!line.matches(FOREIGN), "ASCII digits only: " + line);
        }
    }

    @Test
    void theLocaleReallyHasDigitsOfItsOwn() {
        // else this class would test nothing
        assertTrue(String.format("%d", 123).matches(FOREIGN), String.format("%d", 123));
    }

    @Test
    void theConfusionTableIsInAsciiDigits() {
        int[][] confusion = new int[10][10];
        for (int i = 0; i < 10; i++) {
            confusion[i][i] = 970 + i;
            confusion[i][(i + 1) % 10] = i;
        }

        String table = EvalCommand.confusionTable(confusion);

        assertAscii(table);
        assertTrue(table.startsWith("true\\predicted     0     1"), table);
        assertTrue(table.endsWith("\n             9     9     0     0     0     0     0     0     0     0   979"), table);
    }

    @Test
    void predictWritesItsPercentagesInAsciiDigits() throws Exception {
        Path one = CliRun.writeOne(dir.resolve("one.png"));

        CliRun.Result r = CliRun.run("predict", one.toString());

        assertEquals(0, r.status(), r.err());
        assertAscii(r.out());
        assertTrue(r.out().startsWith(one + ": 1 ("), r.out());
        assertTrue(r.out().contains(" 1:"), r.out());
    }

    @Test
    void gradAndTheCommandListAreInAsciiDigits() {
        CliRun.Result grad = CliRun.run("grad", "x*x/3", "x=1234.5");
        CliRun.Result help = CliRun.run("--help");

        assertEquals(0, grad.status(), grad.err());
        assertAscii(grad.out());
        assertEquals("y = 507996.75", grad.out().lines().findFirst().orElse(""));
        assertAscii(help.out());
    }
}
