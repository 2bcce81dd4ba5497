package dev.provision.inventory;

import java.util.List;
import java.util.Optional;

/**
 * What a deployment declares about the inventory beyond Ansible's own rules: the types of its
 * variables, and which groups it needs. The loader asks while reading, so every problem of a
 * file, Ansible's and the deployment's, is reported together, each on its line.
 */
public interface VariableRules {

    /** Ansible's rules only: no declared variable, no warning, no check on groups. */
    VariableRules NONE = new VariableRules() {
        @Override
        public Optional<Variable> find(String name) {
            return Optional.empty();
        }

        @Override
        public List<String> names() {
            return List.of();
        }

        @Override
        public boolean isKnown(String name) {
            return true;
        }

        @Override
        public void check(Inventory inventory, InventoryLines lines, Problems problems) {}
    };

    /** The declared variable of this name, if the deployment declares one. */
    Optional<Variable> find(String name);

    /** Every declared name, for "did you mean" suggestions. */
    List<String> names();

    /** True when a name is expected without a warning: declared, or under an accepted prefix. */
    boolean isKnown(String name);

    /** Checks on the loaded hosts and groups (which groups must have hosts), reported into {@code problems}. */
    void check(Inventory inventory, InventoryLines lines, Problems problems);
}
