package digitlab.cli;

import java.io.PrintStream;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code help [COMMAND]}: one command's usage, or the list of commands for none or a name it does not know. */
@CommandLine.Command(name = "help", helpCommand = true, description = "the usage of COMMAND, as COMMAND --help shows it")
final class HelpCommand extends Command {
    @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "a command's name")
    private String command;
    @Spec
    private CommandSpec spec;

    @Override
    int execute(PrintStream out, PrintStream err) {
        CommandLine all = spec.parent().commandLine();
        CommandLine named = command == null ? null : all.getSubcommands().get(command);
        out.print((named == null ? all : named).getUsageMessage());
        return ExitCode.OK.code();
    }
}
