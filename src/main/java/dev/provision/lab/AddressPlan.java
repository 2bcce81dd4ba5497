package dev.provision.lab;

import java.util.ArrayList;
import java.util.List;

/**
 * Who gets which address in a lab subnet: the bridge (and the package cache) .1, consul-server
 * .10, lb .11, web-N .(20+N). Fixed offsets keep a host's address stable when replicas are added.
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

    /** Every host of a lab with {@code replicas} service replicas, in a stable order. */
    public List<LabHost> hosts(int replicas) {
        var hosts = new ArrayList<LabHost>();
        hosts.add(new LabHost("consul-server", LabHost.CONSUL_SERVERS, subnet.address(10), "cs"));
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
