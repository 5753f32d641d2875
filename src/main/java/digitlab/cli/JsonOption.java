package digitlab.cli;

import picocli.CommandLine.Option;

/** {@code --json}: JSON lines for programs instead of text for people; each command says what they hold. */
final class JsonOption {
    @Option(names = "--json", description = "JSON instead of text, one object a line (see above)")
    private boolean json;

    boolean on() {
        return json;
    }
}
