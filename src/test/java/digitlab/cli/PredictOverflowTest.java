package digitlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import digitlab.model.Model;
import digitlab.model.ModelFile;
import digitlab.model.Provenance;
import digitlab.nn.Parameters;

/** A model that is finite on the load-time probes but overflows on one picture: an error line, never "NaN %". */
class PredictOverflowTest {
    @TempDir
    Path dir;

    @Test
    void aPictureOnWhichTheScoresOverflowGetsAnErrorLineNotNaNAndTheOthersAreRead() throws Exception {
        // one hidden unit: +1e38 × the centre pixel − 1e38 × the corner pixel, so blank and mid-grey give 0
        FMatrixRMaj w1 = new FMatrixRMaj(1, 784), b1 = new FMatrixRMaj(1, 1);
        w1.set(0, 14 * 28 + 14, 1e38f);
        w1.set(0, 0, -1e38f);
        FMatrixRMaj w2 = new FMatrixRMaj(10, 1), b2 = new FMatrixRMaj(1, 10);
        w2.set(3, 0, 1e10f);
        Parameters p = new Parameters(new int[] {784, 1, 10}, List.of(w1, w2), List.of(b1, b2));
        Path model = dir.resolve("edgy.json");
        ModelFile.save(new Model("edgy", p, Provenance.unknown()), model);
        Path one = CliRun.writeOne(dir.resolve("one.png"));
        Path blank = dir.resolve("blank.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(30, 30, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png",
                blank.toFile());

        CliRun.Result r = CliRun.run("predict", "--model", model.toString(), one.toString(), blank.toString());

        assertEquals(2, r.status(), r.err());
        assertEquals(List.of("error: " + one + ": the network's score for class 3 is Infinity for this image: its weights are too"
                + " large to give an answer"), r.err().lines().toList());
        assertFalse(r.out().contains("NaN"), r.out());
        assertTrue(r.out().startsWith(blank + ": blank"), r.out());
    }
}
