package digitlab.app.widgets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;

import digitlab.files.AtomicFile;

/**
 * Saving what the views show: pictures as PNG and text (CSV, say) as UTF-8. Each file is written to a
 * temporary file in the same folder, forced to disk, then renamed over the target, so a crash leaves
 * the old file or the new one, never half a file; a failed write removes its temporary file.
 */
public final class Exports {
    private Exports() {
    }

    /**
     * Saves {@code image} (fully loaded; not modified) as a PNG with alpha. The pixels are read on
     * the calling thread, so a {@code WritableImage} that the JavaFX thread still draws on should be
     * saved from that thread.
     */
    public static void writePng(Image image, Path file) throws IOException {
        int w = (int) image.getWidth(), h = (int) image.getHeight();
        PixelReader reader = image.getPixelReader();
        if (w <= 0 || h <= 0 || reader == null || image.isError()) {
            throw new IOException(file + ": the picture has no pixels to save");
        }
        int[] argb = new int[w * h];
        reader.getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        // by hand: there is no javafx.swing here for SwingFXUtils
        BufferedImage picture = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        picture.setRGB(0, 0, w, h, argb, 0, w);
        AtomicFile.write(file, out -> {
            // a memory cache: ImageIO's default would put a cache file in the temp folder
            try (MemoryCacheImageOutputStream png = new MemoryCacheImageOutputStream(out)) {
                if (!ImageIO.write(picture, "png", png)) {
                    throw new IOException("no PNG writer in this Java");
                }
            }
        });
    }

    /** Saves {@code text} as UTF-8. */
    public static void writeTextAtomically(Path file, String text) throws IOException {
        AtomicFile.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
}
