package digitlab.app.draw;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import digitlab.app.shared.Shared;
import digitlab.app.widgets.Percent;
import digitlab.model.Model;
import digitlab.model.ModelFile;

/**
 * The models the Draw view can read with: the shipped one, the files in {@code models/}, one just
 * trained, and files opened; which one reads now; and what the person sees about them. Plain Java,
 * so that the rules (784 inputs and 10 classes, what a failure leaves) are tested without a display.
 *
 * <p>The view mirrors three values: {@link #entries()} (the list), {@link #choice()} (the entry the list
 * shows, which may be a file still being read) and {@link #selected()} (the entry that reads drawings).
 * It hands the person's pick to {@link #choose}; picking what is already chosen does nothing, so the
 * view may set its list from these values freely.
 */
public final class ModelCatalogue {
    /** The input size and the classes of a model that reads 28×28 digits. */
    public static final int INPUTS = 784, CLASSES = 10;

    /** A model the person can choose: loaded ({@code model} set), or a file read when chosen. */
    public record Entry(String label, Model model, Path file) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** Runs slow work off the UI thread and hands back the result or failure on it. */
    public interface Background {
        <T> void run(Callable<T> work, BiConsumer<T, Throwable> done);
    }

    private final Background background;
    private final Consumer<String> status;
    private final Callable<Model> shipped;
    private final Shared<List<Entry>> entries = new Shared<>(List.of());
    private final Shared<Entry> choice = new Shared<>(null);
    private final Shared<Entry> selected = new Shared<>(null);
    private final Shared<String> info = new Shared<>("loading the shipped model…");
    private Entry trained;

    /** Reads files through {@code background}; tells the status line through {@code status}. */
    public ModelCatalogue(Background background, Consumer<String> status) {
        this(background, status, ModelFile::loadBundled);
    }

    /** As above, with {@code shipped} in place of reading the shipped model. */
    ModelCatalogue(Background background, Consumer<String> status, Callable<Model> shipped) {
        this.background = background;
        this.status = status;
        this.shipped = shipped;
    }

    /** The models on offer, in the order listed. */
    public Shared<List<Entry>> entries() {
        return entries;
    }

    /** The entry the list shows: the one reading, or a file the person picked that is being read. */
    public Shared<Entry> choice() {
        return choice;
    }

    /** The entry that reads drawings (null while the shipped model loads, or when there is none). */
    public Shared<Entry> selected() {
        return selected;
    }

    /** The line under the list: the model's name and test accuracy, or why there is none. */
    public Shared<String> info() {
        return info;
    }

    /** The model that reads drawings, or null. */
    public Model model() {
        return selected.get() == null ? null : selected.get().model();
    }

    /** The file of the model that reads, or null for the shipped one or one just trained. */
    public Path modelFile() {
        return selected.get() == null ? null : selected.get().file();
    }

    /**
     * Lists the shipped model and the {@code *.json} files in {@code folder} (read when chosen), then reads
     * with the shipped one, or with {@code preferred} if that file is readable (else the status line says
     * why, and the shipped one stays).
     */
    public void start(Path folder, Path preferred) {
        background.run(() -> discover(folder), (found, failure) -> {
            List<Entry> list = found.entries();
            List<Entry> all = new ArrayList<>(entries.get()); // one offered or opened meanwhile stays listed
            all.addAll(list);
            entries.set(List.copyOf(all));
            if (!list.isEmpty() && list.get(0).model() != null) {
                select(list.get(0));
                if (preferred != null) {
                    open(preferred, reason -> status.accept(DrawStatus.lastModelUnreadable(reason)));
                }
            } else if (found.problem() != null) {
                info.set("no model");
                status.accept(found.problem());
            }
        });
    }

    private record Found(List<Entry> entries, String problem) {
    }

