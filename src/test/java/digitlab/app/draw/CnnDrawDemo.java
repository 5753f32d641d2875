package digitlab.app.draw;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Window;

import digitlab.app.DigitLabApp;
import digitlab.data.Mnist;
import digitlab.model.Model;
import digitlab.model.Provenance;
import digitlab.nn.Architecture;
import digitlab.nn.Parameters;
import digitlab.nn.Trainer;
import digitlab.nn.TrainingConfig;
import digitlab.nn.TrainingResult;

/**
 * Starts the app with the preset CNN, trained briefly on MNIST, offered to the Draw view as trained here: until
 * model files hold a CNN, the way to see the Draw view's feature maps in a running app (for screenshots).
 * Arguments: the MNIST folder (default ~/.cache/digitlab/mnist) and how many training images (default 12000).
 */
public final class CnnDrawDemo {
    private CnnDrawDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = args.length > 0 ? Path.of(args[0])
                : Path.of(System.getProperty("user.home"), ".cache", "digitlab", "mnist");
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 12_000;
        Mnist mnist = Mnist.load(folder);
        Architecture cnn = Architecture.parse(Architecture.preset(Architecture.CNN_NAME), new Architecture.Shape(1, 28, 28), 10);
        TrainingConfig config = TrainingConfig.defaults().withEpochs(1).withLimit(images).withAugment(false);
        long start = System.nanoTime();
        TrainingResult result = new Trainer(config, Parameters.initial(cnn, 1), mnist.train(), mnist.test().first(2000)).run();
        System.out.printf("trained the cnn on %d images in %.1f s: %.2f%% of 2,000 test digits right%n", images,
                (System.nanoTime() - start) / 1e9, 100 * result.testAccuracy());
        Model model = new Model("cnn", result.parameters(),
                Provenance.ofTraining(config, result.testAccuracy(), images, "demo"));
        warmUp(model);
        Thread offer = new Thread(() -> offerWhenShown(model), "demo-offer");
        offer.setDaemon(true);
        offer.start();
        Application.launch(DigitLabApp.class);
    }

    /**
     * Reads a drawing 300 times as the Draw view does, so that the just-in-time compiler has compiled the
     * reading's code before the first stroke: the screenshot then shows the time a reading takes in an app that
     * has been drawn in for a while, not its first readings' (tens of milliseconds more, once).
     */
    private static void warmUp(Model model) {
        Drawing drawing = new Drawing();
        drawing.begin(0.3, 0.2, DrawView.DEFAULT_PEN, false);
        drawing.extend(0.7, 0.2);
        drawing.extend(0.4, 0.8);
        drawing.end();
        try (Reader reader = new Reader(Runnable::run, r -> { })) {
            for (int i = 0; i < 300; i++) {
                reader.read(new Reader.Request(drawing.snapshot(), model, -1));
            }
        }
    }

    /** Waits for the app's Draw view to have its shipped model, and offers it {@code model}. */
    private static void offerWhenShown(Model model) {
        for (int tries = 0; tries < 600; tries++) {
            try {
                Thread.sleep(100);
                CompletableFuture<Boolean> offered = new CompletableFuture<>();
                Platform.runLater(() -> offered.complete(offer(model)));
                if (offered.get(5, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (IllegalStateException | ExecutionException | TimeoutException e) {
                // the toolkit is not up yet
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Offers {@code model} to the Draw view of a window on show, once it reads with the shipped one. */
    private static boolean offer(Model model) {
        for (Window w : Window.getWindows()) {
            if (w.getScene() != null && w.getScene().lookup("#drawView") instanceof DrawView view && view.model() != null) {
                view.offerTrained(model);
                return true;
            }
        }
        return false;
    }
}
