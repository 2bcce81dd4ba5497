package dev.provision.probes;

import dev.provision.inventory.Host;
import dev.provision.report.ProbeResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Consul's catalog holds exactly one passing instance of the service per replica in the
 * inventory, at the replica's address and the service port, and none elsewhere.
 */
public final class CatalogProbe implements Probe {
    @Override
    public String id() {
        return "catalog";
    }

    @Override
    public String title() {
        return "Catalog: one passing instance per replica, at its address and port";
    }

    @Override
    public ProbeResult run(ProbeContext ctx) {
        long start = System.nanoTime();
        List<Host> replicas = ctx.replicas();
        int port = ctx.deployment().servicePort();
        String service = ctx.deployment().serviceName();
        String expected = replicas.size() + " passing instances of '" + service + "': "
                + String.join(", ", replicas.stream().map(h -> h.name() + " at " + h.address() + ":" + port).toList());
        ConsulCatalog.Read read = ConsulCatalog.passing(ctx);
        ctx.capture(c -> c.withConsulCatalog(read.raw()));
        if (!read.ok()) {
            return ProbeResult.failed(id(), title(), expected, "catalog not readable", took(start), read.error(),
                    List.of());
        }
        var problems = new ArrayList<String>();
        var details = new ArrayList<String>();
        for (ConsulCatalog.Instance i : read.instances()) {
            details.add(i.node() + ": " + i.serviceId() + " at " + i.address() + ":" + i.port() + " passing");
        }
        for (Host r : replicas) {
            var mine = read.instances().stream().filter(i -> i.node().equals(r.name())).toList();
            if (mine.isEmpty()) {
                problems.add(r.name() + " has no passing instance");
            } else if (mine.size() > 1) {
                problems.add(r.name() + " has " + mine.size() + " passing instances, expected one");
            } else {
                var i = mine.get(0);
                if (!i.address().equals(r.address()) || i.port() != port) {
                    problems.add(r.name() + " is registered at " + i.address() + ":" + i.port() + ", expected "
                            + r.address() + ":" + port);
                }
            }
        }
        for (ConsulCatalog.Instance i : read.instances()) {
            if (replicas.stream().noneMatch(r -> r.name().equals(i.node()))) {
                problems.add("instance " + i.serviceId() + " on " + i.node() + " is not a replica in the inventory");
            }
        }
        String actual = read.instances().size() + " passing: " + String.join(", ",
                read.instances().stream().map(i -> i.node() + " at " + i.address() + ":" + i.port()).toList());
        return ProbeResult.of(problems.isEmpty(), id(), title(), expected, actual, took(start),
                String.join("; ", problems), details);
    }

    private static Duration took(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
