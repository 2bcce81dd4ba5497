package dev.provision.deployment;

import dev.provision.inventory.Host;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One service of the deployment: the built-in sample {@code web} (from the service_* variables,
 * routed at "/"), or one the inventory declares in its {@code services} list. {@code up} deploys
 * it on its hosts (user, files, unit, Consul registration, firewall port, gateway route);
 * {@code verify} reads it to know what each route must reach.
 *
 * @param name Consul service name, systemd unit, HAProxy backend (its servers {@code name1..N})
 * @param group the inventory group whose hosts run it
 * @param port the port each instance listens on
 * @param health the HTTP path Consul's check and HAProxy's httpchk ask (answers 200 when healthy)
 * @param route the gateway's path prefix ("/" for the default backend, else "/orders": matches
 *     {@code /orders} and {@code /orders/...}, passed on unchanged)
 * @param hosts the group's hosts, in inventory order
 * @param delivery how it gets on the hosts and starts; null for the built-in web (its playbook steps)
 */
public record ServiceSpec(String name, String group, int port, String health, String route, List<Host> hosts,
        Delivery delivery) {

    /** True for the built-in sample web (service_* variables), false for a declared service. */
    public boolean builtin() {
        return delivery == null;
    }

    /** True when this service takes every request no other route matches. */
    public boolean isDefault() {
        return route.equals("/");
    }

    ServiceSpec withHosts(List<Host> resolved) {
        return new ServiceSpec(name, group, port, health, route, List.copyOf(resolved), delivery);
    }

    /**
     * How a declared service is delivered and started.
     *
     * @param kind jar (run with the host's java) or tarball (unpacked into its own folder)
     * @param artifact the file on the controller
     * @param sha256 its SHA-256, as declared or read from the checksum file beside it (checked)
     * @param start for a tarball, the command run in its folder; for a jar, the arguments after
     *     {@code -jar} (words; {@code ${SERVICE_PORT}} and the other SERVICE_* variables expand)
     * @param env environment variables of the unit, in declaration order
     * @param user the system user it runs as
     * @param heap the JVM's maximum heap (jar only)
     * @param packages distribution packages installed on its hosts first (e.g. python3)
     * @param origins field -> where the inventory set it ("inventory.yaml:12: all.vars.services[0].port")
     */
    public record Delivery(Kind kind, Path artifact, String sha256, List<String> start, Map<String, String> env,
            String user, String heap, List<String> packages, Map<String, String> origins) {}

    public enum Kind { JAR, TARBALL }

    /** Where a field of a declared service was written, for messages; the service's line if not set. */
    public String origin(String field) {
        if (delivery == null) return "";
        var o = delivery.origins();
        return o.getOrDefault(field, o.getOrDefault("name", ""));
    }
}
