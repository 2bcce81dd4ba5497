package dev.provision.playbook;

import dev.provision.artifacts.ResolvedArtifact;
import dev.provision.facts.Os;
import dev.provision.inventory.VariableType;
import dev.provision.ops.CommandOp;
import dev.provision.ops.CopyOp;
import dev.provision.ops.DirectoryOp;
import dev.provision.ops.FileOp;
import dev.provision.ops.FirewallOp;
import dev.provision.ops.Op;
import dev.provision.ops.PackageOp;
import dev.provision.ops.ServiceOp;
import dev.provision.ops.UserOp;
import dev.provision.ops.YumVaultOp;
import dev.provision.transport.FileAttrs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a {@link StepSpec} into an operation for one host: variables rendered, per-family
 * values ({@code {debian: ..., rhel: ...}}) chosen, arguments checked. Errors name the
 * playbook file, line and argument (exit 2).
 */
public final class StepCompiler {
    private static final Pattern PORT = Pattern.compile("\\d{1,5}(-\\d{1,5})?/(tcp|udp|sctp)");

    private final Templates templates;
    private final Map<String, ResolvedArtifact> artifacts;

    public StepCompiler(Templates templates, Map<String, ResolvedArtifact> artifacts) {
        this.templates = templates;
        this.artifacts = artifacts;
    }

    /** The host's steps, play by play, skipping plays for other groups and steps whose {@code when} is false. */
    public List<CompiledStep> compile(Playbook playbook, List<String> hostGroups, Map<String, Object> vars,
            Os.Family family, int sshPort) {
        List<CompiledStep> out = new ArrayList<>();
        for (Play play : playbook.plays()) {
            if (!play.appliesTo(hostGroups)) continue;
            for (StepSpec s : play.steps()) {
                if (!Condition.holds(s.when(), vars, s.at("when"))) continue;
                out.add(new CompiledStep(s.name(), op(s, vars, family, hostGroups, sshPort), s.notifies(), s.timeout(), s.location()));
            }
        }
        return out;
    }

    public Op op(StepSpec s, Map<String, Object> vars, Os.Family family, List<String> hostGroups, int sshPort) {
        var a = new Args(s, vars, family);
        return switch (s.kind()) {
            case "package" -> new PackageOp(a.list(a.has("names") ? "names" : "_"));
            case "user" -> new UserOp(a.str("name"), a.str("home", "/nonexistent"), a.str("shell", UserOp.NO_LOGIN));
            case "directory" -> new DirectoryOp(a.path("path"), a.attrs("0755"));
            case "template" -> new FileOp(a.path("dest"),
                    templates.renderFile(a.str("src"), vars, s.location()), a.attrs("0644"), a.shell("validate"));
            case "content" -> new FileOp(a.path("dest"), a.str("content"), a.attrs("0644"), a.shell("validate"));
            case "copy" -> new CopyOp(a.source(), a.path("dest"), a.attrs("0644"));
            case "command" -> {
                if (a.has("timeout")) {
                    throw new PlaybookException(s.at("timeout"), "timeout",
                            "a step's timeout is written beside its name, not inside the operation");
                }
                yield new CommandOp(a.shellRequired("run"), a.has("creates") ? a.path("creates") : null, a.shell("unless"));
            }
            case "firewall" -> new FirewallOp(a.zone(), sshPort, a.ports(hostGroups));
            case "service" -> new ServiceOp(a.has("_") ? a.str("_") : a.str("name"), a.bool("enabled", true),
                    a.state());
            case "yum_vault" -> new YumVaultOp(a.url("baseurl"));
            default -> throw new PlaybookException(s.location(), s.kind(), "unknown operation");
        };
    }

    /** Argument access with rendering and checking, for one step. */
    private final class Args {
        private final StepSpec s;
        private final Map<String, Object> vars;
        private final Os.Family family;

        Args(StepSpec s, Map<String, Object> vars, Os.Family family) {
            this.s = s;
            this.vars = vars;
            this.family = family;
        }

        boolean has(String k) {
            return s.args().containsKey(k);
        }

        /** The raw value with a per-family choice applied. */
        private Object raw(String k) {
            Object v = s.args().get(k);
            if (v instanceof Map<?, ?> m && !m.isEmpty()
                    && m.keySet().stream().allMatch(x -> Set.of("debian", "rhel").contains(String.valueOf(x)))) {
                if (!m.containsKey(family.key())) {
                    throw new PlaybookException(s.at(k), k, "no value for the " + family.key() + " family");
                }
                v = m.get(family.key());
            }
            return v;
        }

        String str(String k) {
            Object v = raw(k);
            if (v == null) throw new PlaybookException(s.at(k), k, "missing (the " + s.kind() + " step needs it)");
            if (v instanceof Map || v instanceof List) throw new PlaybookException(s.at(k), k, "expected a single value");
            return Templates.renderString(String.valueOf(v), vars, s.at(k), k);
        }

        String str(String k, String dflt) {
            return has(k) ? str(k) : dflt;
        }

        String optional(String k) {
            if (!has(k)) return null;
            String v = str(k);
            return v.isBlank() ? null : v;
        }

