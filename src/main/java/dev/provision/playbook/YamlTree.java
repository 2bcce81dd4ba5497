package dev.provision.playbook;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads YAML as nodes (which keep their line) and turns nodes into plain Java values. */
public final class YamlTree {
    private YamlTree() {}

    /** The document's root node; syntax errors name file and line. */
    public static Node read(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            var opts = new LoaderOptions();
            opts.setAllowDuplicateKeys(false);
            Node n = new Yaml(opts).compose(r);
            if (n == null) throw new PlaybookException(new Location(file, 0), null, "empty file");
            return n;
        } catch (MarkedYAMLException e) {
            throw new PlaybookException(Location.of(file, e.getProblemMark()), null,
                    "not valid YAML: " + e.getProblem());
        } catch (IOException e) {
            throw new PlaybookException(new Location(file, 0), null, "cannot read: " + e.getMessage());
        }
    }

    /** The key -> value node pairs of a mapping, in order; anything else is an error. */
    public static Map<String, NodeTuple> mapping(Path file, Node node, String what) {
        if (!(node instanceof MappingNode m)) {
            throw new PlaybookException(Location.of(file, node.getStartMark()), what, "expected a mapping (key: value)");
        }
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw new PlaybookException(Location.of(file, t.getKeyNode().getStartMark()), what, "keys must be plain words");
            }
            out.put(k.getValue(), t);
        }
        return out;
    }

    public static List<Node> sequence(Path file, Node node, String what) {
        if (!(node instanceof SequenceNode s)) {
            throw new PlaybookException(Location.of(file, node.getStartMark()), what, "expected a list");
        }
        return s.getValue();
    }

    public static String scalar(Path file, Node node, String what) {
        if (!(node instanceof ScalarNode s)) {
            throw new PlaybookException(Location.of(file, node.getStartMark()), what, "expected a single value");
        }
        return s.getValue();
    }

    /** Node to Map / List / String / Integer / Boolean / null, following YAML's implicit types. */
    public static Object toJava(Node node) {
        if (node instanceof ScalarNode s) {
            Tag t = s.getTag();
            String v = s.getValue();
            if (Tag.NULL.equals(t)) return null;
            if (Tag.BOOL.equals(t)) return List.of("true", "yes", "on", "y").contains(v.toLowerCase());
            if (Tag.INT.equals(t)) {
                try {
                    return Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    return v;
                }
            }
            return v;
        }
        if (node instanceof SequenceNode seq) {
            List<Object> l = new ArrayList<>();
            for (Node n : seq.getValue()) l.add(toJava(n));
            return l;
        }
        MappingNode m = (MappingNode) node;
        Map<String, Object> map = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) map.put(String.valueOf(toJava(t.getKeyNode())), toJava(t.getValueNode()));
        return map;
    }
}
