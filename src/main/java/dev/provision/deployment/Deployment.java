package dev.provision.deployment;

import dev.provision.ProvisionException;
import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import dev.provision.inventory.InventoryLoader;
import dev.provision.playbook.Playbook;
import dev.provision.playbook.PlaybookLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The deployment as one model, built once from the inventory and the playbooks folder, and
 * read by {@code up} (template variables, firewall ports, port clashes) and by {@code verify}
 * (what to expect): every name and port comes from variables.yaml, defaults.yaml and the
 * inventory, none from code.
 *
 * @param inventory the hosts, their groups and variables, checked against the schema
 * @param playbook the plays, templates and the variables' defaults
 * @param schema the declared variables and the roles with their ports
 */
public record Deployment(Inventory inventory, Playbook playbook, DeploymentSchema schema) {

    /**
     * Reads the playbooks folder, then the inventory checked against the folder's schema.
     *
     * @throws ProvisionException exit 2, naming file and line, for any problem in either
     */
    public static Deployment load(Path inventoryFile, Path playbooksDir, Map<String, String> env) {
        DeploymentSchema schema = SchemaFile.read(playbooksDir);
        Inventory inventory = InventoryLoader.load(inventoryFile, env, schema);
        return new Deployment(inventory, PlaybookLoader.load(playbooksDir, schema), schema);
    }

    /** An inventory already loaded (with {@link #schemaOf}) and the playbooks folder beside it. */
    public static Deployment of(Inventory inventory, Path playbooksDir) {
        DeploymentSchema schema = SchemaFile.read(playbooksDir);
        return new Deployment(inventory, PlaybookLoader.load(playbooksDir, schema), schema);
    }

    /** The schema a playbooks folder declares (for loading an inventory against it). */
    public static DeploymentSchema schemaOf(Path playbooksDir) {
        return SchemaFile.read(playbooksDir);
    }

    // ---- values: the host's, else the playbooks' default ---------------------------------

    /** A variable for a host: its inventory value, else the default in defaults.yaml; null if neither. */
    public Object value(Host host, String name) {
        Object v = host.vars().get(name);
        if (v == null || v.toString().isBlank()) v = playbook.defaults().get(name);
        return v;
    }

    private String text(List<Host> hosts, String name) {
        Object v = hosts.isEmpty() ? playbook.defaults().get(name) : value(hosts.get(0), name);
        if (v == null) throw ProvisionException.invalidInput(playbook.dir().resolve("defaults.yaml") + ": no default for " + name);
        return v.toString();
    }

    private int port(List<Host> hosts, String name) {
        Object v = hosts.isEmpty() ? playbook.defaults().get(name) : value(hosts.get(0), name);
        if (v instanceof Integer i) return i;
        throw ProvisionException.invalidInput(playbook.dir().resolve("defaults.yaml") + ": " + name + " must be a port number, got " + v);
    }

    private List<Host> in(String group) {
        return inventory.hostsIn(group);
    }

    /** The Consul service and systemd unit of the replicas (from the first replica). */
    public String serviceName() {
        return text(in("services"), "service_name");
    }

    /** The port each replica serves on. */
    public int servicePort() {
        return port(in("services"), "service_port");
    }

    /** The balancer's frontend port. */
    public int lbPort() {
        return port(in("load_balancers"), "lb_port");
    }

    /** HAProxy's stats page port. */
    public int statsPort() {
        return port(in("load_balancers"), "stats_port");
    }

    /** HAProxy's stats user. */
    public String statsUser() {
        return text(in("load_balancers"), "stats_user");
    }

    /** The consul binary on every host. */
    public String consulBin() {
        return text(inventory.hosts(), "consul_bin");
    }

    /** The firewalld zone the playbooks manage. */
    public String firewallZone() {
        return text(inventory.hosts(), "firewall_zone");
    }

    /** Consul's HTTP API port: on loopback only, so asked from the host itself, and never opened. */
    public int consulHttpPort() {
        return namedPort("consul_http");
    }

    /** A fixed port variables.yaml gives a {@code name}. */
    public int namedPort(String name) {
        return schema.roles().stream().flatMap(r -> r.ports().stream()).filter(p -> name.equals(p.name()))
                .filter(p -> p.variable() == null).map(p -> Integer.parseInt(p.port())).findFirst()
                .orElseThrow(() -> ProvisionException.invalidInput(playbook.dir().resolve(SchemaFile.NAME)
                        + ": no fixed port named '" + name + "' under roles"));
    }

    /** The service instance id the playbooks register ("web-web-1"): service name, dash, host name. */
    public String serviceId(Host replica) {
        return serviceName() + "-" + replica.name();
    }

