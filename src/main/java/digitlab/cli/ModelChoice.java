package digitlab.cli;

import java.nio.file.Path;

import digitlab.model.Model;
import digitlab.model.ModelException;
import digitlab.model.ModelFile;

/** {@code --model FILE}, or the model that ships with DigitLab. */
final class ModelChoice {
    private ModelChoice() {
    }

    static Model load(Args args) throws BadInputException {
        String file = args.text("--model", null);
        try {
            return file == null ? ModelFile.loadBundled() : ModelFile.load(Path.of(file));
        } catch (ModelException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }
}
