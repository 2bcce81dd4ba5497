package dev.provision.probes;

import dev.provision.ProvisionException;
import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import dev.provision.inventory.Role;
import java.util.List;
import java.util.Map;

/**
 * What the probes check against, read from the inventory with the same defaults as the
 * playbooks ({@code playbooks/defaults.yaml}): names, ports and paths of the deployment.
 *
 * @param serviceName the Consul service and systemd unit of the replicas
 * @param servicePort the port each replica serves on
 * @param lbPort the balancer's frontend port
 * @param statsPort HAProxy's stats page port
 * @param statsUser HAProxy's stats user
 * @param consulBin the consul binary on every host
 * @param firewallZone the firewalld zone the playbooks manage
 */
public record Deployment(
        String serviceName,
        int servicePort,
        int lbPort,
        int statsPort,
        String statsUser,
        String consulBin,
        String firewallZone) {

    /** Consul's HTTP API; on loopback only (consul_client_addr), so asked from the host itself. */
    public static final int CONSUL_HTTP_PORT = 8500;

    /** Reads the deployment's settings: the service's from the replicas, the balancer's from it. */
    public static Deployment of(Inventory inventory) {
        Map<String, Object> svc = varsOf(inventory.hostsWith(Role.SERVICE));
        Map<String, Object> lb = varsOf(inventory.hostsWith(Role.LOAD_BALANCER));
        Map<String, Object> any = varsOf(inventory.hosts());
        return new Deployment(
                str(svc, "service_name", "web"),
                integer(svc, "service_port", 8080),
                integer(lb, "lb_port", 80),
                integer(lb, "stats_port", 8181),
                str(lb, "stats_user", "admin"),
                str(any, "consul_bin", "/usr/local/bin/consul"),
                str(any, "firewall_zone", "public"));
    }

    /** The balancer the probes send requests to: the first host in load_balancers. */
    public static Host balancer(Inventory inventory) {
        List<Host> lbs = inventory.hostsWith(Role.LOAD_BALANCER);
        if (lbs.isEmpty()) {
            throw ProvisionException.invalidInput(inventory.source() + ": no host in group 'load_balancers'; "
                    + "verify needs a balancer to send requests to");
        }
        return lbs.get(0);
    }

    /** The Consul server the probes ask: the first host in consul_servers. */
    public static Host consulServer(Inventory inventory) {
        List<Host> s = inventory.hostsWith(Role.CONSUL_SERVER);
        if (s.isEmpty()) {
            throw ProvisionException.invalidInput(inventory.source() + ": no host in group 'consul_servers'");
        }
        return s.get(0);
    }

    /**
     * The TCP and UDP ports firewalld must open on a host, as "port/proto": SSH, then what
     * playbooks/10-base.yaml opens for its roles.
     */
    public List<String> firewallPorts(Host h) {
        var ports = new java.util.ArrayList<String>();
        ports.add(h.port() + "/tcp");
        ports.add("8301-8302/tcp");
        ports.add("8301-8302/udp");
        if (h.has(Role.CONSUL_SERVER)) ports.add("8300/tcp");
        if (h.has(Role.SERVICE)) ports.add(servicePort + "/tcp");
        if (h.has(Role.LOAD_BALANCER)) {
            ports.add(lbPort + "/tcp");
            ports.add(statsPort + "/tcp");
        }
        // firewall_extra_ports: more ports the user asked for on this host, space or comma separated.
        Object extra = h.vars().get("firewall_extra_ports");
        if (extra != null) {
            for (String p : extra.toString().split("[\\s,]+")) if (!p.isBlank()) ports.add(p.strip());
        }
        return ports.stream().distinct().toList();
    }

    /** TCP ports that must answer from the controller: each one something listens on. */
    public List<Integer> listeningPorts(Host h) {
        var ports = new java.util.ArrayList<Integer>();
        ports.add(h.port());
        ports.add(8301);
        if (h.has(Role.CONSUL_SERVER)) ports.add(8300);
        if (h.has(Role.SERVICE)) ports.add(servicePort);
        if (h.has(Role.LOAD_BALANCER)) {
            ports.add(lbPort);
            ports.add(statsPort);
        }
        return ports.stream().distinct().toList();
    }

    /** The service instance id the playbooks register ("web-web-1"): service name, dash, host name. */
    public String serviceId(Host replica) {
        return serviceName + "-" + replica.name();
    }

    private static Map<String, Object> varsOf(List<Host> hosts) {
        return hosts.isEmpty() ? Map.of() : hosts.get(0).vars();
    }

    private static String str(Map<String, Object> vars, String key, String dflt) {
        Object v = vars.get(key);
        return v == null || v.toString().isBlank() ? dflt : v.toString();
    }

    private static int integer(Map<String, Object> vars, String key, int dflt) {
        Object v = vars.get(key);
        if (v == null) return dflt;
        if (v instanceof Number n) return n.intValue();
        try {
            return Integer.parseInt(v.toString().strip());
        } catch (NumberFormatException e) {
            throw ProvisionException.invalidInput("inventory variable " + key + " must be a port number, got '" + v + "'");
        }
    }
}
