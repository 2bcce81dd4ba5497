package dev.provision.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code provision completion}: prints picocli's completion script for every command and option,
 * generated from the same annotations as {@code --help}, so it can never drift from the tool.
 */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        header = "Prints a bash/zsh completion script for provision.",
        description = {
            "bash:  source <(./provision completion)",
            "zsh:   autoload -U +X bashcompinit && bashcompinit && source <(./provision completion)",
            "Or save it once: ./provision completion > /etc/bash_completion.d/provision",
        })
public final class CompletionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("provision", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
