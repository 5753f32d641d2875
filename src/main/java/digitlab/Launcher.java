package digitlab;

import java.util.Locale;

import javafx.application.Application;

import digitlab.app.DigitLabApp;
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

    private static void startGui() {
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
