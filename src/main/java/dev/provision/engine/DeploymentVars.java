package dev.provision.engine;

import dev.provision.Secret;
import dev.provision.artifacts.ResolvedArtifact;
import dev.provision.deployment.Deployment;
import dev.provision.deployment.ServiceSpec;
import dev.provision.facts.Os;
import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import dev.provision.inventory.Role;
import dev.provision.playbook.Location;
import dev.provision.playbook.Playbook;
import dev.provision.playbook.Vars;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The variables a host's steps see: playbook defaults, then what the engine derives from the
 * whole inventory (so {@code --limit} still knows every server), then the inventory's own.
 */
public final class DeploymentVars {
    private final Deployment deployment;
    private final Playbook playbook;
    private final Inventory inventory;
    private final Secret gossipKey;
    private final Function<Host, Secret> statsPassword;
    private final Map<String, ResolvedArtifact> artifacts;
    private final Path serviceJar;

    public DeploymentVars(Deployment deployment, Secret gossipKey, Function<Host, Secret> statsPassword,
            Map<String, ResolvedArtifact> artifacts, Path serviceJar) {
        this.deployment = deployment;
        this.playbook = deployment.playbook();
        this.inventory = deployment.inventory();
        this.gossipKey = gossipKey;
        this.statsPassword = statsPassword;
        this.artifacts = artifacts;
        this.serviceJar = serviceJar;
    }

    /** Playbook defaults and inventory only: what artifact names are rendered with. */
    public Map<String, Object> basic(Host host) {
        return Vars.merge(new Location(playbook.dir().resolve("defaults.yaml"), 0), playbook.defaults(), deploymentVars(deployment, host));
    }

    /**
     * The inventory variables templates may see: the declared deployment variables, each checked
     * against its type by the inventory loader. Connection settings (ansible_*) are the engine's
     * to say, and unknown names (another tool's variables, typos: the loader warns) never reach
     * a template, so they can neither inject text nor replace a value derived here
     * ({@code haproxy_file}, {@code consul_retry_join}, the secrets).
     */
    static Map<String, Object> deploymentVars(Deployment deployment, Host host) {
        Map<String, Object> inv = new LinkedHashMap<>();
        host.vars().forEach((name, value) -> {
            // A user-set gossip_key or stats_password is a Secret here; the engine places its value itself.
            if (!name.startsWith("ansible_") && deployment.schema().find(name).isPresent() && !(value instanceof Secret)) {
                inv.put(name, value);
            }
        });
        return inv;
    }

    /**
     * The broker's derived variables: {@code nats_broker} (the host is one),
     * {@code nats_clustered} (the brokers form one cluster, see {@link Deployment#brokersClustered})
     * and {@code nats_routes}, "address:cluster port" of every other broker.
     */
    Map<String, Object> brokerVars(Host host) {
        Map<String, Object> d = new LinkedHashMap<>();
        List<Host> brokers = deployment.brokers();
        d.put("nats_broker", host.has(Role.BROKER));
        boolean clustered = deployment.brokersClustered();
        d.put("nats_clustered", clustered);
        List<String> routes = new ArrayList<>();
        if (clustered) {
            for (Host b : brokers) {
                if (!b.name().equals(host.name())) routes.add(b.address() + ":" + deployment.value(b, "nats_cluster_port"));
            }
        }
        d.put("nats_routes", routes);
        return d;
    }

    /** Consul's HTTP port from variables.yaml; 8500 (Consul's own default) when a playbooks folder names none. */
    private int consulHttpPort() {
        try {
            return deployment.consulHttpPort();
        } catch (dev.provision.ProvisionException e) {
            return 8500;
        }
    }

    /** The variable the services play loops over: one map of variables per declared service the host runs. */
    public static final String HOST_SERVICES = "host_services";

