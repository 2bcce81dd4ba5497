package dev.provision.playbook;

import dev.provision.inventory.VariableRules;
import dev.provision.inventory.VariableType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Loads playbooks/: {@code defaults.yaml} (variables and artifacts) and every other
 * {@code *.yaml} but {@code variables.yaml} (the deployment's schema) as a play, in file-name order (hence the numeric prefixes). Mistakes are
 * reported with file, line and key, exit 2, before any host is contacted.
 */
public final class PlaybookLoader {
    /** The step kinds, i.e. the operations a step may name. */
    private static final Set<String> KINDS = Operations.names();
    private static final Set<String> STEP_KEYS = Set.of("name", "notify", "when", "timeout");
    /** A handler may also say how it rolls across hosts. */
    private static final Set<String> HANDLER_KEYS = Set.of("name", "notify", "when", "timeout", "roll");
    private static final Set<String> PLAY_KEYS = Set.of("name", "hosts", "steps", "handlers", "loop");
    private static final Set<String> DEFAULTS_KEYS = Set.of("vars", "artifacts");
    /** The deployment's variables and roles: read by the deployment model, not a play. */
    public static final String SCHEMA_FILE = "variables.yaml";

    private PlaybookLoader() {}

    /**
     * Loads; a default of a declared variable is held to its declared type.
     *
     * @param declared the deployment's variables (variables.yaml), read by the deployment model
     */
    public static Playbook load(Path dir, VariableRules declared) {
        return load(dir, dir, declared);
    }

    /** What {@code provision down} runs: the plays of {@value #TEARDOWN_DIR}/, with this folder's defaults and templates. */
    public static final String TEARDOWN_DIR = "down";

    /** The teardown plays (playbooks/down/*.yaml), each a phase of {@code provision down}, in file-name order. */
    public static Playbook loadTeardown(Path dir, VariableRules declared) {
        Path plays = dir.resolve(TEARDOWN_DIR);
        if (!Files.isDirectory(plays)) {
            throw new PlaybookException(new Location(plays, 0), null, "no such folder: provision down runs the plays in it");
        }
        return load(dir, plays, declared);
    }

    private static Playbook load(Path dir, Path playsDir, VariableRules declared) {
        if (!Files.isDirectory(dir)) {
            throw new PlaybookException(new Location(dir, 0), null, "no such playbooks folder");
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        Map<String, Map<String, Object>> artifacts = new LinkedHashMap<>();
        Path defaultsFile = dir.resolve("defaults.yaml");
        if (Files.isRegularFile(defaultsFile)) readDefaults(defaultsFile, defaults, artifacts, declared);

        List<Path> files;
        try (Stream<Path> s = Files.list(playsDir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals("defaults.yaml"))
                    .filter(p -> !p.getFileName().toString().equals(SCHEMA_FILE))
                    .sorted().toList();
        } catch (IOException e) {
            throw new PlaybookException(new Location(dir, 0), null, "cannot list: " + e.getMessage());
        }
        List<Play> plays = new ArrayList<>();
        Map<String, StepSpec> handlers = new LinkedHashMap<>();
        for (Path f : files) plays.add(readPlay(f, handlers));
        for (Play p : plays) {
            for (StepSpec s : p.steps()) {
                for (String h : s.notifies()) {
                    if (!handlers.containsKey(h)) {
                        throw new PlaybookException(s.at("notify"), "notify",
                                "no handler named '" + h + "' (handlers: " + String.join(", ", handlers.keySet()) + ")");
                    }
                }
            }
        }
        return new Playbook(dir, defaults, artifacts, plays, handlers, dir.resolve("templates"));
    }

    private static void readDefaults(Path file, Map<String, Object> defaults, Map<String, Map<String, Object>> artifacts,
            VariableRules declared) {
        Map<String, NodeTuple> top = YamlTree.mapping(file, YamlTree.read(file), "defaults");
        for (var e : top.entrySet()) {
            if (!DEFAULTS_KEYS.contains(e.getKey())) {
                throw new PlaybookException(Location.of(file, e.getValue().getKeyNode().getStartMark()), e.getKey(),
                        "unknown key (expected one of " + DEFAULTS_KEYS + ")");
            }
        }
        if (top.containsKey("vars")) {
            for (var e : YamlTree.mapping(file, top.get("vars").getValueNode(), "vars").entrySet()) {
                defaults.put(e.getKey(), typed(file, e.getKey(), e.getValue().getValueNode(), declared));
            }
        }
        if (top.containsKey("artifacts")) {
            for (var e : YamlTree.mapping(file, top.get("artifacts").getValueNode(), "artifacts").entrySet()) {
                Map<String, NodeTuple> a = YamlTree.mapping(file, e.getValue().getValueNode(), "artifacts." + e.getKey());
                for (String required : List.of("file", "sums", "url")) {
                    if (!a.containsKey(required)) {
                        throw new PlaybookException(Location.of(file, e.getValue().getKeyNode().getStartMark()),
                                "artifacts." + e.getKey(), "missing '" + required + "'");
                    }
                }
                Map<String, Object> spec = new LinkedHashMap<>();
                a.forEach((k, v) -> spec.put(k, YamlTree.toJava(v.getValueNode())));
                artifacts.put(e.getKey(), spec);
            }
        }
    }

    /**
     * A default of a variable the inventory may set is held to the same type, so templates see
     * the same kind of value (make flags as a list of words) whichever of the two set it. A
     * default that refers to other variables is checked through them.
     */
    private static Object typed(Path file, String name, Node node, VariableRules declared) {
        Object value = YamlTree.toJava(node);
        var known = declared.find(name);
        if (known.isEmpty() || !(node instanceof ScalarNode scalar) || value == null || scalar.getValue().contains("{{")) {
            return value;
        }
        try {
            return known.get().type().parse(scalar.getValue());
        } catch (IllegalArgumentException e) {
            String why = e instanceof VariableType.Invalid ? ": " + e.getMessage() : "";
            throw new PlaybookException(Location.of(file, node.getStartMark()), "vars." + name,
                    "\"" + scalar.getValue() + "\" is not " + known.get().type().describe() + why);
        }
    }

    private static Play readPlay(Path file, Map<String, StepSpec> handlers) {
        Node root = YamlTree.read(file);
        Map<String, NodeTuple> top = YamlTree.mapping(file, root, "play");
        for (var e : top.entrySet()) {
            if (!PLAY_KEYS.contains(e.getKey())) {
                throw new PlaybookException(Location.of(file, e.getValue().getKeyNode().getStartMark()), e.getKey(),
                        "unknown key (expected one of " + PLAY_KEYS + ")");
            }
        }
        Location where = Location.of(file, root.getStartMark());
        String name = top.containsKey("name") ? YamlTree.scalar(file, top.get("name").getValueNode(), "name")
                : file.getFileName().toString();
        if (!top.containsKey("hosts")) throw new PlaybookException(where, "hosts", "missing (a group name, a list of them, or all)");
        Node hostsNode = top.get("hosts").getValueNode();
        List<String> hosts = hostsNode instanceof ScalarNode s ? List.of(s.getValue())
                : YamlTree.sequence(file, hostsNode, "hosts").stream().map(n -> YamlTree.scalar(file, n, "hosts")).toList();
        List<StepSpec> steps = new ArrayList<>();
        if (top.containsKey("steps")) {
            for (Node n : YamlTree.sequence(file, top.get("steps").getValueNode(), "steps")) steps.add(readStep(file, n, false));
        }
        if (top.containsKey("handlers")) {
            for (Node n : YamlTree.sequence(file, top.get("handlers").getValueNode(), "handlers")) {
                StepSpec h = readStep(file, n, true);
                if (handlers.containsKey(h.name())) {
                    throw new PlaybookException(h.location(), "name", "handler '" + h.name() + "' is already defined at "
                            + handlers.get(h.name()).location());
                }
                handlers.put(h.name(), h);
            }
        }
        String loop = top.containsKey("loop") ? YamlTree.scalar(file, top.get("loop").getValueNode(), "loop") : null;
        if (loop != null && !loop.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new PlaybookException(Location.of(file, top.get("loop").getKeyNode().getStartMark()), "loop",
                    "expected the name of a variable holding a list");
        }
        return new Play(name, where, hosts, steps, loop);
    }

    private static StepSpec readStep(Path file, Node node, boolean handler) {
        Map<String, NodeTuple> keys = YamlTree.mapping(file, node, "step");
        Location where = Location.of(file, node.getStartMark());
        String kind = null;
        for (var e : keys.entrySet()) {
            if (KINDS.contains(e.getKey())) {
                if (kind != null) {
                    throw new PlaybookException(Location.of(file, e.getValue().getKeyNode().getStartMark()), e.getKey(),
                            "a step does one thing: it already is a '" + kind + "' step");
                }
                kind = e.getKey();
            } else if (e.getKey().equals("roll") && !handler) {
                throw new PlaybookException(Location.of(file, e.getValue().getKeyNode().getStartMark()), e.getKey(),
                        "only a handler rolls across hosts (move the restart into handlers: and notify it)");
            } else if (!(handler ? HANDLER_KEYS : STEP_KEYS).contains(e.getKey())) {
                throw new PlaybookException(Location.of(file, e.getValue().getKeyNode().getStartMark()), e.getKey(),
                        "unknown key (a step has name, notify, when, timeout" + (handler ? ", roll" : "") + " and one of " + new java.util.TreeSet<>(KINDS) + ")");
            }
        }
        if (kind == null) throw new PlaybookException(where, null, "step names no operation (one of " + new java.util.TreeSet<>(KINDS) + ")");
        if (!keys.containsKey("name")) throw new PlaybookException(where, "name", "missing: every step has a name");
        String name = YamlTree.scalar(file, keys.get("name").getValueNode(), "name");
        Node argNode = keys.get(kind).getValueNode();
        Map<String, Object> args = new LinkedHashMap<>();
        Map<String, Location> lines = new LinkedHashMap<>();
        if (argNode instanceof MappingNode) {
            for (var e : YamlTree.mapping(file, argNode, kind).entrySet()) {
                args.put(e.getKey(), YamlTree.toJava(e.getValue().getValueNode()));
                lines.put(e.getKey(), Location.of(file, e.getValue().getKeyNode().getStartMark()));
            }
        } else {
            // Shorthand: "package: [a, b]" or "service: consul" fills the kind's main argument.
            args.put("_", YamlTree.toJava(argNode));
            lines.put("_", Location.of(file, argNode.getStartMark()));
        }
        List<String> notify = List.of();
        if (keys.containsKey("notify")) {
            Node nn = keys.get("notify").getValueNode();
            notify = nn instanceof ScalarNode s ? List.of(s.getValue())
                    : YamlTree.sequence(file, nn, "notify").stream().map(x -> YamlTree.scalar(file, x, "notify")).toList();
            lines.put("notify", Location.of(file, keys.get("notify").getKeyNode().getStartMark()));
        }
        String when = keys.containsKey("when") ? YamlTree.scalar(file, keys.get("when").getValueNode(), "when") : null;
        if (when != null) lines.put("when", Location.of(file, keys.get("when").getKeyNode().getStartMark()));
        Duration timeout = StepTimeout.defaultFor(kind);
        if (keys.containsKey("timeout")) {
            Location at = Location.of(file, keys.get("timeout").getKeyNode().getStartMark());
            timeout = StepTimeout.parse(YamlTree.scalar(file, keys.get("timeout").getValueNode(), "timeout"), at);
            lines.put("timeout", at);
        }
        RollKind roll = null;
        if (keys.containsKey("roll")) {
            Location at = Location.of(file, keys.get("roll").getKeyNode().getStartMark());
            String value = YamlTree.scalar(file, keys.get("roll").getValueNode(), "roll");
            roll = RollKind.of(value).orElseThrow(() -> new PlaybookException(at, "roll",
                    "unknown kind '" + value + "' (one of: " + RollKind.names() + ")"));
            lines.put("roll", at);
        }
        var step = new StepSpec(name, kind, args, lines, notify, when, timeout, where, roll);
        StepCompiler.check(step);
        return step;
    }
}
