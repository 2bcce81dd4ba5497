package dev.provision.engine;

import dev.provision.Secret;
import dev.provision.artifacts.ResolvedArtifact;
import dev.provision.deployment.Deployment;
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