    /**
     * Each declared service on the host as the variables its steps and templates read
     * (service_name, service_port, ...: the same names as web's, so the templates read alike).
     */
    private List<Map<String, Object>> hostServices(Host host, Os os) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ServiceSpec s : deployment.declaredServices()) {
            if (!host.groups().contains(s.group())) continue;
            ServiceSpec.Delivery d = s.delivery();
            boolean jar = d.kind() == ServiceSpec.Kind.JAR;
            String dir = "/opt/" + s.name();
            Map<String, Object> v = new LinkedHashMap<>();
            v.put(dev.provision.playbook.StepCompiler.ITEM_NAME, s.name());
            v.put("service_name", s.name());
            v.put("service_port", s.port());
            v.put("service_health", s.health());
            v.put("service_user", d.user());
            v.put("service_dir", dir);
            v.put("service_workdir", jar ? dir : dir + "/app");
            v.put("service_jar_kind", jar);
            v.put("service_tarball_kind", !jar);
            v.put("service_file", d.artifact().toString());
            v.put("service_sha256", d.sha256());
            v.put("service_exec", d.start());
            List<String> env = new ArrayList<>();
            env.add("SERVICE_NAME=" + s.name());
            env.add("SERVICE_PORT=" + s.port());
            env.add("SERVICE_HOST=" + host.name());
            env.add("SERVICE_ADDRESS=" + host.address());
            d.env().forEach((k, val) -> env.add(k + "=" + val));
            v.put("service_env", env);
            Object heap = deployment.value(host, "service_heap");
            v.put("service_heap", d.heap() != null ? d.heap() : String.valueOf(heap));
            // A jar needs a java; the services group has web's, other groups get one here.
            String java = !jar || host.has(Role.SERVICE) ? ""
                    : os.packageManager().equals("yum") ? "java-11-openjdk-headless"
                    : os.family() == Os.Family.DEBIAN ? "openjdk-17-jre-headless" : "java-17-openjdk-headless";
            v.put("service_java_package", java);
            v.put("service_packages", d.packages());
            out.add(v);
        }
        return out;
    }

    /** Every service as the gateway routes it: web first (the default backend), then each declared one. */
    private List<Map<String, Object>> gatewayServices() {
        List<Map<String, Object>> out = new ArrayList<>();
        List<ServiceSpec> all;
        try {
            all = deployment.services();
        } catch (dev.provision.ProvisionException e) { // a playbooks folder without web (tests' own)
            all = deployment.declaredServices();
        }
        for (ServiceSpec s : all) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("gateway_name", s.name());
            v.put("gateway_route", s.route());
            v.put("gateway_health", s.health());
            v.put("gateway_default", s.isDefault());
            out.add(v);
        }
        return out;
    }

    public Map<String, Object> forHost(Host host, Os os) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("inventory_hostname", host.name());
        d.put("ansible_host", host.address());
        d.put("ssh_port", host.port());
        d.put("host_groups", host.groups());
        d.put("os_family", os.family().key());
        d.put("os_id", os.id());
        d.put("os_version", os.versionId());
        d.put("package_manager", os.packageManager());
        List<Host> servers = inventory.hostsWith(Role.CONSUL_SERVER);
        d.put("consul_server", host.has(Role.CONSUL_SERVER));
        d.put("consul_bootstrap_expect", servers.size());
        List<String> join = new ArrayList<>();
        for (Host s : servers) if (!s.name().equals(host.name())) join.add(s.address());
        d.put("consul_retry_join", join);
        d.put("load_balancer", host.has(Role.LOAD_BALANCER));
        d.putAll(BalancerSlots.vars(host, inventory, playbook.defaults()));
        d.put("service_replica", host.has(Role.SERVICE));
        d.putAll(brokerVars(host));
        // The built-in samples find the broker through Consul when the inventory has one.
        d.put("has_brokers", !inventory.hostsIn("brokers").isEmpty());
        d.put("consul_http_port", consulHttpPort());
        d.put(HOST_SERVICES, hostServices(host, os));
        d.put("gateway_services", gatewayServices());
        // The ports of the host's roles (variables.yaml) and firewall_extra_ports; the SSH port is the step's.
        d.put("firewall_ports", String.join(" ", deployment.openedPorts(host)));
        d.put("gossip_key", gossipKey.reveal());
        d.put("stats_password", statsPassword.apply(host).reveal());
        d.put("service_jar", serviceJar.toString());
        for (var e : artifacts.entrySet()) {
            d.put(e.getKey() + "_sha256", e.getValue().archiveSha256());
            d.put(e.getKey() + "_file", e.getValue().spec().file());
        }
        Map<String, Object> inv = deploymentVars(deployment, host);
        inv.put("ansible_host", host.address());
        inv.remove(BalancerSlots.PAYLOAD); // already sized with the inventory's value as its floor
        return Vars.merge(new Location(playbook.dir().resolve("defaults.yaml"), 0), playbook.defaults(), d, inv);
    }
}
