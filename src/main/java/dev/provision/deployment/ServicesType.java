package dev.provision.deployment;

import dev.provision.Printable;
import dev.provision.digest.Sha256;
import dev.provision.inventory.Problems;
import dev.provision.inventory.StructuredType;
import dev.provision.inventory.VariableType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The type of the inventory's {@code services} list: each entry a mapping of the fields below,
 * each field held to a narrow type (its value ends up in a systemd unit, a root script, HAProxy's
 * config), the artifact read and its SHA-256 checked on the controller. Every problem names the
 * file, line and field ({@code all.vars.services[1].port}); nothing here contacts a host.
 *
 * <pre>
 * services:
 *   - name: orders            # required: a DNS label (Consul name, unit, backend, user by default)
 *     hosts: services         # the group running it (default services)
 *     port: 8090              # required
 *     health: /health         # HTTP path of the checks (default /health)
 *     route: /orders          # gateway path prefix (default /NAME)
 *     jar: build/orders.jar   # or: tarball: app.tar.gz + start: "python3 app.py --port 9000"
 *     args: "--port ${SERVICE_PORT}"   # jar only: arguments after -jar
 *     sha256: 64 hex digits   # or a checksum file beside the artifact (FILE.sha256 or SHA256SUMS)
 *     env: {GREETING: hello}
 *     user: orders            # default: the name
 *     heap: 64m               # jar only (default service_heap)
 *     packages: [python3]     # distribution packages its hosts need
 * </pre>
 */
final class ServicesType implements StructuredType {
    static final ServicesType INSTANCE = new ServicesType();

