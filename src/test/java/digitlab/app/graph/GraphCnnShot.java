package digitlab.app.graph;

import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.RadioButton;
import javafx.stage.Stage;
import javafx.util.Duration;

import digitlab.app.shared.AppState;
import digitlab.data.Mnist;
import digitlab.dataset.Dataset;
import digitlab.engine.Tensor;
import digitlab.model.Model;
import digitlab.model.Provenance;
import digitlab.nn.Architecture;
import digitlab.nn.Classifier;
import digitlab.nn.Parameters;
import digitlab.nn.Trainer;
import digitlab.nn.TrainingConfig;
import digitlab.testing.RealMnist;

/**
 * For the screenshots of issue 17 (not a test): trains the "cnn" preset for a few seconds on MNIST, reads a test
 * digit with it, and opens the Graph view on that drawing, backward done, with K1 inspected (or the leaf the
 * argument names, or with "maps" the first convolution's feature maps), zoomed in on the first layers, in a window of 1280×800 (or the
 * width and height given after the node). The Draw
 * view is left out: it is where a person would pick the CNN. Run under Xvfb with
 * {@code /work/shared/toolchain/screenshot.sh}, on the test classpath.
 */
public final class GraphCnnShot {
    private static AppState state;
    private static String inspect;
    private static int width, height;

    public static void main(String[] args) {
        inspect = args.length > 0 ? args[0] : "K1";
        width = args.length > 2 ? Integer.parseInt(args[1]) : 1280;
        height = args.length > 2 ? Integer.parseInt(args[2]) : 800;
        Mnist mnist = RealMnist.get();
        Architecture cnn = Architecture.parse(Architecture.CNN_NAME, new Architecture.Shape(1, 28, 28), 10);
        TrainingConfig config = TrainingConfig.defaults().withEpochs(1).withLimit(6000).withThreads(2).withAugment(false);
        long start = System.nanoTime();
        Parameters trained = new Trainer(config, Parameters.initial(cnn, 1), mnist.train(), null).run().parameters();
        System.out.printf("trained %s on 6000 images in %.1f s%n", cnn.spec(), (System.nanoTime() - start) / 1e9);
        Dataset test = mnist.test();
        int image = 0;
        float[] pixels = new float[784];
        for (int p = 0; p < 784; p++) {
            pixels[p] = test.pixel(image, p) / 255f;
        }
        float[] probabilities = new Classifier(trained).probabilities(pixels);
        int best = 0;
        for (int c = 1; c < 10; c++) {
            best = probabilities[c] > probabilities[best] ? c : best;
        }
        System.out.println("test image " + image + ", label " + test.label(image) + ", read as " + best);
        state = new AppState();
        state.lastDrawing.set(new AppState.DrawnDigit(new Model("cnn (6,000 images, 1 epoch)", trained,
                Provenance.unknown()), pixels, probabilities, best));
        Application.launch(Window.class, args);
    }

    /** The window: the Graph view alone. */
    public static final class Window extends Application {
        @Override
        public void start(Stage stage) {
            GraphView view = new GraphView(state);
            stage.setTitle("DigitLab: Graph view of a CNN");
            stage.setScene(new Scene(view, width, height - 30));
            stage.show();
            // JavaFX 21 under a window manager loses the size asked for before the window is mapped: ask again
            stage.setX(0);
            stage.setY(0);
            stage.setWidth(width);
            stage.setHeight(height);
            ((RadioButton) view.lookup("#drawSource")).setSelected(true);
            PauseTransition wait = new PauseTransition(Duration.millis(200));
            wait.setOnFinished(e -> {
                if (view.shown() == null || !view.shown().description().startsWith("model cnn")) {
                    wait.playFromStart();
                    return;
                }
                // and again once mapped: under load the first ask can still be lost
                stage.setX(0);
                stage.setY(0);
                stage.setWidth(width);
                stage.setHeight(height);
                view.stepWalk();
                view.finishWalk();
                Tensor shown = view.shown().nodes().stream()
                        .filter(t -> inspect.equals("maps") ? t.op().equals("relu") : inspect.equals(t.name()))
                        .findFirst().orElseThrow();
                view.inspect(shown);
                Platform.runLater(() -> {
                    view.fit();
                    // as a person would with the wheel: the first layers at a size their text reads at
                    GraphCanvas canvas = view.canvas();
                    canvas.zoomAt(0.9 / canvas.scale(), 0, canvas.getHeight() / 2);
                });
            });
            wait.play();
        }
    }
}
