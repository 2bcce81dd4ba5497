package dev.provision.inventory;

import dev.provision.Printable;
import dev.provision.ProvisionException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * The inventory file as YAML nodes that keep their lines: the file composed (malformed YAML
 * named by line), and each mapping's entries with merge keys applied, keys written twice and
 * keys that are not names reported.
 */
final class YamlEntries {
    /** A key of a mapping with its value and its dotted path from the top of the file. */
    record Entry(String key, Node keyNode, Node value, String path) {}

    private final Problems problems;
    /** Mappings whose entries are being collected: a merge key bringing one in again is a loop. */
    private final Set<Node> merging = Collections.newSetFromMap(new IdentityHashMap<>());
    private final NodeValues nodeValues = new NodeValues();

    YamlEntries(Problems problems) {
        this.problems = problems;
    }

    /** The file's root node, or null for an empty file; malformed YAML fails at once, with its line. */
    Node compose(Path file) {
        String text = InventoryText.read(file);
        try {
            return new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (ReaderException e) { // a character YAML does not allow: say on which line
            int line = 1;
            for (int i = 0; i < Math.min(e.getPosition(), text.length()); i++) if (text.charAt(i) == '\n') line++;
            throw ProvisionException.invalidInput(problems.at(line)
                    + String.format("malformed YAML: special characters are not allowed (U+%04X)", e.getCodePoint()));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            String where = mark != null ? problems.at(mark.getLine() + 1) : problems.where() + " ";
            throw ProvisionException.invalidInput(where + Printable.line("malformed YAML: " + problem + context));
        } catch (YAMLException e) {
            throw ProvisionException.invalidInput(problems.where() + " " + Printable.line("malformed YAML: " + e.getMessage()));
        }
    }

    /**
     * The entries of a mapping, with YAML merge keys ({@code <<: *defaults}) applied, reporting
     * keys that are not plain scalars and keys written twice.
     */
    List<Entry> entries(MappingNode mapping, String parentPath) {
        if (!merging.add(mapping)) {
            problems.error(mapping, parentPath, "a merge key (<<) brings in the mapping it is part of");
            return List.of();
        }
        try {
            return entriesOf(mapping, parentPath);
        } finally {
            merging.remove(mapping);
        }
    }

    private List<Entry> entriesOf(MappingNode mapping, String parentPath) {
        Map<String, Entry> result = new LinkedHashMap<>();
        List<MappingNode> merged = new ArrayList<>();
        for (NodeTuple t : mapping.getValue()) {
            Node k = t.getKeyNode();
            if (k.getTag().equals(Tag.MERGE)) {
                Node v = t.getValueNode();
                List<MappingNode> brought = new ArrayList<>();
                if (v instanceof MappingNode m) brought.add(m);
                else if (v instanceof SequenceNode s) {
                    for (Node item : s.getValue()) if (item instanceof MappingNode m) brought.add(m);
                }
                for (MappingNode m : brought) {
                    if (merging.contains(m)) problems.error(k, parentPath, "a merge key (<<) brings in the mapping it is part of");
                    else merged.add(m);
                }
                continue;
            }
            if (!(k instanceof ScalarNode scalar) || isNull(k)) {
                problems.error(k, parentPath, "a key must be a plain name, not " + kind(k));
                continue;
            }
            String key = scalar.getValue();
            String path = parentPath.isEmpty() ? key : parentPath + "." + key;
            Entry previous = result.get(key);
            if (previous != null) {
                problems.error(k, path, "'" + key + "' is written twice here (first at line " + line(previous.keyNode) + ")");
                continue;
            }
            result.put(key, new Entry(key, k, t.getValueNode(), path));
        }
        for (MappingNode m : merged) {
            for (Entry e : entries(m, parentPath)) result.putIfAbsent(e.key, e);
        }
        return new ArrayList<>(result.values());
    }

    /** The plain Java value YAML 1.1 gives a node (as Ansible's PyYAML does). */
    Object valueOf(Node node) {
        return nodeValues.valueOf(node);
    }

    static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode && node.getTag().equals(Tag.NULL));
    }

    /** What a node is, for messages: "a mapping", "a list", "the value 'x'", "nothing". */
    static String kind(Node node) {
        if (isNull(node)) return "nothing";
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        return "the value " + Printable.quoted(((ScalarNode) node).getValue());
    }

    static String text(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : kind(node);
    }

    static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    private static final class NodeValues extends SafeConstructor {
        NodeValues() {
            super(new LoaderOptions());
        }

        Object valueOf(Node node) {
            return constructObject(node);
        }
    }
}