    static final Set<String> FIELDS = Set.of("name", "hosts", "port", "health", "route", "jar", "tarball", "start", "args",
            "sha256", "env", "user", "heap", "packages");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");
    private static final Pattern HTTP_PATH = Pattern.compile("/[A-Za-z0-9._~/-]{0,200}");
    private static final Pattern ROUTE = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
    /** A word of a command or argument: safe characters, and ${NAME} references systemd expands. */
    private static final Pattern WORD = Pattern.compile("([A-Za-z0-9._+@/=:,-]|\\$\\{[A-Z_][A-Z0-9_]*\\})+");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    /** A value inside Environment="NAME=value": no quote, backslash, '%' (systemd specifiers) or '$'. */
    private static final Pattern ENV_VALUE = Pattern.compile("[^\\p{Cntrl}\"'\\\\%$]{0,1000}");
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern HEAP = Pattern.compile("\\d{1,6}[kmg]");
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9.+_-]{0,99}");
    private static final Set<String> RESERVED_USERS = Set.of("root", "consul", "haproxy", "nobody");

    private ServicesType() {}

    @Override
    public String describe() {
        return "a list of services, each a mapping of " + String.join(", ", new java.util.TreeSet<>(FIELDS));
    }

    @Override
    public Object parse(Node node, String path, Problems problems) {
        if (!(node instanceof SequenceNode list)) {
            problems.error(node, path, "expected " + describe() + ", not " + kind(node));
            return null;
        }
        List<ServiceSpec> out = new ArrayList<>();
        boolean ok = true;
        Map<String, String> names = new LinkedHashMap<>();
        int i = 0;
        for (Node item : list.getValue()) {
            String at = path + "[" + i++ + "]";
            ServiceSpec s = one(item, at, problems);
            if (s == null) {
                ok = false;
                continue;
            }
            String first = names.putIfAbsent(s.name(), s.origin("name"));
            if (first != null) {
                problems.error(line(item), at + ".name", "service '" + s.name() + "' is declared twice (first at " + first + ")");
                ok = false;
            }
            out.add(s);
        }
        return ok ? List.copyOf(out) : null;
    }

    private ServiceSpec one(Node item, String at, Problems problems) {
        if (!(item instanceof MappingNode mapping)) {
            problems.error(item, at, "a service is a mapping (name: ..., port: ...), not " + kind(item));
            return null;
        }
        int before = errors(problems);
        Map<String, Node> f = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        origins.put("name", problems.at(line(item)) + at);
        for (NodeTuple t : mapping.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
            if (!FIELDS.contains(key)) {
                problems.error(t.getKeyNode(), at + "." + key, "unknown field (a service has " + String.join(", ",
                        new java.util.TreeSet<>(FIELDS)) + ")");
                continue;
            }
            f.put(key, t.getValueNode());
            origins.put(key, problems.at(line(t.getValueNode())) + at + "." + key);
        }
        var r = new Reader(f, at, problems, line(item));
        String name = r.text("name", true, DNS, "a DNS label (lowercase letters, digits and '-')");
        String group = r.text("hosts", false, GROUP, "a group name");
        Integer port = r.port();
        String health = r.text("health", false, HTTP_PATH, "an HTTP path like /health (letters, digits and / . _ ~ -)");
        String route = null;
        if (f.get("route") instanceof ScalarNode s && s.getValue().equals("/")) {
            problems.error(f.get("route"), at + ".route", "'/' is the built-in web's (the default backend): give this service its own prefix");
        } else {
            route = r.text("route", false, ROUTE, "a path prefix like /orders (letters, digits and / . _ ~ -, not ending in /)");
        }
        String user = r.text("user", false, USER, "a user name (lowercase letters, digits, '_' and '-')");
        if (user != null && RESERVED_USERS.contains(user)) {
            problems.error(f.get("user"), at + ".user", "'" + user + "' is not a service's own user: pick one for it alone");
        }
        String heap = r.text("heap", false, HEAP, "a JVM size like 64m");
        boolean jar = f.containsKey("jar");
        boolean tarball = f.containsKey("tarball");
        if (jar == tarball) {
            problems.error(line(item), at, jar ? "give either jar or tarball, not both" : "missing jar or tarball (the file to deploy)");
        }
        if (tarball && !f.containsKey("start")) {
            problems.error(line(item), at + ".start", "missing: a tarball service needs the command that starts it, e.g. \"python3 app.py --port 9000\"");
        }
        if (jar && f.containsKey("start")) {
            problems.error(f.get("start"), at + ".start", "a jar runs with the host's java: give its arguments as args");
        }
        if (tarball && f.containsKey("args")) {
            problems.error(f.get("args"), at + ".args", "args are a jar's; a tarball's command line is its start");
        }
        if (!jar && heap != null) problems.error(f.get("heap"), at + ".heap", "heap is a jar's (the JVM's maximum heap)");
        List<String> start = r.words(jar ? "args" : "start");
        Map<String, String> env = r.env();
        List<String> packages = r.packages();
        Path artifact = r.artifact(jar ? "jar" : "tarball");
        String sha = artifact == null ? null : r.sha256(artifact, jar ? "jar" : "tarball");
        if (errors(problems) > before || name == null || port == null) return null;
        var delivery = new ServiceSpec.Delivery(jar ? ServiceSpec.Kind.JAR : ServiceSpec.Kind.TARBALL, artifact, sha,
                start == null ? List.of() : start, env, user == null ? name : user, heap, packages, Map.copyOf(origins));
        return new ServiceSpec(name, group == null ? "services" : group, port, health == null ? "/health" : health,
                route == null ? "/" + name : route, List.of(), delivery);
    }

    private static final Pattern DNS = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    /** Reads one service's fields, reporting each problem at its line. */
    private static final class Reader {
        private final Map<String, Node> f;
        private final String at;
        private final Problems problems;
        private final int line;

        Reader(Map<String, Node> f, String at, Problems problems, int line) {
            this.f = f;
            this.at = at;
            this.problems = problems;
            this.line = line;
        }

        String scalar(String key) {
            Node n = f.get(key);
            if (n == null) return null;
            if (!(n instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
                problems.error(n, at + "." + key, "expected one value, not " + kind(n));
                return null;
            }
            return s.getValue();
        }

        String text(String key, boolean required, Pattern p, String what) {
            if (required && !f.containsKey(key)) {
                problems.error(line, at + "." + key, "missing (expected " + what + ")");
                return null;
            }
            String v = scalar(key);
            if (v == null) return null;
            if (!p.matcher(v).matches()) {
                problems.error(f.get(key), at + "." + key, Printable.quoted(v) + " is not " + what);
                return null;
            }
            return v;
        }

        Integer port() {
            if (!f.containsKey("port")) {
                problems.error(line, at + ".port", "missing (the port the service listens on)");
                return null;
            }
            String v = scalar("port");
            if (v == null) return null;
            try {
                return (Integer) VariableType.PORT.parse(v);
            } catch (IllegalArgumentException e) {
                problems.error(f.get("port"), at + ".port", Printable.quoted(v) + " is not " + VariableType.PORT.describe());
                return null;
            }
        }

        List<String> words(String key) {
            Node n = f.get(key);
            if (n == null) return null;
            List<String> words = new ArrayList<>();
            if (n instanceof SequenceNode seq) {
                for (Node w : seq.getValue()) {
                    if (!(w instanceof ScalarNode s)) {
                        problems.error(w, at + "." + key, "expected words, not " + kind(w));
                        return null;
                    }
                    words.add(s.getValue());
                }
            } else {
                String v = scalar(key);
                if (v == null) return null;
                for (String w : v.strip().split(" +")) if (!w.isEmpty()) words.add(w);
            }
            if (key.equals("start") && words.isEmpty()) {
                problems.error(n, at + "." + key, "empty: give the command that starts the service");
                return null;
            }
            for (String w : words) {
                if (!WORD.matcher(w).matches()) {
                    problems.error(n, at + "." + key, Printable.quoted(w) + " is not a safe word (letters, digits, . _ + @ / = : , -"
                            + " and ${NAME}; no quotes, spaces inside a word, ';', '|', '%' or '$' alone)");
                    return null;
                }
            }
            return List.copyOf(words);
        }

        /** Distribution packages the service needs on its hosts (python3): names as the host's package manager knows them. */
        List<String> packages() {
            Node n = f.get("packages");
            if (n == null) return List.of();
            List<Node> items = n instanceof SequenceNode seq ? seq.getValue() : List.of(n);
            List<String> out = new ArrayList<>();
            for (Node i : items) {
                if (!(i instanceof ScalarNode s) || !PACKAGE.matcher(s.getValue()).matches()) {
                    problems.error(i, at + ".packages", (i instanceof ScalarNode s ? Printable.quoted(s.getValue()) : kind(i))
                            + " is not a package name (lowercase letters, digits and . + _ -)");
                    return List.of();
                }
                out.add(s.getValue());
            }
            return List.copyOf(out);
        }

        Map<String, String> env() {
            Node n = f.get("env");
            if (n == null) return Map.of();
            if (!(n instanceof MappingNode m)) {
                problems.error(n, at + ".env", "expected a mapping of NAME: value, not " + kind(n));
                return Map.of();
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                String k = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
                if (!ENV_NAME.matcher(k).matches()) {
                    problems.error(t.getKeyNode(), at + ".env." + k, "not an environment variable name (letters, digits, '_')");
                    continue;
                }
                Node v = t.getValueNode();
                if (!(v instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
                    problems.error(v, at + ".env." + k, "expected one value, not " + kind(v));
                    continue;
                }
                if (!ENV_VALUE.matcher(s.getValue()).matches()) {
                    problems.error(v, at + ".env." + k, "the value holds a quote, backslash, '%', '$' or a control character,"
                            + " which a systemd unit cannot hold safely");
                    continue;
                }
                env.put(k, s.getValue());
            }
            return env;
        }

        Path artifact(String key) {
            String v = scalar(key);
            if (v == null) return null;
            if (v.isBlank() || v.contains("{{") || v.chars().anyMatch(Character::isISOControl)) {
                problems.error(f.get(key), at + "." + key, "expected a path on this machine");
                return null;
            }
            Path p = Path.of(v.startsWith("~/") ? System.getProperty("user.home") + v.substring(1) : v);
            if (!p.isAbsolute() && problems.file().getParent() != null) p = problems.file().getParent().resolve(p);
            p = p.normalize();
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                problems.error(f.get(key), at + "." + key, "no readable file " + Printable.quoted(p.toString()));
                return null;
            }
            if (key.equals("tarball") && !(v.endsWith(".tar.gz") || v.endsWith(".tgz"))) {
                problems.error(f.get(key), at + "." + key, "a tarball is a .tar.gz (or .tgz) file");
                return null;
            }
            if (key.equals("jar") && !v.endsWith(".jar")) {
                problems.error(f.get(key), at + "." + key, "a jar's name ends in .jar");
                return null;
            }
            return p;
        }

        /** The declared sum, else the checksum file's beside the artifact; either must match the file. */
        String sha256(Path artifact, String key) {
            String expected;
            Node where;
            String source;
            if (f.containsKey("sha256")) {
                expected = scalar("sha256");
                where = f.get("sha256");
                if (expected == null) return null;
                if (!SHA.matcher(expected).matches()) {
                    problems.error(where, at + ".sha256", "expected 64 hexadecimal digits (a SHA-256)");
                    return null;
                }
                source = "the declared sha256";
            } else {
                where = f.get(key);
                Path own = artifact.resolveSibling(artifact.getFileName() + ".sha256");
                Path sums = artifact.resolveSibling("SHA256SUMS");
                expected = Files.isRegularFile(own) ? sumIn(own, artifact) : Files.isRegularFile(sums) ? sumIn(sums, artifact) : null;
                if (expected == null) {
                    problems.error(where, at + ".sha256", "missing: give sha256, or put its sum beside the file, in "
                            + own.getFileName() + " or SHA256SUMS (as sha256sum writes them)");
                    return null;
                }
                source = Files.isRegularFile(own) ? own.toString() : sums.toString();
            }
            String actual = Sha256.of(artifact);
            if (!actual.equalsIgnoreCase(expected)) {
                problems.error(where, at + ".sha256", "the file " + artifact + " has SHA-256 " + actual + ", not " + expected.toLowerCase(Locale.ROOT)
                        + " (" + source + "): refused");
                return null;
            }
            return actual;
        }

        /** The sum for the artifact in a sha256sum-style file: "HEX  NAME" lines, or one bare HEX. */
        private static String sumIn(Path sums, Path artifact) {
            try {
                List<String> lines = Files.readAllLines(sums, StandardCharsets.UTF_8);
                for (String l : lines) {
                    String[] parts = l.strip().split("\\s+\\*?", 2);
                    if (parts.length == 1 && SHA.matcher(parts[0]).matches() && lines.stream().filter(x -> !x.isBlank()).count() == 1) {
                        return parts[0];
                    }
                    if (parts.length == 2 && SHA.matcher(parts[0]).matches()
                            && Path.of(parts[1].strip()).getFileName().toString().equals(artifact.getFileName().toString())) {
                        return parts[0];
                    }
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
            return null;
        }
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 1 : n.getStartMark().getLine() + 1;
    }

    private static String kind(Node n) {
        if (n == null || (n instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) return "nothing";
        if (n instanceof MappingNode) return "a mapping";
        if (n instanceof SequenceNode) return "a list";
        return "the value " + Printable.quoted(((ScalarNode) n).getValue());
    }

    private static int errors(Problems p) {
        return p.errorCount();
    }
}
