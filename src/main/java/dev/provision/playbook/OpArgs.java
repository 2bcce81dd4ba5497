package dev.provision.playbook;

import dev.provision.artifacts.ResolvedArtifact;
import dev.provision.facts.Os;
import dev.provision.inventory.VariableType;
import dev.provision.ops.ServiceOp;
import dev.provision.transport.FileAttrs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One step's arguments for one host, read by their declared {@link ArgType}: per-family values
 * chosen, variables rendered, values checked. Every error names the playbook file, line and
 * argument (exit 2).
 */
public final class OpArgs {
    private static final Pattern PORT = Pattern.compile("\\d{1,5}(-\\d{1,5})?/(tcp|udp|sctp)");

    private final StepSpec s;
    private final Operation op;
    /** The step's arguments by declared name (a shorthand value under its argument's name). */
    private final Map<String, Object> args;
    private final Map<String, Object> vars;
    private final Os.Family family;
    private final List<String> hostGroups;
    private final int sshPort;
    private final Templates templates;
    private final Map<String, ResolvedArtifact> artifacts;

    OpArgs(StepSpec s, Operation op, Map<String, Object> args, Map<String, Object> vars, Os.Family family,
            List<String> hostGroups, int sshPort, Templates templates, Map<String, ResolvedArtifact> artifacts) {
        this.s = s;
        this.op = op;
        this.args = args;
        this.vars = vars;
        this.family = family;
        this.hostGroups = hostGroups;
        this.sshPort = sshPort;
        this.templates = templates;
        this.artifacts = artifacts;
    }

    public boolean has(String k) {
        return args.containsKey(k);
    }

    /** The SSH port of the host: the firewall keeps it open. */
    public int sshPort() {
        return sshPort;
    }

    private Location at(String k) {
        return s.at(k).equals(s.location()) && op.shorthand() != null && op.shorthand().equals(k) ? s.at("_") : s.at(k);
    }

    /** The raw value, its per-family choice made; checks that the operation declared it so. */
    private Object raw(String k, ArgType... readAs) {
        Operation.Arg declared = op.arg(k).orElseThrow(() -> new IllegalStateException(op.name() + " reads undeclared " + k));
        if (!Set.of(readAs).contains(declared.type())) {
            throw new IllegalStateException(op.name() + " declares " + k + " as " + declared.type() + ", reads it as " + List.of(readAs));
        }
        Object v = args.get(k);
        if (v instanceof Map<?, ?> m && !m.isEmpty()
                && m.keySet().stream().allMatch(x -> Set.of("debian", "rhel").contains(String.valueOf(x)))) {
            if (!m.containsKey(family.key())) {
                throw new PlaybookException(at(k), k, "no value for the " + family.key() + " family");
            }
            v = m.get(family.key());
        }
        return v;
    }

    private Object single(String k, ArgType... readAs) {
        Object v = raw(k, readAs);
        if (v == null) throw new PlaybookException(at(k), k, "missing (the " + op.name() + " step needs it)");
        if (v instanceof Map || v instanceof List) {
            throw new PlaybookException(at(k), k, "expected " + op.arg(k).orElseThrow().type().describe() + ", not a "
                    + (v instanceof Map ? "mapping" : "list"));
        }
        return v;
    }

    private String rendered(String k, ArgType... readAs) {
        return Templates.renderString(String.valueOf(single(k, readAs)), vars, at(k), k);
    }

    /** A {@link ArgType#TEXT} value. */
    public String text(String k) {
        return rendered(k, ArgType.TEXT);
    }

    public String text(String k, String dflt) {
        return has(k) ? text(k) : dflt;
    }

    /** A {@link ArgType#SHELL} command, null when absent (or blank, if optional): every {{value}} in it is quoted as one word. */
    public String shell(String k) {
        if (!has(k)) return null;
        String v = Templates.renderShell(String.valueOf(single(k, ArgType.SHELL)), vars, at(k), k);
        return v.isBlank() && !op.arg(k).orElseThrow().required() ? null : v;
    }

