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
        return new Deployment(inventory, PlaybookLoader.load(playbooksDir, schema), schema).checked();
    }

    /** An inventory already loaded (with {@link #schemaOf}) and the playbooks folder beside it. */
    public static Deployment of(Inventory inventory, Path playbooksDir) {
        DeploymentSchema schema = SchemaFile.read(playbooksDir);
        return new Deployment(inventory, PlaybookLoader.load(playbooksDir, schema), schema).checked();
    }

    /** The same inventory with the teardown plays ({@code playbooks/down/}) instead: what {@code down} runs. */
    public Deployment teardown() {
        return new Deployment(inventory, PlaybookLoader.loadTeardown(playbook.dir(), schema), schema);
    }

    /** Unit names, users and Consul files the deployment's own parts hold: no declared service may take them. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("consul", "consul-template", "haproxy", "nats",
            "nats-server", "firewalld", "ssh", "sshd", "microservices", "root");

    /**
     * The declared services against the rest of the deployment (exit 2, each naming the line):
     * their group has hosts, their name, route and user are their own.
     */
    private Deployment checked() {
        List<String> problems = new ArrayList<>();
        var routes = new java.util.HashMap<String, ServiceSpec>();
        var users = new java.util.HashMap<String, ServiceSpec>();
        List<ServiceSpec> declared = declaredServices();
        if (declared.isEmpty()) return this;
        String web = serviceName();
        for (ServiceSpec s : declared) {
            if (!inventory.groups().containsKey(s.group())) {
                problems.add(s.origin("hosts") + ": no group '" + s.group() + "' in the inventory (groups: "
                        + String.join(", ", inventory.groups().keySet()) + ")");
            } else if (inventory.hostsIn(s.group()).isEmpty()) {
                problems.add(s.origin("hosts") + ": group '" + s.group() + "' has no hosts to run service " + s.name());
            }
            if (s.name().equals(web)) {
                problems.add(s.origin("name") + ": '" + web + "' is the built-in sample service's name (service_name): give yours another");
            } else if (RESERVED.contains(s.name())) {
                problems.add(s.origin("name") + ": '" + s.name() + "' is a unit the deployment itself runs: give the service another name");
            }
            ServiceSpec other = routes.putIfAbsent(s.route(), s);
            if (other != null) {
                problems.add(s.origin("route") + ": route " + s.route() + " is also service " + other.name() + "'s ("
                        + other.origin("route") + "): each route reaches one service");
            }
            String user = s.delivery().user();
            if (RESERVED.contains(user) && !user.equals(s.name())) {
                problems.add(s.origin("user") + ": user '" + user + "' belongs to another part of the deployment: give the service its own");
            }
            other = users.putIfAbsent(user, s);
            if (other != null) {
                problems.add(s.origin("user") + ": user '" + user + "' is also service " + other.name()
                        + "'s: each service runs as its own user");
            }
        }
        if (!problems.isEmpty()) throw ProvisionException.invalidInput(String.join("\n", problems));
        return this;
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

    /** The path web's health checks ask (default /health). */
    public String serviceHealth() {
        Object v = in("services").isEmpty() ? playbook.defaults().get("service_health") : value(in("services").get(0), "service_health");
        return v == null ? "/health" : v.toString();
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

    // ---- services --------------------------------------------------------------------------

    /** The inventory variable declaring services (Contract A): a list, see {@link ServicesType}. */
    public static final String SERVICES = "services";

    /**
     * Every service of the deployment, each with its hosts: the built-in {@code web} first (from
     * the service_* variables, group {@code services}, route "/", the default backend), then the
     * inventory's {@code services} in declaration order (all.vars first, then each group's).
     * Names, ports and routes come from here, never from code: up deploys and routes them,
     * verify's probes expect them.
     */
    public List<ServiceSpec> services() {
        List<ServiceSpec> out = new ArrayList<>();
        out.add(new ServiceSpec(serviceName(), "services", servicePort(), serviceHealth(), "/", in("services"), null));
        for (ServiceSpec s : declaredServices()) out.add(s.withHosts(in(s.group())));
        return List.copyOf(out);
    }

    /** The service of this name, if the deployment has one. */
    public java.util.Optional<ServiceSpec> service(String name) {
        return services().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The services a host runs, in {@link #services()} order. */
    public List<ServiceSpec> servicesOn(Host h) {
        return services().stream().filter(s -> h.groups().contains(s.group())).toList();
    }

    /** The services the inventory declares (without the built-in web), without hosts resolved. */
    public List<ServiceSpec> declaredServices() {
        return declaredServices(inventory);
    }

    static List<ServiceSpec> declaredServices(Inventory inventory) {
        var byName = new java.util.LinkedHashMap<String, ServiceSpec>();
        var seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<Object, Boolean>());
        for (var g : inventory.groups().values()) {
            if (!(g.vars().get(SERVICES) instanceof List<?> list) || !seen.add(list)) continue;
            for (Object o : list) {
                if (o instanceof ServiceSpec s) byName.putIfAbsent(s.name(), s);
            }
        }
        // A host's own services (host vars) too: rare, but a value is a value wherever set.
        for (Host h : inventory.hosts()) {
            if (!(h.vars().get(SERVICES) instanceof List<?> list) || !seen.add(list)) continue;
            for (Object o : list) {
                if (o instanceof ServiceSpec s) byName.putIfAbsent(s.name(), s);
            }
        }
        return List.copyOf(byName.values());
    }

    // ---- the broker (optional: an inventory without the brokers group has none) ----------

    /** The hosts running the NATS broker; empty when the inventory has no brokers group. */
    public List<Host> brokers() {
        return in("brokers");
    }

    /** The Consul service name the brokers register as ("nats"). */
    public String brokerService() {
        return text(brokers(), "nats_service_name");
    }

    /** A broker's client port (registered in Consul). */
    public int natsClientPort(Host broker) {
        return port(List.of(broker), "nats_client_port");
    }

    /** A broker's monitoring port, on its loopback only. */
    public int natsMonitorPort(Host broker) {
        return port(List.of(broker), "nats_monitor_port");
    }

    /**
     * True when the brokers form a NATS cluster: their group is large enough for the port
     * variables.yaml names {@code nats_cluster} (its {@code min_hosts}).
     */
    public boolean brokersClustered() {
        List<Host> b = brokers();
        return !b.isEmpty() && listeners(b.get(0)).stream().anyMatch(l -> "nats_cluster".equals(l.spec().name()));
    }

    // ---- ports of a host ------------------------------------------------------------------

    /**
     * A port of a host's role or service, resolved: the number, and how messages name it.
     *
     * @param origin where a declared service's port was written ("FILE:LINE: PATH"), else null
     */
    public record Listener(int port, String what, String variable, PortSpec spec, String origin) {
        public Listener(int port, String what, String variable, PortSpec spec) {
            this(port, what, variable, spec, null);
        }
    }

    /** The roles that apply to a host ("all" first), in declaration order. */
    public List<RoleSpec> rolesOf(Host h) {
        return schema.roles().stream().filter(r -> r.everyHost() || h.groups().contains(r.group())).toList();
    }

    /** Every port the host's roles listen on, resolved with the host's variables (unresolvable ones left out). */
    public List<Listener> listeners(Host h) {
        List<Listener> out = new ArrayList<>();
        for (RoleSpec role : rolesOf(h)) {
            for (PortSpec p : role.ports()) {
                // A port for a group of several (NATS's cluster routes) is not the role's with fewer.
                if (!role.everyHost() && p.minHosts() > in(role.group()).size()) continue;
                String variable = p.variable();
                Object v = variable == null ? Integer.valueOf(p.port()) : value(h, variable);
                if (!(v instanceof Integer port)) continue; // not a number: the types say so elsewhere
                out.add(new Listener(port, variable == null ? p.what() + " " + port : variable + " " + port, variable, p));
            }
        }
        for (ServiceSpec s : declaredServices()) {
            if (!h.groups().contains(s.group())) continue;
            PortSpec p = new PortSpec(String.valueOf(s.port()), List.of("tcp"), "service " + s.name() + "'s port", true, true, null);
            out.add(new Listener(s.port(), "service " + s.name() + "'s port " + s.port(), null, p, s.origin("port")));
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
        // Each declared service's port, on its hosts only.
        for (Listener l : listeners(h)) {
            if (l.origin() != null) ports.add(l.port() + "/tcp");
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
