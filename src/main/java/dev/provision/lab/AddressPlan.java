package dev.provision.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * Who gets which address in a lab subnet: the bridge (and the package cache) .1, consul-server
 * .10, lb .11, consul-N .(10+N) for the further Consul servers (N 2-7), web-N .(20+N). Fixed
 * offsets keep a host's address stable when replicas or servers are added.
 */
public final class AddressPlan {
    private final Subnet subnet;

    public AddressPlan(Subnet subnet) {
        this.subnet = subnet;
    }

    /** The bridge's own address: the hosts' default gateway and the package cache. */
    public String bridgeAddress() {
        return subnet.address(1);
    }

    /** Every host of a lab with {@code replicas} service replicas and one Consul server, in a stable order. */
    public List<LabHost> hosts(int replicas) {
        return hosts(replicas, 1);
    }

    /** Every host of a lab with {@code replicas} replicas and {@code consulServers} Consul servers, in a stable order. */
    public List<LabHost> hosts(int replicas, int consulServers) {
        var hosts = new ArrayList<LabHost>();
        hosts.add(new LabHost("consul-server", LabHost.CONSUL_SERVERS, subnet.address(10), "cs"));
        for (int n = 2; n <= consulServers; n++) {
            hosts.add(new LabHost("consul-" + n, LabHost.CONSUL_SERVERS, subnet.address(10 + n), "c" + n));
        }
        hosts.add(new LabHost("lb", LabHost.LOAD_BALANCERS, subnet.address(11), "lb"));
        for (int n = 1; n <= replicas; n++) {
            hosts.add(new LabHost("web-" + n, LabHost.SERVICES, subnet.address(20 + n), "w" + n));
        }
        return hosts;
    }

    public Subnet subnet() {
        return subnet;
    }
}
