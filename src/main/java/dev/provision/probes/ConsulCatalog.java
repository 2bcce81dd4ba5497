package dev.provision.probes;

import dev.provision.inventory.Host;
import dev.provision.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The service's passing instances as Consul's health API lists them
 * ({@code /v1/health/service/<name>?passing}), asked on the Consul server's loopback.
 */
public final class ConsulCatalog {
    private ConsulCatalog() {}

    /**
     * One passing instance.
     *
     * @param node the Consul node (the inventory host name)
     * @param serviceId the instance id ("web-web-1")
     * @param address the address it registered (or the node's, when it gave none)
     * @param port the port it registered
     */
    public record Instance(String node, String serviceId, String address, int port) {}

    /**
     * What was read: the raw JSON (kept as evidence) and the instances.
     *
     * @param error why the read failed; empty when it worked
     */
    public record Read(String raw, List<Instance> instances, String error) {
        public boolean ok() {
            return error.isEmpty();
        }

        /** Node names of the passing instances, in Consul's order. */
        public List<String> nodes() {
            return instances.stream().map(Instance::node).toList();
        }
    }

    public static String path(String service) {
        return "/v1/health/service/" + service + "?passing";
    }

    /** Asks the first Consul server about the replicas' service. */
    public static Read passing(ProbeContext ctx) {
        return passing(ctx, ctx.deployment().serviceName());
    }

    /** Asks the first Consul server about {@code service}'s passing instances. */
    public static Read passing(ProbeContext ctx, String service) {
        Host server = ctx.deployment().consulServer();
        HttpAnswer a = LoopbackHttp.get(ctx.require(server), ctx.deployment().consulHttpPort(), path(service));
        if (!a.ok()) {
            return new Read(a.body(), List.of(), "Consul's health API on " + server.name() + " answered "
                    + a.describe() + (a.body().isBlank() ? "" : ": " + a.body().strip()));
        }
        return parse(a.body());
    }

    /** Parses the health API's JSON array. */
    public static Read parse(String json) {
        Object doc;
        try {
            doc = Json.parse(json);
        } catch (IllegalArgumentException e) {
            return new Read(json, List.of(), "Consul's answer is not JSON: " + e.getMessage());
        }
        if (!(doc instanceof List<?> entries)) {
            return new Read(json, List.of(), "Consul's answer is not a JSON array");
        }
        var out = new ArrayList<Instance>();
        for (Object e : entries) {
            if (!(e instanceof Map<?, ?> entry)) continue;
            Map<?, ?> node = entry.get("Node") instanceof Map<?, ?> m ? m : Map.of();
            Map<?, ?> svc = entry.get("Service") instanceof Map<?, ?> m ? m : Map.of();
            String nodeName = String.valueOf(node.get("Node"));
            String addr = svc.get("Address") instanceof String s && !s.isEmpty() ? s : String.valueOf(node.get("Address"));
            int port = svc.get("Port") instanceof Number n ? n.intValue() : -1;
            out.add(new Instance(nodeName, String.valueOf(svc.get("ID")), addr, port));
        }
        return new Read(json, List.copyOf(out), "");
    }
}