    /** The balancer the probes send requests to: the first host in load_balancers. */
    public Host balancer() {
        List<Host> lbs = in("load_balancers");
        if (lbs.isEmpty()) {
            throw ProvisionException.invalidInput(inventory.source() + ": no host in group 'load_balancers'; "
                    + "verify needs a balancer to send requests to");
        }
        return lbs.get(0);
    }

    /** The Consul server the probes ask: the first host in consul_servers. */
    public Host consulServer() {
        List<Host> s = in("consul_servers");
        if (s.isEmpty()) throw ProvisionException.invalidInput(inventory.source() + ": no host in group 'consul_servers'");
        return s.get(0);
    }

    // ---- ports of a host ------------------------------------------------------------------

    /** A port of a host's role, resolved: the number, and how messages name it. */
    public record Listener(int port, String what, String variable, PortSpec spec) {}

    /** The roles that apply to a host ("all" first), in declaration order. */
    public List<RoleSpec> rolesOf(Host h) {
        return schema.roles().stream().filter(r -> r.everyHost() || h.groups().contains(r.group())).toList();
    }

    /** Every port the host's roles listen on, resolved with the host's variables (unresolvable ones left out). */
    public List<Listener> listeners(Host h) {
        List<Listener> out = new ArrayList<>();
        for (RoleSpec role : rolesOf(h)) {
            for (PortSpec p : role.ports()) {
                String variable = p.variable();
                Object v = variable == null ? Integer.valueOf(p.port()) : value(h, variable);
                if (!(v instanceof Integer port)) continue; // not a number: the types say so elsewhere
                out.add(new Listener(port, variable == null ? p.what() + " " + port : variable + " " + port, variable, p));
            }
        }
        return out;
    }

    /**
     * The ports firewalld opens on a host, as "port/proto": SSH, then {@link #openedPorts}.
     */
    public List<String> firewallPorts(Host h) {
        var ports = new LinkedHashSet<String>();
        ports.add(h.port() + "/tcp");
        ports.addAll(openedPorts(h));
        return List.copyOf(ports);
    }

    /**
     * The ports of the host's roles and firewall_extra_ports, without SSH (the firewall step adds
     * it): the ports every host opens, the extra ones, then its roles'. Adjacent ports of one role
     * and protocol are one range ("8301-8302/tcp"), as firewalld lists them.
     */
    public List<String> openedPorts(Host h) {
        var ports = new LinkedHashSet<String>();
        for (RoleSpec role : rolesOf(h)) {
            if (role.everyHost()) ports.addAll(ranges(h, role));
        }
        Object extra = value(h, "firewall_extra_ports");
        if (extra != null) {
            for (String p : extra.toString().split("[\\s,]+")) if (!p.isBlank()) ports.add(p.strip());
        }
        for (RoleSpec role : rolesOf(h)) {
            if (!role.everyHost()) ports.addAll(ranges(h, role));
        }
        return List.copyOf(ports);
    }

    private List<String> ranges(Host h, RoleSpec role) {
        // Declaration order per protocol: the zone file keeps it, so reordering would rewrite it.
        var byProtocol = new java.util.LinkedHashMap<String, LinkedHashSet<Integer>>();
        for (Listener l : listeners(h)) {
            if (!role.ports().contains(l.spec()) || !l.spec().open()) continue;
            for (String proto : l.spec().protocols()) byProtocol.computeIfAbsent(proto, k -> new LinkedHashSet<>()).add(l.port());
        }
        List<String> out = new ArrayList<>();
        byProtocol.forEach((proto, numbers) -> {
            Integer low = null;
            Integer prev = null;
            for (int n : numbers) {
                if (prev != null && n == prev + 1) {
                    prev = n;
                    continue;
                }
                if (low != null) out.add(range(low, prev, proto));
                low = n;
                prev = n;
            }
            if (low != null) out.add(range(low, prev, proto));
        });
        return out;
    }

    private static String range(int low, int high, String proto) {
        return (low == high ? String.valueOf(low) : low + "-" + high) + "/" + proto;
    }

    /** TCP ports that must answer from the controller: SSH and each opened one something listens on. */
    public List<Integer> listeningPorts(Host h) {
        var ports = new LinkedHashSet<Integer>();
        ports.add(h.port());
        for (Listener l : listeners(h)) {
            if (l.spec().open() && l.spec().answers() && l.spec().protocols().contains("tcp")) ports.add(l.port());
        }
        return List.copyOf(ports);
    }

    /** Where a host's variable was set, for messages: the inventory's line, else defaults.yaml. */
    public String origin(Host h, String variable) {
        return inventory.origin(h.name(), variable)
                .orElse(playbook.dir().resolve("defaults.yaml") + ": vars." + variable);
    }
}
