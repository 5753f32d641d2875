package digitlab.cli;

import java.io.File;

import picocli.CommandLine.Option;

import digitlab.model.Model;
import digitlab.model.ModelException;
import digitlab.model.ModelFile;

/**
 * {@code --model FILE}, or the shipped MLP (the quickest to start and run; the app starts with whichever shipped
 * model reads drawings best). A {@link File}, so that the shell completes it.
 */
final class ModelOption {
    @Option(names = "--model", paramLabel = "FILE", description = "a model file (default: the shipped MLP, mnist-mlp; the shipped CNN is models/mnist-cnn.json)")
    private File file;

    /** The model named, or the shipped one; one that cannot be read is bad input. */
    Model load() throws BadInputException {
        try {
            return file == null ? ModelFile.loadBundled() : ModelFile.load(file.toPath());
        } catch (ModelException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }
}