        /** A shell command (run, unless, validate): every {{value}} in it is quoted as one word. */
        String shellRequired(String k) {
            Object v = raw(k);
            if (v == null) throw new PlaybookException(s.at(k), k, "missing (the " + s.kind() + " step needs it)");
            if (v instanceof Map || v instanceof List) throw new PlaybookException(s.at(k), k, "expected a single value");
            return Templates.renderShell(String.valueOf(v), vars, s.at(k), k);
        }

        String shell(String k) {
            if (!has(k)) return null;
            String v = shellRequired(k);
            return v.isBlank() ? null : v;
        }

        /**
         * A path on the host: absolute, and without '.' or '..' segments, so a file name built
         * from a value ({{service_name}}.json) stays in the folder the step names.
         */
        String path(String k) {
            String v = str(k);
            if (!v.startsWith("/")) throw new PlaybookException(s.at(k), k, "expected an absolute path, got " + v);
            for (String segment : v.split("/")) {
                if (segment.equals(".") || segment.equals("..")) {
                    throw new PlaybookException(s.at(k), k, "'" + segment + "' in " + v + " would leave the folder it names");
                }
            }
            return v;
        }

        /** A firewalld zone: its name becomes a file under /etc/firewalld/zones/. */
        String zone() {
            String v = str("zone", "public");
            try {
                VariableType.ZONE_NAME.parse(v);
            } catch (IllegalArgumentException e) {
                throw new PlaybookException(s.at("zone"), "zone", "\"" + v + "\" is not " + VariableType.ZONE_NAME.describe());
            }
            return v;
        }

        /** A repository URL going into a repo file: checked again here, as a line of that file. */
        String url(String k) {
            String v = optional(k);
            if (v == null) return null;
            try {
                VariableType.URL.parse(v);
            } catch (IllegalArgumentException e) {
                throw new PlaybookException(s.at(k), k, "\"" + v + "\" is not " + VariableType.URL.describe());
            }
            return v;
        }

        boolean bool(String k, boolean dflt) {
            if (!has(k)) return dflt;
            return Condition.truthy(raw(k) instanceof String x ? Templates.renderString(x, vars, s.at(k), k) : raw(k));
        }

        List<String> list(String k) {
            Object v = raw(k);
            if (v == null) throw new PlaybookException(s.at(k), k, "missing");
            List<?> l = v instanceof List<?> x ? x : List.of(v);
            List<String> out = new ArrayList<>();
            for (Object o : l) {
                Object r = o instanceof String x ? Templates.renderString(x, vars, s.at(k), k) : o;
                if (r instanceof List<?> inner) inner.forEach(i -> out.add(String.valueOf(i)));
                else out.add(String.valueOf(r));
            }
            return out;
        }

        FileAttrs attrs(String defaultMode) {
            String owner = str("owner", "root");
            String mode = str("mode", defaultMode);
            if (!mode.matches("0?[0-7]{3,4}")) throw new PlaybookException(s.at("mode"), "mode", "expected an octal mode like \"0644\", got " + mode);
            if (!mode.startsWith("0") || mode.length() == 3) mode = "0" + mode;
            return new FileAttrs(mode, owner, str("group", owner));
        }

        ServiceOp.State state() {
            String v = str("state", "started");
            try {
                return ServiceOp.State.valueOf(v.toUpperCase());
            } catch (IllegalArgumentException e) {
                throw new PlaybookException(s.at("state"), "state", "expected started, restarted, reloaded or stopped, got " + v);
            }
        }

        /** The local file to copy: an artifact's payload, or a path on the controller. */
        Path source() {
            if (has("artifact")) {
                String name = str("artifact");
                ResolvedArtifact r = artifacts.get(name);
                if (r == null) throw new PlaybookException(s.at("artifact"), "artifact", "no artifact named '" + name + "' in defaults.yaml");
                return r.payload();
            }
            Path p = Path.of(str("src"));
            if (!Files.isRegularFile(p)) throw new PlaybookException(s.at("src"), "src", "no such local file: " + p);
            return p;
        }

        /** The ports for this host: "ports" for everyone, plus "group_ports" of its groups. */
        List<String> ports(List<String> hostGroups) {
            List<String> out = new ArrayList<>(has("ports") ? list("ports") : List.of());
            // One string of extra ports from the inventory ("22/tcp 9100/tcp"): variables are scalars there.
            if (has("extra_ports")) {
                for (String p : str("extra_ports").split("[\\s,]+")) if (!p.isBlank()) out.add(p);
            }
            Object gp = s.args().get("group_ports");
            if (gp != null) {
                if (!(gp instanceof Map<?, ?> m)) throw new PlaybookException(s.at("group_ports"), "group_ports", "expected group: [ports]");
                for (var e : m.entrySet()) {
                    if (!hostGroups.contains(String.valueOf(e.getKey()))) continue;
                    List<?> l = e.getValue() instanceof List<?> x ? x : List.of(e.getValue());
                    for (Object o : l) out.add(Templates.renderString(String.valueOf(o), vars, s.at("group_ports"), "group_ports"));
                }
            }
            for (String p : out) {
                if (!PORT.matcher(p).matches()) {
                    throw new PlaybookException(s.at(has("ports") ? "ports" : "group_ports"), "ports",
                            "expected PORT/PROTOCOL or FROM-TO/PROTOCOL (8080/tcp, 8301-8302/udp), got " + p);
                }
            }
            return out;
        }
    }
}
