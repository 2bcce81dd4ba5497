package dev.provision.deployment;

import dev.provision.inventory.Variable;
import dev.provision.inventory.VariableType;
import dev.provision.playbook.Location;
import dev.provision.playbook.PlaybookException;
import dev.provision.playbook.YamlTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads playbooks/variables.yaml into a {@link DeploymentSchema}; a mistake names file, line and key. */
public final class SchemaFile {
    public static final String NAME = dev.provision.playbook.PlaybookLoader.SCHEMA_FILE;
    private static final Set<String> TOP_KEYS = Set.of("variables", "accepted_prefixes", "roles");
    private static final Set<String> VARIABLE_KEYS = Set.of("type", "about", "empty_ok");
    private static final Set<String> ROLE_KEYS = Set.of("needed_for", "odd_count", "optional", "ports");
    private static final Set<String> PORT_KEYS = Set.of("port", "protocols", "what", "open", "answers", "name", "min_hosts");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}|\\{\\{\\s*\\w+\\s*}}");

    private final Path file;

    private SchemaFile(Path file) {
        this.file = file;
    }

    /** The schema of a playbooks folder; {@link DeploymentSchema#EMPTY} when it has no variables.yaml. */
    public static DeploymentSchema read(Path playbooksDir) {
        Path file = playbooksDir.resolve(NAME);
        return Files.isRegularFile(file) ? new SchemaFile(file).read() : DeploymentSchema.EMPTY;
    }

    private DeploymentSchema read() {
        Map<String, NodeTuple> top = YamlTree.mapping(file, YamlTree.read(file), "variables.yaml");
        for (var e : top.entrySet()) {
            if (!TOP_KEYS.contains(e.getKey())) throw error(e.getValue().getKeyNode(), e.getKey(), "unknown key (expected one of " + TOP_KEYS + ")");
        }
        Map<String, Variable> variables = new LinkedHashMap<>();
        if (top.containsKey("variables")) {
            for (var e : YamlTree.mapping(file, top.get("variables").getValueNode(), "variables").entrySet()) {
                variables.put(e.getKey(), variable(e.getKey(), e.getValue().getValueNode()));
            }
        }
        List<String> prefixes = new ArrayList<>();
        if (top.containsKey("accepted_prefixes")) {
            for (Node n : YamlTree.sequence(file, top.get("accepted_prefixes").getValueNode(), "accepted_prefixes")) {
                prefixes.add(YamlTree.scalar(file, n, "accepted_prefixes"));
            }
        }
        List<RoleSpec> roles = new ArrayList<>();
        if (top.containsKey("roles")) {
            for (var e : YamlTree.mapping(file, top.get("roles").getValueNode(), "roles").entrySet()) {
                roles.add(role(e.getKey(), e.getValue().getValueNode(), variables));
            }
        }
        return new DeploymentSchema(java.util.Collections.unmodifiableMap(variables), List.copyOf(prefixes), List.copyOf(roles));
    }

    private Variable variable(String name, Node node) {
        String at = "variables." + name;
        Map<String, NodeTuple> keys = keys(node, at, VARIABLE_KEYS);
        if (!keys.containsKey("type")) throw error(node, at, "missing 'type' (one of " + TypeNames.known() + ")");
        VariableType type = type(keys.get("type").getValueNode(), at + ".type");
        if (keys.containsKey("empty_ok") && Boolean.TRUE.equals(YamlTree.toJava(keys.get("empty_ok").getValueNode()))) {
            type = VariableType.orEmpty(type);
        }
        String about = keys.containsKey("about") ? YamlTree.scalar(file, keys.get("about").getValueNode(), at + ".about") : "";
        return new Variable(name, type, about);
    }

    private VariableType type(Node node, String at) {
        if (node instanceof ScalarNode s) {
            return TypeNames.named(s.getValue()).orElseThrow(() -> error(node, at,
                    "unknown type '" + s.getValue() + "' (one of " + TypeNames.known() + ")"));
        }
        Map<String, NodeTuple> keys = keys(node, at, Set.of("one_of", "pattern", "looks_like"));
        if (keys.containsKey("one_of")) {
            List<String> choices = YamlTree.sequence(file, keys.get("one_of").getValueNode(), at + ".one_of").stream()
                    .map(n -> YamlTree.scalar(file, n, at + ".one_of")).toList();
            return VariableType.oneOf(choices.toArray(String[]::new));
        }
        if (keys.containsKey("pattern") && keys.containsKey("looks_like")) {
            Node p = keys.get("pattern").getValueNode();
            try {
                return VariableType.matching(YamlTree.scalar(file, keys.get("looks_like").getValueNode(), at + ".looks_like"),
                        Pattern.compile(YamlTree.scalar(file, p, at + ".pattern")));
            } catch (PatternSyntaxException e) {
                throw error(p, at + ".pattern", "not a regular expression: " + e.getDescription());
            }
        }
        throw error(node, at, "a type name, {one_of: [...]} or {pattern: ..., looks_like: ...}");
    }

    private RoleSpec role(String group, Node node, Map<String, Variable> variables) {
        String at = "roles." + group;
        Map<String, NodeTuple> keys = keys(node, at, ROLE_KEYS);
        if (!group.equals("all") && !keys.containsKey("needed_for")) {
            throw error(node, at, "missing 'needed_for' (why the deployment needs a host in this group)");
        }
        String neededFor = keys.containsKey("needed_for") ? YamlTree.scalar(file, keys.get("needed_for").getValueNode(), at) : "";
        boolean odd = keys.containsKey("odd_count") && Boolean.TRUE.equals(YamlTree.toJava(keys.get("odd_count").getValueNode()));
        boolean optional = keys.containsKey("optional") && Boolean.TRUE.equals(YamlTree.toJava(keys.get("optional").getValueNode()));
        if (optional && group.equals("all")) throw error(keys.get("optional").getKeyNode(), at + ".optional", "every host has the role 'all'");
        List<PortSpec> ports = new ArrayList<>();
        if (keys.containsKey("ports")) {
            for (Node n : YamlTree.sequence(file, keys.get("ports").getValueNode(), at + ".ports")) {
                ports.add(port(n, at + ".ports", variables));
            }
        }
        return new RoleSpec(group, neededFor, odd, optional, List.copyOf(ports));
    }

    private PortSpec port(Node node, String at, Map<String, Variable> variables) {
        Map<String, NodeTuple> keys = keys(node, at, PORT_KEYS);
        if (!keys.containsKey("port")) throw error(node, at, "missing 'port' (a number or \"{{variable}}\")");
        Node portNode = keys.get("port").getValueNode();
        String port = YamlTree.scalar(file, portNode, at + ".port");
        if (!PORT.matcher(port).matches()) throw error(portNode, at + ".port", "expected a number or \"{{variable}}\", got " + port);
        List<String> protocols = List.of("tcp");
        if (keys.containsKey("protocols")) {
            protocols = YamlTree.sequence(file, keys.get("protocols").getValueNode(), at + ".protocols").stream()
                    .map(n -> YamlTree.scalar(file, n, at + ".protocols")).toList();
            for (String p : protocols) {
                if (!p.equals("tcp") && !p.equals("udp")) throw error(keys.get("protocols").getValueNode(), at + ".protocols", "tcp or udp, not " + p);
            }
        }
        PortSpec spec = new PortSpec(port, protocols,
                keys.containsKey("what") ? YamlTree.scalar(file, keys.get("what").getValueNode(), at + ".what") : null,
                flag(keys, "open"), flag(keys, "answers"),
                keys.containsKey("name") ? YamlTree.scalar(file, keys.get("name").getValueNode(), at + ".name") : null,
                minHosts(keys, at));
        String variable = spec.variable();
        if (variable != null && (!variables.containsKey(variable) || variables.get(variable).type() != VariableType.PORT)) {
            throw error(portNode, at + ".port", "'" + variable + "' is not a variable of type port declared under variables");
        }
        if (variable == null && spec.what() == null) throw error(node, at, "a fixed port needs 'what' (how messages name it)");
        if (variable == null) {
            int n = Integer.parseInt(port);
            if (n < 1 || n > 65535) throw error(portNode, at + ".port", n + " is not a port number (1-65535)");
        }
        return spec;
    }

    private int minHosts(Map<String, NodeTuple> keys, String at) {
        if (!keys.containsKey("min_hosts")) return 1;
        Node n = keys.get("min_hosts").getValueNode();
        if (YamlTree.toJava(n) instanceof Integer i && i >= 1 && i <= 10000) return i;
        throw error(n, at + ".min_hosts", "a number of hosts, at least 1 (the port is the role's only from that many hosts in its group)");
    }

    private static boolean flag(Map<String, NodeTuple> keys, String key) {
        return !keys.containsKey(key) || !Boolean.FALSE.equals(YamlTree.toJava(keys.get(key).getValueNode()));
    }

    private Map<String, NodeTuple> keys(Node node, String at, Set<String> allowed) {
        Map<String, NodeTuple> keys = YamlTree.mapping(file, node, at);
        for (var e : keys.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw error(e.getValue().getKeyNode(), at + "." + e.getKey(), "unknown key (expected one of " + new java.util.TreeSet<>(allowed) + ")");
            }
        }
        return keys;
    }

    private PlaybookException error(Node node, String key, String message) {
        return new PlaybookException(Location.of(file, node.getStartMark()), key, message);
    }
}
