package dev.provision;

import dev.provision.cli.ProvisionCommand;

/** Entry point of the {@code provision} command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(ProvisionCommand.commandLine().execute(args));
    }
}
