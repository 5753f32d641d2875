package digitlab.app.shared;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The app's file dialogs, one place for every view: each kind of file has its filters, and a dialog
 * opens in the folder the last one of its kind was left in (during this run).
 */
public final class FileDialogs {
    /** The kinds of file the views open and save. */
    public enum Kind {
        PICTURE("Pictures (PNG, JPEG)", "*.png", "*.jpg", "*.jpeg"),
        PNG("PNG pictures", "*.png"),
        MODEL("DigitLab models (*.json)", "*.json"),
        CSV("CSV tables", "*.csv"),
        DOT("Graphviz DOT", "*.dot", "*.gv");

        private final FileChooser.ExtensionFilter filter;
        private File lastFolder;

        Kind(String description, String... patterns) {
            this.filter = new FileChooser.ExtensionFilter(description, patterns);
        }
    }

    private static final FileChooser.ExtensionFilter ALL = new FileChooser.ExtensionFilter("All files", "*");

    private FileDialogs() {
    }

    /** Asks for an existing file of {@code kind} to open; empty when the person cancels. */
    public static Optional<Path> open(Window owner, String title, Kind kind) {
        FileChooser chooser = chooser(title, kind);
        chooser.getExtensionFilters().add(ALL);
        return remember(kind, chooser.showOpenDialog(owner));
    }

    /**
     * Asks where to save a file of {@code kind}, suggesting {@code suggestedName}; empty when the person
     * cancels. (The system's dialog asks before replacing a file; DigitLab's writer still refuses a
     * read-only or special one.)
     */
    public static Optional<Path> save(Window owner, String title, Kind kind, String suggestedName) {
        FileChooser chooser = chooser(title, kind);
        chooser.setInitialFileName(suggestedName);
        return remember(kind, chooser.showSaveDialog(owner));
    }

    /**
     * The folder the dialogs of {@code kind} open in until one of them is left somewhere (a view's natural
     * starting place, such as {@code models/} for models).
     */
    public static void startIn(Kind kind, Path folder) {
        if (kind.lastFolder == null) {
            kind.lastFolder = folder.toFile();
        }
    }

    /** {@code file}, with {@code extension} (".png") added unless its name already ends so, in any case. */
    public static Path withExtension(Path file, String extension) {
        String name = file.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(extension) ? file : file.resolveSibling(name + extension);
    }

    private static FileChooser chooser(String title, Kind kind) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().setAll(List.of(kind.filter));
        if (kind.lastFolder != null && kind.lastFolder.isDirectory()) {
            chooser.setInitialDirectory(kind.lastFolder);
        }
        return chooser;
    }

    private static Optional<Path> remember(Kind kind, File chosen) {
        if (chosen == null) {
            return Optional.empty();
        }
        kind.lastFolder = chosen.getParentFile();
        return Optional.of(chosen.toPath());
    }
}
