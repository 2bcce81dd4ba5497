package dev.provision.inventory;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds a YAML value that contains itself ({@code x: &a [*a]}): YAML allows it, but every later
 * walk over the value (printing, comparing, rendering) would recurse until the stack overflows.
 */
final class SelfReference {
    private SelfReference() {}

    static boolean in(Node node) {
        return in(node, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /** Depth-first with the nodes on the current path: a node met again on its own path is a loop. */
    private static boolean in(Node node, Set<Node> path) {
        if (!(node instanceof MappingNode) && !(node instanceof SequenceNode)) return false;
        if (!path.add(node)) return true;
        try {
            if (node instanceof SequenceNode s) {
                for (Node item : s.getValue()) if (in(item, path)) return true;
            } else {
                for (NodeTuple t : ((MappingNode) node).getValue()) {
                    if (in(t.getKeyNode(), path) || in(t.getValueNode(), path)) return true;
                }
            }
            return false;
        } finally {
            path.remove(node);
        }
    }
}