    /**
     * A {@link ArgType#PATH} on the host: absolute, and without '.' or '..' segments, so a file
     * name built from a value ({{service_name}}.json) stays in the folder the step names.
     */
    public String path(String k) {
        String v = rendered(k, ArgType.PATH);
        if (!v.startsWith("/")) throw new PlaybookException(at(k), k, "expected an absolute path, got " + v);
        for (String segment : v.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new PlaybookException(at(k), k, "'" + segment + "' in " + v + " would leave the folder it names");
            }
        }
        return v;
    }

    /** A {@link ArgType#ZONE}: its name becomes a file under /etc/firewalld/zones/. */
    public String zone(String k, String dflt) {
        String v = has(k) ? rendered(k, ArgType.ZONE) : dflt;
        try {
            VariableType.ZONE_NAME.parse(v);
        } catch (IllegalArgumentException e) {
            throw new PlaybookException(at(k), k, "\"" + v + "\" is not " + VariableType.ZONE_NAME.describe());
        }
        return v;
    }

    /** A {@link ArgType#URL} going into a file (a repo file): checked again here, as a line of that file. Null when absent or blank. */
    public String url(String k) {
        if (!has(k)) return null;
        String v = rendered(k, ArgType.URL);
        if (v.isBlank()) return null;
        try {
            VariableType.URL.parse(v);
        } catch (IllegalArgumentException e) {
            throw new PlaybookException(at(k), k, "\"" + v + "\" is not " + VariableType.URL.describe());
        }
        return v;
    }

    public boolean bool(String k, boolean dflt) {
        if (!has(k)) return dflt;
        Object v = single(k, ArgType.BOOL);
        return Condition.truthy(v instanceof String x ? Templates.renderString(x, vars, at(k), k) : v);
    }

    /** A {@link ArgType#LIST}: one value or a list, each rendered; a value that renders to a list adds its items. */
    public List<String> list(String k) {
        return listOf(k, ArgType.LIST);
    }

    private List<String> listOf(String k, ArgType type) {
        Object v = raw(k, type);
        if (v == null) throw new PlaybookException(at(k), k, "missing (the " + op.name() + " step needs it)");
        if (v instanceof Map) throw new PlaybookException(at(k), k, "expected " + type.describe() + ", not a mapping");
        List<?> l = v instanceof List<?> x ? x : List.of(v);
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            // "{{names}}" alone, naming a list variable: its items, one each.
            if (o instanceof String x && x.strip().matches("\\{\\{\\s*[A-Za-z_][A-Za-z0-9_]*\\s*\\}\\}")
                    && vars.get(x.strip().replaceAll("[{}\\s]", "")) instanceof List<?> whole) {
                whole.forEach(i -> out.add(Templates.renderString(String.valueOf(i), Map.of(), at(k), k)));
                continue;
            }
            Object r = o instanceof String x ? Templates.renderString(x, vars, at(k), k) : o;
            if (r instanceof List<?> inner) inner.forEach(i -> out.add(String.valueOf(i)));
            else out.add(String.valueOf(r));
        }
        return out;
    }

    /** owner (default root), group (default the owner) and a {@link ArgType#MODE}. */
    public FileAttrs attrs(String defaultMode) {
        String owner = text("owner", "root");
        String mode = has("mode") ? rendered("mode", ArgType.MODE) : defaultMode;
        if (!mode.matches("0?[0-7]{3,4}")) {
            throw new PlaybookException(at("mode"), "mode", "expected an octal mode like \"0644\", got " + mode);
        }
        if (!mode.startsWith("0") || mode.length() == 3) mode = "0" + mode;
        return new FileAttrs(mode, owner, text("group", owner));
    }

    /** A {@link ArgType#PRESENCE} (or {@link ArgType#ABSENT}): true for present, the default. */
    public boolean present(String k) {
        if (!has(k)) return true;
        ArgType type = op.arg(k).map(Operation.Arg::type).orElse(ArgType.PRESENCE);
        String v = rendered(k, type);
        if (v.equals("absent")) return false;
        if (v.equals("present") && type == ArgType.PRESENCE) return true;
        throw new PlaybookException(at(k), k, "expected " + type.describe() + ", got " + v);
    }

    /** A path a step removes: one provision made, never a folder of the system. */
    public String removablePath(String k) {
        String p = path(k);
        try {
            new dev.provision.ops.AbsentOp(p);
        } catch (dev.provision.ProvisionException e) {
            throw new PlaybookException(at(k), k, e.getMessage());
        }
        return p;
    }

    public ServiceOp.State state(String k, ServiceOp.State dflt) {
        if (!has(k)) return dflt;
        String v = rendered(k, ArgType.SERVICE_STATE);
        try {
            return ServiceOp.State.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PlaybookException(at(k), k, "expected " + ArgType.SERVICE_STATE.describe() + ", got " + v);
        }
    }

    /** A {@link ArgType#TEMPLATE} rendered with the host's variables. */
    public String template(String k) {
        return templates.renderFile(rendered(k, ArgType.TEMPLATE), vars, s.location());
    }

    /** An {@link ArgType#ARTIFACT}'s payload: the file it unpacks to, or the download itself. */
    public Path artifact(String k) {
        String name = rendered(k, ArgType.ARTIFACT);
        ResolvedArtifact r = artifacts.get(name);
        if (r == null) throw new PlaybookException(at(k), k, "no artifact named '" + name + "' in defaults.yaml");
        return r.payload();
    }

    /** A {@link ArgType#LOCAL_FILE} on the controller, which must exist. */
    public Path localFile(String k) {
        Path p = Path.of(rendered(k, ArgType.LOCAL_FILE));
        if (!Files.isRegularFile(p)) throw new PlaybookException(at(k), k, "no such local file: " + p);
        return p;
    }

    /**
     * The firewall's ports for this host: {@link ArgType#PORTS} "ports" for everyone (a list, or
     * one space-separated string such as the engine's {@code firewall_ports}), the
     * inventory's "extra_ports" (one string: variables are scalars there), plus the
     * {@link ArgType#GROUP_PORTS} of the host's groups.
     */
    public List<String> ports() {
        List<String> out = new ArrayList<>();
        // A list, or one string of ports as a variable gives them ("{{firewall_ports}}": "8300/tcp 8080/tcp").
        if (has("ports")) {
            for (String p : listOf("ports", ArgType.PORTS)) for (String w : p.split("[\\s,]+")) if (!w.isBlank()) out.add(w);
        }
        if (has("extra_ports")) {
            for (String p : text("extra_ports").split("[\\s,]+")) if (!p.isBlank()) out.add(p);
        }
        Object gp = has("group_ports") ? raw("group_ports", ArgType.GROUP_PORTS) : null;
        if (gp != null) {
            if (!(gp instanceof Map<?, ?> m)) throw new PlaybookException(at("group_ports"), "group_ports", "expected group: [ports]");
            for (var e : m.entrySet()) {
                if (!hostGroups.contains(String.valueOf(e.getKey()))) continue;
                List<?> l = e.getValue() instanceof List<?> x ? x : List.of(e.getValue());
                for (Object o : l) out.add(Templates.renderString(String.valueOf(o), vars, at("group_ports"), "group_ports"));
            }
        }
        for (String p : out) {
            if (!PORT.matcher(p).matches()) {
                throw new PlaybookException(at(has("ports") ? "ports" : "group_ports"), "ports",
                        "expected PORT/PROTOCOL or FROM-TO/PROTOCOL (8080/tcp, 8301-8302/udp), got " + p);
            }
        }
        return out;
    }
}
