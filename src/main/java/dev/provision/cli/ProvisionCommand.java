package dev.provision.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code provision} command; each subcommand is a class of its own in this package. */
@Command(
        name = "provision",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Turns bare Linux hosts into a working microservice deployment with service",
            "discovery (Consul, HAProxy built from source, replicas of a sample service),",
            "then proves, with evidence, that it works.",
            "",
            "Start here:  provision demo     (builds a local lab of hosts, deploys, verifies)",
        },
        subcommands = {
            DemoCommand.class,
            LabCommand.class,
            PingCommand.class,
            UpCommand.class,
            DownCommand.class,
            VerifyCommand.class,
            CompletionCommand.class,
            CommandLine.HelpCommand.class,
        },
        footerHeading = "%nExit status:%n",
        footer = {
            "  0  success",
            "  1  a step or probe failed",
            "  2  invalid input or usage (bad inventory, unknown option); nothing was changed",
            "  3  a host could not be reached or authenticated",
        })
public final class ProvisionCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        // No subcommand: teach rather than fail silently.
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line, shared by {@code Main} and the tests. */
    public static CommandLine commandLine() {
        var cl = new CommandLine(new ProvisionCommand());
        cl.setExecutionExceptionHandler(new ExitCodeMapper());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }
}
