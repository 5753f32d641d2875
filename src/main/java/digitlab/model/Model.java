package digitlab.model;

import digitlab.nn.Parameters;

/**
 * A trained network as a file holds it: its parameters (the layer sizes are theirs), the activation
 * between layers, and its provenance.
 *
 * @param name what to call it in a list, e.g. the file name without ".json"
 */
public record Model(String name, Parameters parameters, String activation, Provenance provenance) {
    public static final String RELU = "relu";

    public Model {
        if (!RELU.equals(activation)) {
            throw new IllegalArgumentException("activation '" + activation + "' is not supported; DigitLab networks use relu");
        }
    }
}
