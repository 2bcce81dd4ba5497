package dev.provision.inventory;

import org.yaml.snakeyaml.nodes.Node;

/**
 * A variable whose value is YAML structure (a list of mappings), not one scalar: the deployment's
 * {@code services}. It reads the node itself, so each problem names the line and the field
 * ({@code all.vars.services[1].port}), and reports every problem found into {@code problems}.
 */
public interface StructuredType extends VariableType {

    /**
     * @param path the dotted key path of the variable ("all.vars.services")
     * @return the value to keep, or null when a problem was reported
     */
    Object parse(Node node, String path, Problems problems);

    /** Never asked: a structured value is not one scalar. */
    @Override
    default Object parse(String text) {
        throw new IllegalArgumentException("expected " + describe());
    }
}
