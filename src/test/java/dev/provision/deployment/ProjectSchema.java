package dev.provision.deployment;

import dev.provision.inventory.Inventory;
import dev.provision.inventory.InventoryLoader;
import java.nio.file.Path;
import java.util.Map;

/** The project's own playbooks/variables.yaml, for tests that load inventories as provision does. */
public final class ProjectSchema {
    public static final Path PLAYBOOKS = Path.of("playbooks");

    private ProjectSchema() {}

    public static DeploymentSchema get() {
        return SchemaFile.read(PLAYBOOKS);
    }

    /** An inventory checked against the project's schema, passwords from this process's environment. */
    public static Inventory load(Path inventory) {
        return load(inventory, System.getenv());
    }

    public static Inventory load(Path inventory, Map<String, String> env) {
        return InventoryLoader.load(inventory, env, get());
    }

    /** The deployment an inventory and the project's playbooks make. */
    public static Deployment deployment(Inventory inventory) {
        return Deployment.of(inventory, PLAYBOOKS);
    }
}
