package digitlab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;

import javafx.application.Application;

import digitlab.app.DigitLabApp;
import digitlab.app.GraphicsMemory;
import digitlab.app.Settings;
import digitlab.cli.Cli;
import digitlab.cli.WatchedPrintStream;

/**
 * The one entry point: no arguments opens the window, anything else is a command of the command-line
 * interface (which needs no display). A plain class, not the {@code Application}, so that JavaFX can be
 * started from the classpath too.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        String classList = System.getProperty("digitlab.cds.classes");
        if (classList != null) {
            loadClasses(Path.of(classList));
        }
        if (args.length == 0) {
            startGui();
        } else {
            // numbers in ASCII digits with '.' whatever the locale: every format call says Locale.ROOT,
            // and this catches one that does not
            Locale.setDefault(Locale.Category.FORMAT, Locale.ROOT);
            // stdout through a stream that keeps the cause of a failed write (disk full, /dev/full)
            System.exit(Cli.run(args, WatchedPrintStream.stdout(), System.err));
        }
    }

    /**
     * Loads, without initializing, each class named in {@code list} (one name a line; names that are not
     * found are passed over). Only for the build of the jlink image: its class-data sharing archive is
     * written at the end of a run of {@code predict} without a display, and this puts the classes the window
     * loads into it too ({@code src/main/jlink/window.classes}, listed from a run of the window).
     */
    private static void loadClasses(Path list) {
        ClassLoader loader = Launcher.class.getClassLoader();
        try {
            for (String name : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                try {
                    Class.forName(name.strip(), false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    // a class that is gone since the list was made, or one that cannot load without a display
                }
            }
        } catch (IOException e) {
            System.err.println("DigitLab: the class list " + list + " not read: " + e.getMessage());
        }
    }

    private static void startGui() {
        // a machine known to render in software is not probed for OpenGL again: 0.3 s of the start
        GraphicsMemory.beforeStart(Settings.folder(System.getenv()), LocalDate.now());
        try {
            Application.launch(DigitLabApp.class);
        } catch (UnsupportedOperationException | IllegalStateException e) {
            // e.g. "Unable to open DISPLAY": say what still works instead of a stack trace
            System.err.println("error: cannot open the DigitLab window: " + e.getMessage());
            System.err.println("The commands work without a display: digitlab --help");
            System.exit(1);
        }
    }
}