    private Found discover(Path folder) {
        List<Entry> list = new ArrayList<>();
        String problem = null;
        try {
            Model m = shipped.call();
            list.add(new Entry(m.name() + " (shipped)", m, null));
        } catch (Exception e) {
            problem = "The shipped model could not be read: " + e.getMessage();
        }
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.json")) {
                for (Path file : files) {
                    list.add(new Entry("models/" + file.getFileName(), null, file));
                }
            } catch (IOException | RuntimeException e) {
                // a folder we cannot list only means fewer choices
            }
        }
        return new Found(List.copyOf(list), problem);
    }

    /**
     * The person picked {@code entry} in the list: a loaded model reads at once; a file is read first, and
     * if it cannot be used the status line says why and the list shows the model that reads again.
     */
    public void choose(Entry entry) {
        if (entry == null || entry.equals(choice.get())) {
            return;
        }
        if (entry.model() != null) {
            select(entry);
            return;
        }
        choice.set(entry);
        status.accept(DrawStatus.reading(entry.file()));
        background.run(() -> load(entry.file()), (m, failure) -> {
            if (failure == null) {
                Entry loaded = new Entry(entry.label(), m, entry.file());
                entries.set(replaced(entries.get(), entry, loaded));
                status.accept("");
                select(loaded);
            } else {
                status.accept(DrawStatus.reason(failure));
                choice.set(selected.get());
            }
        });
    }

    /**
     * Reads with the model in {@code file}, listed by its file name; on failure says why and keeps the
     * current model. Completes, after the list is updated, with whether the model now reads.
     */
    public CompletableFuture<Boolean> open(Path file) {
        return open(file, status);
    }

    /** As {@link #open(Path)}, telling {@code refused} why a file cannot be used. */
    private CompletableFuture<Boolean> open(Path file, Consumer<String> refused) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        status.accept(DrawStatus.reading(file));
        background.run(() -> load(file), (m, failure) -> {
            if (failure != null) {
                refused.accept(DrawStatus.reason(failure));
                done.complete(false);
                return;
            }
            Entry entry = new Entry(file.getFileName().toString(), m, file);
            entries.set(added(entries.get(), null, entry));
            status.accept("");
            select(entry);
            done.complete(true);
        });
        return done;
    }

    /** A model trained in this session: listed as "just trained" in place of the one before, and used at once. */
    public void offerTrained(Model model) {
        Entry entry = new Entry(model.name() + " (just trained)", model, null);
        entries.set(added(entries.get(), trained, entry));
        trained = entry;
        select(entry);
    }

    /** Reads a model file and checks that it reads 28×28 digits; the exception says why not. */
    static Model load(Path file) throws IOException {
        Model m = ModelFile.load(file);
        int inputs = m.parameters().inputs(), outputs = m.parameters().outputs();
        if (inputs != INPUTS || outputs != CLASSES) {
            throw new IllegalArgumentException(file + ": this model takes " + inputs + " inputs and gives "
                    + outputs + " classes; the Draw view needs 784 inputs (28×28) and 10 digits");
        }
        return m;
    }

    /** The name of {@code model} and how it did on the test images. */
    static String describe(Model model) {
        Double accuracy = model.provenance().testAccuracy();
        return model.name() + " · " + (accuracy == null ? "test accuracy unknown"
                : Percent.percent(accuracy) + " of the 10,000 test images right");
    }

    private void select(Entry entry) {
        choice.set(entry);
        selected.set(entry);
        info.set(describe(entry.model()));
    }

    private static List<Entry> replaced(List<Entry> list, Entry old, Entry now) {
        List<Entry> copy = new ArrayList<>(list);
        int at = copy.indexOf(old);
        if (at >= 0) {
            copy.set(at, now);
        }
        return List.copyOf(copy);
    }

    /** {@code list} without {@code old} (if given) and with {@code now} at the end. */
    private static List<Entry> added(List<Entry> list, Entry old, Entry now) {
        List<Entry> copy = new ArrayList<>(list);
        if (old != null) {
            copy.remove(old);
        }
        copy.add(now);
        return List.copyOf(copy);
    }
}
