package digitlab.model;

import digitlab.nn.Parameters;

/**
 * A trained network as a file holds it: its parameters (with its {@link digitlab.nn.Architecture}: the layers,
 * their sizes and activations) and its provenance.
 *
 * @param name what to call it in a list, e.g. the file name without ".json"
 */
public record Model(String name, Parameters parameters, Provenance provenance) {
}
