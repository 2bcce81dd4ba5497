package dev.provision.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -i/--inventory}: shared by every command that works on hosts. */
public final class InventoryOption {
    @Option(
            names = {"-i", "--inventory"},
            paramLabel = "FILE",
            defaultValue = "inventory.yaml",
            description = "Ansible-style YAML inventory of the hosts (default: ${DEFAULT-VALUE}). "
                    + "'provision lab up' prints the path of the lab's own.")
    public Path inventory;
}
