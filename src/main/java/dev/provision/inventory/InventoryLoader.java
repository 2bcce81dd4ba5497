package dev.provision.inventory;

import dev.provision.Printable;
import dev.provision.ProvisionException;
import dev.provision.Secret;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads and validates an inventory in Ansible's YAML format, so an existing Ansible inventory
 * works unchanged. Loading never connects to any host.
 *
 * <pre>
 * all:
 *   vars:                      # apply to every host
 *     ansible_user: vagrant
 *   children:
 *     consul_servers:
 *       hosts:
 *         consul-server: { ansible_host: 192.168.56.10 }
 *     services:
 *       hosts:
 *         web-[1:3]:           # Ansible's host ranges work too
 * </pre>
 *
 * <p>Rules, as Ansible has them:
 * <ul>
 *   <li>A group is a mapping with only {@code hosts} (host name to its variables, or nothing),
 *       {@code vars} and {@code children} (groups nested to any depth). A group named in several
 *       places is one group: its hosts, children and variables add up. A host may be in several
 *       groups; its variables, wherever written, add up too.
 *   <li>Top level: {@code all}, and any other group, which becomes a child of {@code all} (Ansible
 *       reads top-level groups that way). A top-level key whose value is a scalar or a list, or a
 *       top-level {@code hosts}/{@code vars}/{@code children} (a forgotten {@code all:}), is an error.
 *   <li>Variable precedence: {@code all.vars}, then the other groups ordered by depth (parents
 *       before children), then {@code ansible_group_priority}, then name; the host's own last.
 *       {@link Host#groups()} lists the host's groups in that same order, "all" first.
 *   <li>Connection: {@code ansible_host} (default: the name), {@code ansible_port} (22),
 *       {@code ansible_user} (the controller's user name), {@code ansible_ssh_private_key_file}
 *       ({@code ~} and paths relative to the inventory's folder; the file must be readable),
 *       {@code ansible_password} and {@code ansible_become_password}, which may instead come from
 *       the environment variables {@value #SSH_PASSWORD_ENV} and {@value #BECOME_PASSWORD_ENV}
 *       (used when the inventory has none for that host). Ansible's older aliases
 *       ({@code ansible_ssh_host}, {@code ansible_ssh_port}, {@code ansible_ssh_user},
 *       {@code ansible_ssh_pass}, {@code ansible_become_pass}) work too. In {@link Host#vars()}
 *       passwords are kept as {@link Secret}s, so printing the variables never shows them.
 *   <li>The deployment needs at least one host in each of {@code consul_servers},
 *       {@code load_balancers} and {@code services}, and every host in at least one of them.
 *       No two hosts may share an address and port.
 *   <li>Variables are checked against {@link KnownVariables}: a known variable with a value of the
 *       wrong type is an error; an unknown one is a warning ({@link Inventory#warnings()}).
 * </ul>
 *
 * <p>Every problem found is reported, all together, one per line, each as
 * {@code FILE:LINE: KEY.PATH: what is wrong}, in a {@link ProvisionException} with exit 2.
 */
public final class InventoryLoader {
    public static final String SSH_PASSWORD_ENV = "PROVISION_SSH_PASSWORD";
    public static final String BECOME_PASSWORD_ENV = "PROVISION_BECOME_PASSWORD";

    /** More hosts than any deployment has: a guard against a range product filling memory. */
    static final int MAX_HOSTS = 10_000;
    private static final Set<String> GROUP_KEYS = Set.of("hosts", "vars", "children");
    private static final List<String> ADDRESS_VARS = List.of("ansible_host", "ansible_ssh_host");
    private static final List<String> PORT_VARS = List.of("ansible_port", "ansible_ssh_port");
    private static final List<String> USER_VARS = List.of("ansible_user", "ansible_ssh_user");
    private static final List<String> KEY_VARS = List.of("ansible_ssh_private_key_file", "ansible_private_key_file");
    private static final List<String> PASSWORD_VARS = List.of("ansible_password", "ansible_ssh_pass");
    private static final List<String> BECOME_VARS = List.of("ansible_become_password", "ansible_become_pass");

    private final Path file;
    private final Map<String, String> env;
    private final List<Problem> errors = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();
    private final Map<String, GroupDraft> groups = new LinkedHashMap<>();
    private final Map<String, HostDraft> hosts = new LinkedHashMap<>();
    private final NodeValues nodeValues = new NodeValues();
    /** Mappings being read right now: an alias to one of them is a loop, not more input. */
    private final Set<Node> reading = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Mappings whose entries are being collected: a merge key bringing one in again is a loop. */
    private final Set<Node> merging = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean tooManyHosts;

    private InventoryLoader(Path file, Map<String, String> env) {
        this.file = file;
        this.env = env;
    }

    /** Loads with passwords from this process's environment. */
    public static Inventory load(Path file) {
        return load(file, System.getenv());
    }

    /**
     * Loads and validates an inventory.
     *
     * @param env where {@value #SSH_PASSWORD_ENV} and {@value #BECOME_PASSWORD_ENV} are read
     * @throws ProvisionException exit 2, listing every problem found, one per line
     */
    public static Inventory load(Path file, Map<String, String> env) {
        return new InventoryLoader(file, env).load();
    }

    private Inventory load() {
        checkEnvironmentPasswords();
        Node root = compose();
        if (root == null) {
            throw ProvisionException.invalidInput(
                    at(1) + "the inventory is empty; it needs 'all:' with hosts, vars and children");
        }
        groups.put("all", new GroupDraft("all", line(root))); // top-level groups may come before 'all:'
        readTopLevel(root);
        checkNoCycles();
        checkRoleGroups(line(root));
        List<Host> built = buildHosts();
        checkDuplicateAddresses(built);
        if (!errors.isEmpty()) throw ProvisionException.invalidInput(format(errors));
        return new Inventory(file, List.copyOf(built), buildGroups(), List.copyOf(formatEach(warnings)), origins());
    }

    /** A password from the environment follows the inventory's rules; the message names the variable, never the value. */
    private void checkEnvironmentPasswords() {
        for (String name : List.of(SSH_PASSWORD_ENV, BECOME_PASSWORD_ENV)) {
            String v = env.get(name);
            if (v == null || v.isEmpty()) continue;
            SecretType.PASSWORD.problemWith(v).ifPresent(p -> {
                throw ProvisionException.invalidInput(name + " (environment): the password " + p);
            });
        }
    }

    // ---- reading -------------------------------------------------------------------------

    private Node compose() {
        LoaderOptions options = new LoaderOptions();
        String text = InventoryText.read(file);
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (ReaderException e) { // a character YAML does not allow: say on which line
            int line = 1;
            for (int i = 0; i < Math.min(e.getPosition(), text.length()); i++) if (text.charAt(i) == '\n') line++;
            throw ProvisionException.invalidInput(at(line)
                    + String.format("malformed YAML: special characters are not allowed (U+%04X)", e.getCodePoint()));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? " (" + e.getContext() + ")" : "";
            String where = mark != null ? at(mark.getLine() + 1) : where() + " ";
            throw ProvisionException.invalidInput(where + Printable.line("malformed YAML: " + problem + context));
        } catch (YAMLException e) {
            throw ProvisionException.invalidInput(where() + " " + Printable.line("malformed YAML: " + e.getMessage()));
        }
    }

    private void readTopLevel(Node root) {
        if (!(root instanceof MappingNode mapping)) {
            throw ProvisionException.invalidInput(at(line(root))
                    + "the inventory must be a mapping with 'all:' at the top, not " + kind(root));
        }
        for (Entry e : entries(mapping, "")) {
            if (e.key.equals("all")) {
                readGroup("all", e, null);
            } else if (GROUP_KEYS.contains(e.key)) {
                error(e.keyNode, e.key, "'" + e.key + "' belongs inside a group: put 'all:' above it");
            } else if (isNull(e.value) || e.value instanceof MappingNode) {
                readGroup(e.key, e, "all"); // Ansible reads top-level groups as children of all
            } else {
                error(e.keyNode, e.key, "unknown top-level key '" + e.key + "': expected 'all' or a group"
                        + " (a mapping of hosts, vars and children), not " + kind(e.value));
            }
        }
    }

    private void readGroup(String name, Entry at, String parent) {
        GroupDraft group = groups.computeIfAbsent(name, n -> new GroupDraft(n, line(at.keyNode)));
        if (parent != null) {
            groups.get(parent).children.add(name);
            group.parents.add(parent);
        }
        if (isNull(at.value)) return;
        if (!(at.value instanceof MappingNode mapping)) {
            error(at.value, at.path, "group '" + name + "' must be a mapping of hosts, vars and children, not "
                    + kind(at.value));
            return;
        }
        // An anchor used inside itself (children: &c {g: {children: *c}}) would be read forever.
        if (!reading.add(mapping)) {
            error(at.value, at.path, "group '" + name + "' contains itself through an anchor (*alias inside its own &anchor)");
            return;
        }
        try {
            readGroupBody(name, group, at, mapping);
        } finally {
            reading.remove(mapping);
        }
    }

    private void readGroupBody(String name, GroupDraft group, Entry at, MappingNode mapping) {
        for (Entry e : entries(mapping, at.path)) {
            switch (e.key) {
                case "hosts" -> readHosts(group, e);
                case "vars" -> readVars(e, group.vars);
                case "children" -> readChildren(group, e);
                default -> error(e.keyNode, e.path, "unknown key '" + e.key + "' in group '" + name
                        + "' (a group holds only hosts, vars and children)"
                        + (KnownVariables.isKnown(e.key) ? "; variables go under 'vars:'" : ""));
            }
        }
    }

    private void readChildren(GroupDraft group, Entry at) {
        if (isNull(at.value)) return;
        if (!(at.value instanceof MappingNode mapping)) {
            error(at.value, at.path, "children must be a mapping of group names to groups, not " + kind(at.value));
            return;
        }
        for (Entry e : entries(mapping, at.path)) readGroup(e.key, e, group.name);
    }

    private void readHosts(GroupDraft group, Entry at) {
        if (isNull(at.value)) return;
        if (!(at.value instanceof MappingNode mapping)) {
            error(at.value, at.path, "hosts must be a mapping of host names to their variables"
                    + (at.value instanceof SequenceNode ? " ('web-1:' on its own line, not '- web-1')" : "")
                    + ", not " + kind(at.value));
            return;
        }
        for (Entry e : entries(mapping, at.path)) {
            List<String> names;
            try {
                names = HostPattern.expand(e.key, MAX_HOSTS);
            } catch (IllegalArgumentException ex) {
                error(e.keyNode, e.path, "bad host range: " + ex.getMessage());
                continue;
            }
            String unsafe = names.stream().filter(n -> !HostName.isValid(n)).findFirst().orElse(null);
            if (unsafe != null) {
                error(e.keyNode, e.path, "host name " + Printable.quoted(unsafe) + " is not allowed: use "
                        + HostName.describe() + " (it becomes Consul's node name and part of commands)");
                continue;
            }
            if (hosts.size() + names.size() > MAX_HOSTS && !names.stream().allMatch(hosts::containsKey)) {
                if (!tooManyHosts) error(e.keyNode, e.path, "more than " + MAX_HOSTS + " hosts in one inventory");
                tooManyHosts = true;
                continue;
            }
            for (String name : names) {
                HostDraft host = hosts.computeIfAbsent(name, n -> new HostDraft(n, line(e.keyNode)));
                host.directGroups.add(group.name);
                group.hosts.add(name);
                if (isNull(e.value)) continue;
                if (e.value instanceof MappingNode) {
                    readVars(new Entry(name, e.keyNode, e.value, at.path + "." + name), host.vars);
                } else {
                    error(e.value, at.path + "." + name, "the variables of host '" + name
                            + "' must be a mapping (ansible_host: ...), not " + kind(e.value));
                }
            }
        }
    }

    private void readVars(Entry at, Map<String, Var> into) {
        if (isNull(at.value)) return;
        if (!(at.value instanceof MappingNode mapping)) {
            error(at.value, at.path, "vars must be a mapping of names to values, not " + kind(at.value));
            return;
        }
        for (Entry e : entries(mapping, at.path)) readVar(e, into);
    }

    private void readVar(Entry e, Map<String, Var> into) {
        Optional<KnownVariables.Variable> known = KnownVariables.find(e.key);
        if (known.isPresent()) {
            VariableType type = known.get().type();
            if (isNull(e.value)) {
                error(e.keyNode, e.path, "no value (expected " + type.describe() + ")");
            } else if (!(e.value instanceof ScalarNode scalar)) {
                error(e.value, e.path, "expected " + type.describe() + ", not " + kind(e.value));
            } else {
                try {
                    into.put(e.key, new Var(type.parse(scalar.getValue()), line(e.value), e.path));
                } catch (IllegalArgumentException ex) {
                    if (type instanceof SecretType secret) {
                        // Never quote a secret, not even a wrong one: it may be the real password mistyped.
                        error(e.value, e.path, "the value " + secret.problemWith(scalar.getValue()).orElse("is not valid")
                                + " (expected " + type.describe() + ")");
                    } else {
                        String why = ex instanceof VariableType.Invalid ? ": " + ex.getMessage() : "";
                        error(e.value, e.path, Printable.quoted(scalar.getValue()) + " is not " + type.describe() + why);
                    }
                }
            }
            return;
        }
        if (SelfReference.in(e.value)) {
            error(e.value, e.path, "the value contains itself through an anchor (*alias inside its own &anchor)");
            return;
        }
        Object value;
        try {
            value = nodeValues.valueOf(e.value);
        } catch (RuntimeException ex) { // a tag the text does not fit: !!int abc, !!timestamp soon
            error(e.value, e.path, "the value " + Printable.quoted(text(e.value)) + " does not fit its tag "
                    + e.value.getTag().getValue().replace(Tag.PREFIX, "!!"));
            return;
        }
        if (e.key.equals("ansible_group_priority")) {
            if (!(value instanceof Integer)) {
                error(e.value, e.path, Printable.quoted(text(e.value)) + " is not a whole number");
                return;
            }
        }
        if (!KnownVariables.isKnown(e.key)) {
            String hint = KnownVariables.suggest(e.key).map(s -> " (did you mean " + s + "?)").orElse("");
            warnings.add(new Problem(line(e.keyNode), e.path + ": unknown variable '" + e.key + "'" + hint
                    + ", ignored by the playbooks"));
        }
        into.put(e.key, new Var(value, line(e.value), e.path));
    }

    // ---- checks across the whole file ----------------------------------------------------

    private void checkNoCycles() {
        Set<String> inReportedCycle = new LinkedHashSet<>();
        for (GroupDraft g : groups.values()) {
            if (inReportedCycle.contains(g.name)) continue; // one message per loop, not one per member
            List<String> cycle = pathBack(g.name, g.name, new LinkedHashSet<>());
            if (cycle != null) {
                inReportedCycle.addAll(cycle);
                error(g.line, g.name, "group '" + g.name + "' contains itself: " + g.name + " -> "
                        + String.join(" -> ", cycle));
            }
        }
    }

    /** The chain of children from {@code from} that leads back to {@code target}, or null. */
    private List<String> pathBack(String from, String target, Set<String> seen) {
        for (String child : groups.get(from).children) {
            if (child.equals(target)) return new ArrayList<>(List.of(child));
            if (seen.add(child)) {
                List<String> rest = pathBack(child, target, seen);
                if (rest != null) {
                    rest.add(0, child);
                    return rest;
                }
            }
        }
        return null;
    }

    private void checkRoleGroups(int rootLine) {
        Map<Role, String> why = Map.of(
                Role.CONSUL_SERVER, "the Consul server",
                Role.LOAD_BALANCER, "where HAProxy runs",
                Role.SERVICE, "the microservice replicas");
        for (Role role : Role.values()) {
            GroupDraft g = groups.get(role.group());
            if (g == null) {
                error(rootLine, "all.children", "no '" + role.group() + "' group: the deployment needs at least one host in it ("
                        + why.get(role) + ")");
            } else if (hostsUnder(g.name).isEmpty()) {
                error(g.line, g.name, "group '" + g.name + "' has no hosts: it needs at least one ("
                        + why.get(role) + ")");
            }
        }
        GroupDraft servers = groups.get(Role.CONSUL_SERVER.group());
        int serverCount = servers == null ? 0 : hostsUnder(servers.name).size();
        if (serverCount % 2 == 0 && serverCount > 0) {
            // Allowed (Consul runs), but an even count buys nothing: a majority of 2 is 2.
            warnings.add(new Problem(servers.line, servers.name + ": " + serverCount + " Consul servers: Consul needs a"
                    + " majority of them up, so " + serverCount + " tolerate no more failures than " + (serverCount - 1)
                    + "; use an odd number (1, 3, 5)"));
        }
        String roleGroups = java.util.Arrays.stream(Role.values()).map(Role::group).collect(Collectors.joining(", "));
        for (HostDraft h : hosts.values()) {
            if (rolesOf(groupsOf(h)).isEmpty()) {
                error(h.line, h.name, "host '" + h.name + "' is in no role group: put it in one of " + roleGroups);
            }
        }
    }

    private void checkDuplicateAddresses(List<Host> built) {
        Map<String, Host> seen = new HashMap<>();
        for (Host h : built) {
            String key = h.address().toLowerCase(Locale.ROOT) + ":" + h.port();
            Host first = seen.putIfAbsent(key, h);
            if (first != null) {
                error(addressLine(h), h.name(), "host '" + h.name() + "' has the same address and port ("
                        + h.address() + ":" + h.port() + ") as host '" + first.name() + "' (line "
                        + addressLine(first) + ")");
            }
        }
    }

    private int addressLine(Host h) {
        HostDraft draft = hosts.get(h.name());
        Var address = firstOf(mergedVars(draft), ADDRESS_VARS);
        return address != null ? address.line : draft.line;
    }

    // ---- building the result -------------------------------------------------------------

    private List<Host> buildHosts() {
        List<Host> result = new ArrayList<>();
        for (HostDraft draft : hosts.values()) {
            List<String> hostGroups = groupsOf(draft);
            Map<String, Var> merged = mergedVars(draft);
            Var address = firstOf(merged, ADDRESS_VARS);
            Var port = firstOf(merged, PORT_VARS);
            Var user = firstOf(merged, USER_VARS);
            Optional<Secret> password = secret(firstOf(merged, PASSWORD_VARS), SSH_PASSWORD_ENV);
            Optional<Secret> become = secret(firstOf(merged, BECOME_VARS), BECOME_PASSWORD_ENV);
            Map<String, Object> vars = new LinkedHashMap<>();
            merged.forEach((name, v) -> vars.put(name,
                    KnownVariables.isSecret(name) ? Secret.of(String.valueOf(v.value)) : v.value));
            result.add(new Host(
                    draft.name,
                    address != null ? (String) address.value : draft.name,
                    port != null ? (Integer) port.value : 22,
                    user != null ? (String) user.value : System.getProperty("user.name"),
                    keyFile(firstOf(merged, KEY_VARS)),
                    password,
                    become,
                    List.copyOf(hostGroups),
                    Collections.unmodifiableSet(rolesOf(hostGroups)),
                    Collections.unmodifiableMap(vars)));
        }
        return result;
    }

    private Map<String, Map<String, String>> origins() {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        for (HostDraft h : hosts.values()) {
            Map<String, String> of = new LinkedHashMap<>();
            mergedVars(h).forEach((name, v) -> of.put(name, at(v.line) + Printable.line(v.path)));
            result.put(h.name, Collections.unmodifiableMap(of));
        }
        return Collections.unmodifiableMap(result);
    }

    private Optional<Path> keyFile(Var v) {
        if (v == null) return Optional.empty();
        String text = (String) v.value;
        Path path;
        if (text.equals("~") || text.startsWith("~/")) {
            path = Path.of(System.getProperty("user.home") + text.substring(1));
        } else {
            Path given = Path.of(text);
            Path folder = file.toAbsolutePath().getParent();
            path = given.isAbsolute() || folder == null ? given : folder.resolve(given);
        }
        path = path.normalize();
        // A Vagrant key appears only after 'vagrant up'; say so, since that is the usual cause.
        String vagrantHint = text.contains(".vagrant/machines/") ? " (Vagrant creates it on 'vagrant up')" : "";
        if (!Files.exists(path)) {
            error(v.line, v.path, "key file " + path + " does not exist" + vagrantHint);
        } else if (!Files.isRegularFile(path)) {
            error(v.line, v.path, "key file " + path + " is not a file");
        } else if (!Files.isReadable(path)) {
            error(v.line, v.path, "key file " + path + " is not readable by user " + System.getProperty("user.name"));
        }
        return Optional.of(path);
    }

    private Optional<Secret> secret(Var fromInventory, String envName) {
        if (fromInventory != null) return Optional.of(Secret.of(String.valueOf(fromInventory.value)));
        String fromEnv = env.get(envName);
        return fromEnv == null || fromEnv.isEmpty() ? Optional.empty() : Optional.of(Secret.of(fromEnv));
    }

    private Map<String, Group> buildGroups() {
        Map<String, Group> result = new LinkedHashMap<>();
        List<GroupDraft> ordered = new ArrayList<>(groups.values());
        ordered.sort(Comparator.comparing(g -> !g.name.equals("all"))); // "all" first, then file order
        for (GroupDraft g : ordered) {
            Map<String, Object> vars = new LinkedHashMap<>();
            g.vars.forEach((name, v) -> vars.put(name,
                    KnownVariables.isSecret(name) ? Secret.of(String.valueOf(v.value)) : v.value));
            result.put(g.name, new Group(g.name, List.copyOf(g.hosts), List.copyOf(g.children),
                    Collections.unmodifiableMap(vars)));
        }
        return Collections.unmodifiableMap(result);
    }

    /** Variables of a host: all.vars, its other groups in precedence order, then its own. */
    private Map<String, Var> mergedVars(HostDraft host) {
        Map<String, Var> merged = new LinkedHashMap<>();
        for (String group : groupsOf(host)) mergeLevel(merged, groups.get(group).vars);
        mergeLevel(merged, host.vars);
        return merged;
    }

    /** One level over the ones before it; an alias set here hides every name of its setting set before. */
    private static void mergeLevel(Map<String, Var> merged, Map<String, Var> level) {
        for (List<String> names : List.of(ADDRESS_VARS, PORT_VARS, USER_VARS, KEY_VARS, PASSWORD_VARS, BECOME_VARS)) {
            if (names.stream().anyMatch(level::containsKey)) names.forEach(merged::remove);
        }
        merged.putAll(level);
    }

    /** Every group the host is in, directly or through children, "all" first, in precedence order. */
    private List<String> groupsOf(HostDraft host) {
        Set<String> all = new LinkedHashSet<>();
        for (String g : host.directGroups) collectAncestors(g, all);
        all.add("all");
        List<String> ordered = new ArrayList<>(all);
        ordered.sort(Comparator.<String>comparingInt(this::depth)
                .thenComparingInt(this::priority)
                .thenComparing(Comparator.naturalOrder()));
        return ordered;
    }

    private void collectAncestors(String group, Set<String> into) {
        if (!into.add(group)) return;
        for (String parent : groups.get(group).parents) collectAncestors(parent, into);
    }

    /** Longest chain of parents up to "all", as Ansible counts depth; bounded so a cycle cannot hang. */
    private int depth(String group) {
        return depth(group, groups.size());
    }

    private int depth(String group, int budget) {
        if (group.equals("all") || budget == 0) return 0;
        int best = 0;
        for (String parent : groups.get(group).parents) best = Math.max(best, 1 + depth(parent, budget - 1));
        return best;
    }

    private int priority(String group) {
        Var v = groups.get(group).vars.get("ansible_group_priority");
        return v != null && v.value instanceof Number n ? n.intValue() : 1;
    }

    private Set<String> hostsUnder(String group) {
        Set<String> result = new LinkedHashSet<>();
        for (HostDraft h : hosts.values()) {
            if (groupsOf(h).contains(group)) result.add(h.name);
        }
        return result;
    }

    private static Set<Role> rolesOf(List<String> groupNames) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String g : groupNames) Role.ofGroup(g).ifPresent(roles::add);
        return roles;
    }

    private static Var firstOf(Map<String, Var> vars, List<String> names) {
        for (String name : names) {
            if (vars.containsKey(name)) return vars.get(name);
        }
        return null;
    }

    // ---- YAML nodes ----------------------------------------------------------------------

    /** A key of a mapping with its value and its dotted path from the top of the file. */
    private record Entry(String key, Node keyNode, Node value, String path) {}

    /**
     * The entries of a mapping, with YAML merge keys ({@code <<: *defaults}) applied, reporting
     * keys that are not plain scalars and keys written twice.
     */
    private List<Entry> entries(MappingNode mapping, String parentPath) {
        if (!merging.add(mapping)) {
            error(mapping, parentPath, "a merge key (<<) brings in the mapping it is part of");
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
                    if (merging.contains(m)) error(k, parentPath, "a merge key (<<) brings in the mapping it is part of");
                    else merged.add(m);
                }
                continue;
            }
            if (!(k instanceof ScalarNode scalar) || isNull(k)) {
                error(k, parentPath, "a key must be a plain name, not " + kind(k));
                continue;
            }
            String key = scalar.getValue();
            String path = parentPath.isEmpty() ? key : parentPath + "." + key;
            Entry previous = result.get(key);
            if (previous != null) {
                error(k, path, "'" + key + "' is written twice here (first at line " + line(previous.keyNode) + ")");
                continue;
            }
            result.put(key, new Entry(key, k, t.getValueNode(), path));
        }
        for (MappingNode m : merged) {
            for (Entry e : entries(m, parentPath)) result.putIfAbsent(e.key, e);
        }
        return new ArrayList<>(result.values());
    }

    private static boolean isNull(Node node) {
        return node == null || (node instanceof ScalarNode && node.getTag().equals(Tag.NULL));
    }

    private static String kind(Node node) {
        if (isNull(node)) return "nothing";
        if (node instanceof MappingNode) return "a mapping";
        if (node instanceof SequenceNode) return "a list";
        return "the value " + Printable.quoted(((ScalarNode) node).getValue());
    }

    private static String text(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : kind(node);
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    /** Turns a node into the plain Java value YAML 1.1 gives it (as Ansible's PyYAML does). */
    private static final class NodeValues extends SafeConstructor {
        NodeValues() {
            super(new LoaderOptions());
        }

        Object valueOf(Node node) {
            return constructObject(node);
        }
    }

    // ---- problems --------------------------------------------------------------------------

    private record Problem(int line, String text) {}

    private void error(Node node, String path, String message) {
        error(line(node), path, message);
    }

    private void error(int line, String path, String message) {
        errors.add(new Problem(line, path.isEmpty() ? message : path + ": " + message));
    }

    private String at(int line) {
        return where() + line + ": ";
    }

    private String where() {
        return Printable.line(file.toString()) + ":";
    }

    private List<String> formatEach(List<Problem> problems) {
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(Problem::line)); // stable: same line keeps finding order
        // Problems quote the file's own text: a control character in it must not act on the terminal.
        return sorted.stream().map(p -> at(p.line) + Printable.line(p.text)).distinct().toList();
    }

    private String format(List<Problem> problems) {
        return String.join("\n", formatEach(problems));
    }

    // ---- drafts, filled while reading ------------------------------------------------------

    /** A variable as read: its value, and where it was written. */
    private record Var(Object value, int line, String path) {}

    private static final class GroupDraft {
        final String name;
        final int line;
        final Set<String> hosts = new LinkedHashSet<>();
        final Set<String> children = new LinkedHashSet<>();
        final Set<String> parents = new LinkedHashSet<>();
        final Map<String, Var> vars = new LinkedHashMap<>();

        GroupDraft(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    private static final class HostDraft {
        final String name;
        final int line;
        final Set<String> directGroups = new LinkedHashSet<>();
        final Map<String, Var> vars = new LinkedHashMap<>();

        HostDraft(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }
}
