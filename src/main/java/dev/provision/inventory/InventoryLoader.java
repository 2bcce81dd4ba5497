package dev.provision.inventory;

import dev.provision.Printable;
import dev.provision.ProvisionException;
import dev.provision.Secret;
import dev.provision.inventory.InventoryDraft.GroupDraft;
import dev.provision.inventory.InventoryDraft.HostDraft;
import dev.provision.inventory.InventoryDraft.Var;
import dev.provision.inventory.YamlEntries.Entry;
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
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
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
 *   <li>No two hosts may share an address and port.
 *   <li>What the deployment adds ({@link VariableRules}): a variable it declares with a value of
 *       the wrong type is an error; an unknown one is a warning ({@link Inventory#warnings()});
 *       and its checks on the groups (which ones must have hosts).
 * </ul>
 *
 * <p>The work is shared: {@link YamlEntries} reads the YAML with its lines, {@link VarPrecedence}
 * merges variables as Ansible does, {@link Credentials} finds key files and passwords.
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

    private final Path file;
    private final VariableRules rules;
    private final Credentials credentials;
    private final Problems problems;
    private final YamlEntries yaml;
    private final InventoryDraft draft = new InventoryDraft();
    private final VarPrecedence precedence = new VarPrecedence(draft);
    /** Mappings being read right now: an alias to one of them is a loop, not more input. */
    private final Set<Node> reading = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean tooManyHosts;

    private InventoryLoader(Path file, Map<String, String> env, VariableRules rules) {
        this.file = file;
        this.rules = rules;
        this.credentials = new Credentials(file, env);
        this.problems = new Problems(file);
        this.yaml = new YamlEntries(problems);
    }

    /** Loads with Ansible's rules only (no deployment's variables or groups), passwords from this process's environment. */
    public static Inventory load(Path file) {
        return load(file, System.getenv(), VariableRules.NONE);
    }

    /**
     * Loads and validates an inventory.
     *
     * @param env where {@value #SSH_PASSWORD_ENV} and {@value #BECOME_PASSWORD_ENV} are read
     * @param rules the deployment's variables and checks, applied with Ansible's own
     * @throws ProvisionException exit 2, listing every problem found, one per line
     */
    public static Inventory load(Path file, Map<String, String> env, VariableRules rules) {
        return new InventoryLoader(file, env, rules).load();
    }

    private Inventory load() {
        credentials.checkEnvironmentPasswords();
        Node root = yaml.compose(file);
        if (root == null) {
            throw ProvisionException.invalidInput(
                    problems.at(1) + "the inventory is empty; it needs 'all:' with hosts, vars and children");
        }
        draft.groups.put("all", new GroupDraft("all", YamlEntries.line(root))); // top-level groups may come before 'all:'
        readTopLevel(root);
        checkNoCycles();
        List<Host> built = buildHosts();
        Inventory inventory = new Inventory(file, List.copyOf(built), buildGroups(), List.of(), origins());
        rules.check(inventory, lines(YamlEntries.line(root)), problems);
        for (HostDraft h : draft.hosts.values()) {
            credentials.checkKeyFile(firstOf(precedence.mergedVars(h), ConnectionVariables.KEY), problems);
        }
        checkDuplicateAddresses(built);
        if (problems.hasErrors()) throw problems.failure();
        return new Inventory(file, inventory.hosts(), inventory.groups(), problems.warnings(), inventory.origins());
    }

    // ---- reading -------------------------------------------------------------------------

    private void readTopLevel(Node root) {
        if (!(root instanceof MappingNode mapping)) {
            throw ProvisionException.invalidInput(problems.at(YamlEntries.line(root))
                    + "the inventory must be a mapping with 'all:' at the top, not " + YamlEntries.kind(root));
        }
        for (Entry e : yaml.entries(mapping, "")) {
            if (e.key().equals("all")) {
                readGroup("all", e, null);
            } else if (GROUP_KEYS.contains(e.key())) {
                problems.error(e.keyNode(), e.key(), "'" + e.key() + "' belongs inside a group: put 'all:' above it");
            } else if (YamlEntries.isNull(e.value()) || e.value() instanceof MappingNode) {
                readGroup(e.key(), e, "all"); // Ansible reads top-level groups as children of all
            } else {
                problems.error(e.keyNode(), e.key(), "unknown top-level key '" + e.key() + "': expected 'all' or a group"
                        + " (a mapping of hosts, vars and children), not " + YamlEntries.kind(e.value()));
            }
        }
    }

    private void readGroup(String name, Entry at, String parent) {
        GroupDraft group = draft.groups.computeIfAbsent(name, n -> new GroupDraft(n, YamlEntries.line(at.keyNode())));
        if (parent != null) {
            draft.groups.get(parent).children.add(name);
            group.parents.add(parent);
        }
        if (YamlEntries.isNull(at.value())) return;
        if (!(at.value() instanceof MappingNode mapping)) {
            problems.error(at.value(), at.path(), "group '" + name + "' must be a mapping of hosts, vars and children, not "
                    + YamlEntries.kind(at.value()));
            return;
        }
        // An anchor used inside itself (children: &c {g: {children: *c}}) would be read forever.
        if (!reading.add(mapping)) {
            problems.error(at.value(), at.path(), "group '" + name + "' contains itself through an anchor (*alias inside its own &anchor)");
            return;
        }
        try {
            readGroupBody(name, group, at, mapping);
        } finally {
            reading.remove(mapping);
        }
    }

    private void readGroupBody(String name, GroupDraft group, Entry at, MappingNode mapping) {
        for (Entry e : yaml.entries(mapping, at.path())) {
            switch (e.key()) {
                case "hosts" -> readHosts(group, e);
                case "vars" -> readVars(e, group.vars);
                case "children" -> readChildren(group, e);
                default -> problems.error(e.keyNode(), e.path(), "unknown key '" + e.key() + "' in group '" + name
                        + "' (a group holds only hosts, vars and children)"
                        + (isKnown(e.key()) ? "; variables go under 'vars:'" : ""));
            }
        }
    }

    private void readChildren(GroupDraft group, Entry at) {
        if (YamlEntries.isNull(at.value())) return;
        if (!(at.value() instanceof MappingNode mapping)) {
            problems.error(at.value(), at.path(), "children must be a mapping of group names to groups, not "
                    + YamlEntries.kind(at.value()));
            return;
        }
        for (Entry e : yaml.entries(mapping, at.path())) readGroup(e.key(), e, group.name);
    }

    private void readHosts(GroupDraft group, Entry at) {
        if (YamlEntries.isNull(at.value())) return;
        if (!(at.value() instanceof MappingNode mapping)) {
            problems.error(at.value(), at.path(), "hosts must be a mapping of host names to their variables"
                    + (at.value() instanceof SequenceNode ? " ('web-1:' on its own line, not '- web-1')" : "")
                    + ", not " + YamlEntries.kind(at.value()));
            return;
        }
        for (Entry e : yaml.entries(mapping, at.path())) {
            List<String> names;
            try {
                names = HostPattern.expand(e.key(), MAX_HOSTS);
            } catch (IllegalArgumentException ex) {
                problems.error(e.keyNode(), e.path(), "bad host range: " + ex.getMessage());
                continue;
            }
            String unsafe = names.stream().filter(n -> !HostName.isValid(n)).findFirst().orElse(null);
            if (unsafe != null) {
                problems.error(e.keyNode(), e.path(), "host name " + Printable.quoted(unsafe) + " is not allowed: use "
                        + HostName.describe() + " (it becomes Consul's node name and part of commands)");
                continue;
            }
            if (draft.hosts.size() + names.size() > MAX_HOSTS && !names.stream().allMatch(draft.hosts::containsKey)) {
                if (!tooManyHosts) problems.error(e.keyNode(), e.path(), "more than " + MAX_HOSTS + " hosts in one inventory");
                tooManyHosts = true;
                continue;
            }
            for (String name : names) {
                HostDraft host = draft.hosts.computeIfAbsent(name, n -> new HostDraft(n, YamlEntries.line(e.keyNode())));
                host.directGroups.add(group.name);
                group.hosts.add(name);
                if (YamlEntries.isNull(e.value())) continue;
                if (e.value() instanceof MappingNode) {
                    readVars(new Entry(name, e.keyNode(), e.value(), at.path() + "." + name), host.vars);
                } else {
                    problems.error(e.value(), at.path() + "." + name, "the variables of host '" + name
                            + "' must be a mapping (ansible_host: ...), not " + YamlEntries.kind(e.value()));
                }
            }
        }
    }

    private void readVars(Entry at, Map<String, Var> into) {
        if (YamlEntries.isNull(at.value())) return;
        if (!(at.value() instanceof MappingNode mapping)) {
            problems.error(at.value(), at.path(), "vars must be a mapping of names to values, not " + YamlEntries.kind(at.value()));
            return;
        }
        for (Entry e : yaml.entries(mapping, at.path())) readVar(e, into);
    }

    private void readVar(Entry e, Map<String, Var> into) {
        Optional<Variable> declared = declared(e.key());
        if (declared.isPresent()) {
            readTyped(e, declared.get().type(), into);
            return;
        }
        if (SelfReference.in(e.value())) {
            problems.error(e.value(), e.path(), "the value contains itself through an anchor (*alias inside its own &anchor)");
            return;
        }
        Object value;
        try {
            value = yaml.valueOf(e.value());
        } catch (RuntimeException ex) { // a tag the text does not fit: !!int abc, !!timestamp soon
            problems.error(e.value(), e.path(), "the value " + Printable.quoted(YamlEntries.text(e.value()))
                    + " does not fit its tag " + e.value().getTag().getValue().replace(Tag.PREFIX, "!!"));
            return;
        }
        if (e.key().equals("ansible_group_priority")) {
            if (!(value instanceof Integer)) {
                problems.error(e.value(), e.path(), Printable.quoted(YamlEntries.text(e.value())) + " is not a whole number");
                return;
            }
        }
        if (!isKnown(e.key())) {
            String hint = suggest(e.key()).map(s -> " (did you mean " + s + "?)").orElse("");
            problems.warning(YamlEntries.line(e.keyNode()), e.path() + ": unknown variable '" + e.key() + "'" + hint
                    + ", ignored by the playbooks");
        }
        into.put(e.key(), new Var(value, YamlEntries.line(e.value()), e.path()));
    }

    /** A declared variable: its text, as written, must be of its type. */
    private void readTyped(Entry e, VariableType type, Map<String, Var> into) {
        if (YamlEntries.isNull(e.value())) {
            problems.error(e.keyNode(), e.path(), "no value (expected " + type.describe() + ")");
        } else if (type instanceof StructuredType structured) {
            if (SelfReference.in(e.value())) {
                problems.error(e.value(), e.path(), "the value contains itself through an anchor (*alias inside its own &anchor)");
                return;
            }
            Object value = structured.parse(e.value(), e.path(), problems);
            if (value != null) into.put(e.key(), new Var(value, YamlEntries.line(e.value()), e.path()));
        } else if (!(e.value() instanceof ScalarNode scalar)) {
            problems.error(e.value(), e.path(), "expected " + type.describe() + ", not " + YamlEntries.kind(e.value()));
        } else {
            try {
                into.put(e.key(), new Var(type.parse(scalar.getValue()), YamlEntries.line(e.value()), e.path()));
            } catch (IllegalArgumentException ex) {
                if (type instanceof SecretType secret) {
                    // Never quote a secret, not even a wrong one: it may be the real password mistyped.
                    problems.error(e.value(), e.path(), "the value " + secret.problemWith(scalar.getValue()).orElse("is not valid")
                            + " (expected " + type.describe() + ")");
                } else {
                    String why = ex instanceof VariableType.Invalid ? ": " + ex.getMessage() : "";
                    problems.error(e.value(), e.path(), Printable.quoted(scalar.getValue()) + " is not " + type.describe() + why);
                }
            }
        }
    }

    /** A connection variable (Ansible's), else one the deployment declares. */
    private Optional<Variable> declared(String name) {
        return ConnectionVariables.find(name).or(() -> rules.find(name));
    }

    private boolean isKnown(String name) {
        return name.startsWith(ConnectionVariables.PREFIX) || rules.isKnown(name);
    }

    private boolean isSecret(String name) {
        return declared(name).map(Variable::secret).orElse(false);
    }

    private Optional<String> suggest(String name) {
        List<String> known = Stream.concat(ConnectionVariables.ALL.stream().map(Variable::name), rules.names().stream()).toList();
        return Suggestion.closest(name, known);
    }

    // ---- checks across the whole file ----------------------------------------------------

    private void checkNoCycles() {
        Set<String> inReportedCycle = new LinkedHashSet<>();
        for (GroupDraft g : draft.groups.values()) {
            if (inReportedCycle.contains(g.name)) continue; // one message per loop, not one per member
            List<String> cycle = precedence.pathBack(g.name, g.name, new LinkedHashSet<>());
            if (cycle != null) {
                inReportedCycle.addAll(cycle);
                problems.error(g.line, g.name, "group '" + g.name + "' contains itself: " + g.name + " -> "
                        + String.join(" -> ", cycle));
            }
        }
    }

    private void checkDuplicateAddresses(List<Host> built) {
        Map<String, Host> seen = new HashMap<>();
        for (Host h : built) {
            String key = h.address().toLowerCase(Locale.ROOT) + ":" + h.port();
            Host first = seen.putIfAbsent(key, h);
            if (first != null) {
                problems.error(addressLine(h), h.name(), "host '" + h.name() + "' has the same address and port ("
                        + h.address() + ":" + h.port() + ") as host '" + first.name() + "' (line "
                        + addressLine(first) + ")");
            }
        }
    }

    private int addressLine(Host h) {
        HostDraft host = draft.hosts.get(h.name());
        Var address = firstOf(precedence.mergedVars(host), ConnectionVariables.ADDRESS);
        return address != null ? address.line() : host.line;
    }

    // ---- building the result -------------------------------------------------------------

    private List<Host> buildHosts() {
        List<Host> result = new ArrayList<>();
        for (HostDraft host : draft.hosts.values()) {
            List<String> hostGroups = precedence.groupsOf(host);
            Map<String, Var> merged = precedence.mergedVars(host);
            Var address = firstOf(merged, ConnectionVariables.ADDRESS);
            Var port = firstOf(merged, ConnectionVariables.PORT);
            Var user = firstOf(merged, ConnectionVariables.USER);
            Map<String, Object> vars = new LinkedHashMap<>();
            merged.forEach((name, v) -> vars.put(name, isSecret(name) ? Secret.of(String.valueOf(v.value())) : v.value()));
            result.add(new Host(
                    host.name,
                    address != null ? (String) address.value() : host.name,
                    port != null ? (Integer) port.value() : 22,
                    user != null ? (String) user.value() : System.getProperty("user.name"),
                    credentials.keyFile(firstOf(merged, ConnectionVariables.KEY)),
                    credentials.password(firstOf(merged, ConnectionVariables.PASSWORD), SSH_PASSWORD_ENV),
                    credentials.password(firstOf(merged, ConnectionVariables.BECOME), BECOME_PASSWORD_ENV),
                    List.copyOf(hostGroups),
                    Collections.unmodifiableSet(rolesOf(hostGroups)),
                    Collections.unmodifiableMap(vars)));
        }
        return result;
    }

    private Map<String, Map<String, String>> origins() {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        for (HostDraft h : draft.hosts.values()) {
            Map<String, String> of = new LinkedHashMap<>();
            precedence.mergedVars(h).forEach((name, v) -> of.put(name, problems.at(v.line()) + Printable.line(v.path())));
            result.put(h.name, Collections.unmodifiableMap(of));
        }
        return Collections.unmodifiableMap(result);
    }

    private Map<String, Group> buildGroups() {
        Map<String, Group> result = new LinkedHashMap<>();
        List<GroupDraft> ordered = new ArrayList<>(draft.groups.values());
        ordered.sort(Comparator.comparing(g -> !g.name.equals("all"))); // "all" first, then file order
        for (GroupDraft g : ordered) {
            Map<String, Object> vars = new LinkedHashMap<>();
            g.vars.forEach((name, v) -> vars.put(name, isSecret(name) ? Secret.of(String.valueOf(v.value())) : v.value()));
            result.put(g.name, new Group(g.name, List.copyOf(g.hosts), List.copyOf(g.children),
                    Collections.unmodifiableMap(vars)));
        }
        return Collections.unmodifiableMap(result);
    }

    private InventoryLines lines(int root) {
        Map<String, Integer> groupLines = new LinkedHashMap<>();
        draft.groups.values().forEach(g -> groupLines.put(g.name, g.line));
        Map<String, Integer> hostLines = new LinkedHashMap<>();
        draft.hosts.values().forEach(h -> hostLines.put(h.name, h.line));
        return new InventoryLines(root, Collections.unmodifiableMap(groupLines), Collections.unmodifiableMap(hostLines));
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
}
