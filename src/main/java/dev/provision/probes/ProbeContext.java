package dev.provision.probes;

import dev.provision.deployment.Deployment;
import dev.provision.inventory.Host;
import dev.provision.inventory.Inventory;
import dev.provision.inventory.Role;
import dev.provision.report.Captured;
import dev.provision.report.Rotation;
import dev.provision.report.Timeline;
import dev.provision.transport.Connector;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What every probe works with: the inventory and its settings, a connector per reachable host,
 * the balancer, and the evidence found so far (which probes also add to).
 */
public final class ProbeContext {
    private final Inventory inventory;
    private final Deployment deployment;
    private final Map<String, Connector> connectors;
    private final Map<String, String> unreachable;
    private final Balancer balancer;
    private final PortChecker ports;
    private final VerifyOptions options;

    private final java.util.Deque<Runnable> undo = new java.util.ArrayDeque<>();
    private volatile java.util.function.Supplier<String> haproxyStats =
            () -> "(not captured: no reader of HAProxy's stats was given)";
    private Captured captured = Captured.NONE;
    private Optional<Rotation> rotation = Optional.empty();
    private Optional<Timeline> maintenance = Optional.empty();
    private Optional<Timeline> failover = Optional.empty();
    private final java.util.LinkedHashMap<String, dev.provision.report.ServiceRotation> rotations = new java.util.LinkedHashMap<>();
    private Optional<dev.provision.report.Delivery> delivery = Optional.empty();
    private Optional<dev.provision.report.Delivery> brokerRestart = Optional.empty();
    private volatile Http http;

    /**
     * @param connectors host name -> open connector, for every host that could be reached
     * @param unreachable host name -> why it could not be reached; with any, failing probes are
     *     not asked again and nothing waits for the deployment to settle
     */
    public ProbeContext(Inventory inventory, Deployment deployment, Map<String, Connector> connectors,
            Map<String, String> unreachable, Balancer balancer, PortChecker ports, VerifyOptions options) {
        this.inventory = inventory;
        this.deployment = deployment;
        this.connectors = Map.copyOf(connectors);
        this.unreachable = Map.copyOf(unreachable);
        this.balancer = balancer;
        // Connections are opened once, before the probes: no retry reaches an unreachable host,
        // and the run exits 3 anyway. Waiting out the settle time would only delay saying so.
        this.options = unreachable.isEmpty() ? options : options.withSettle(Duration.ZERO);
        this.ports = ports;
        this.http = Http.direct(this.options.requestTimeout());
    }

    /** HTTP from the controller to the gateway and to instances' own addresses. */
    public Http http() {
        return http;
    }

    /** Replaces how {@link #http()} sends (a fake, in tests). */
    public void useHttp(Http h) {
        http = h;
    }

    private volatile List<ServiceTarget> services;

    /** The declared services, from the deployment model. */
    public List<ServiceTarget> services() {
        List<ServiceTarget> s = services;
        return s != null ? s : ServiceTarget.of(deployment);
    }

    /** Replaces the declared services (tests, before the model declares more than one). */
    public void useServices(List<ServiceTarget> s) {
        services = List.copyOf(s);
    }

    /** The broker hosts (group {@code brokers}); empty when the deployment has no broker. */
    public List<Host> brokers() {
        return inventory.hostsIn(Brokers.GROUP);
    }

    public synchronized java.util.Map<String, dev.provision.report.ServiceRotation> serviceRotations() {
        return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rotations));
    }

    public synchronized void recordServiceRotation(dev.provision.report.ServiceRotation r) {
        rotations.put(r.service(), r);
    }

    public synchronized Optional<dev.provision.report.Delivery> delivery() {
        return delivery;
    }

    public synchronized void recordDelivery(dev.provision.report.Delivery d) {
        delivery = Optional.of(d);
    }

    public synchronized Optional<dev.provision.report.Delivery> brokerRestart() {
        return brokerRestart;
    }

    public synchronized void recordBrokerRestart(dev.provision.report.Delivery d) {
        brokerRestart = Optional.of(d);
    }

    public Inventory inventory() {
        return inventory;
    }

    public Deployment deployment() {
        return deployment;
    }

    public Balancer balancer() {
        return balancer;
    }

    public PortChecker ports() {
        return ports;
    }

    public VerifyOptions options() {
        return options;
    }

    /** Where {@link #haproxyStats()} reads from: the stats page, as the command set it up. */
    public void readHaproxyStatsWith(java.util.function.Supplier<String> reader) {
        haproxyStats = reader;
    }

    /**
     * HAProxy's stats as CSV, read now; a text in parentheses saying why when it cannot be read
     * (so the caller reports it rather than mistaking it for "no servers").
     */
    public String haproxyStats() {
        try {
            String s = haproxyStats.get();
            return s == null ? "(not captured: no answer)" : s;
        } catch (RuntimeException e) {
            return "(not captured: " + e.getMessage() + ")";
        }
    }

    public List<Host> replicas() {
        return inventory.hostsWith(Role.SERVICE);
    }

    /** The host's connector, if it was reached. */
    public Optional<Connector> connector(Host h) {
        return Optional.ofNullable(connectors.get(h.name()));
    }

    /** Why a host could not be reached, if it could not. */
    public Optional<String> unreachableReason(Host h) {
        return Optional.ofNullable(unreachable.get(h.name()));
    }

    /** The connector, or a {@link HostUnreachable} naming the host and why. */
    public Connector require(Host h) {
        return connector(h).orElseThrow(() -> new HostUnreachable(h, unreachable.getOrDefault(h.name(), "not connected")));
    }

    public synchronized Captured captured() {
        return captured;
    }

    public synchronized void capture(Function<Captured, Captured> change) {
        captured = change.apply(captured);
    }

    public synchronized Optional<Rotation> rotation() {
        return rotation;
    }

    public synchronized void recordRotation(Rotation r) {
        rotation = Optional.of(r);
    }

    public synchronized Optional<Timeline> maintenance() {
        return maintenance;
    }

    public synchronized void recordMaintenance(Timeline t) {
        maintenance = Optional.of(t);
    }

    public synchronized Optional<Timeline> failover() {
        return failover;
    }

    public synchronized void recordFailover(Timeline t) {
        failover = Optional.of(t);
    }

    /**
     * Registers how to undo a change a probe just made, so an interrupted run (Ctrl-C) can still
     * restore it from a shutdown hook; the probe calls {@link #undone} once it restored it itself.
     */
    public synchronized Runnable pushUndo(Runnable restore) {
        undo.push(restore);
        return restore;
    }

    /** The change registered with {@link #pushUndo} was restored by the probe. */
    public synchronized void undone(Runnable restore) {
        undo.remove(restore);
    }

    /** Runs every pending undo, newest first (from a shutdown hook); each at most once. */
    public void runPendingUndo() {
        while (true) {
            Runnable r;
            synchronized (this) {
                r = undo.poll();
            }
            if (r == null) return;
            try {
                r.run();
            } catch (RuntimeException ignored) {
                // Best effort while the process is going down: try the others too.
            }
        }
    }

    /** Thrown by {@link #require} when a probe needs a host that was not reached. */
    public static final class HostUnreachable extends RuntimeException {
        private final transient Host host;

        public HostUnreachable(Host host, String why) {
            super(host.label() + " is unreachable: " + why);
            this.host = host;
        }

        public Host host() {
            return host;
        }
    }
}
