package dev.provision.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Everything one {@code provision verify} run measured: what the report writers render.
 *
 * @param toolVersion provision's version
 * @param commandLine the exact command that produced it
 * @param inventoryPath the inventory file
 * @param inventorySha256 hex SHA-256 of the inventory file's bytes
 * @param startedAt when the run started
 * @param endedAt when it ended
 * @param topology the deployment, for the diagram
 * @param probes every probe's result, in the order they ran
 * @param rotation what the round-robin probe saw, if it ran
 * @param maintenance the maintenance-mode timeline, if measured
 * @param failover the failover timeline, if measured
 * @param captured raw state from Consul and HAProxy
 * @param requiredProbes ids of the probes that must have run and passed for the evidence to pass
 * @param services what the routing probe saw per declared service, in declaration order
 * @param delivery what the publish/subscribe probe measured, if it ran
 * @param brokerRestart what the broker-restart measurement counted, if it ran
 */
public record Evidence(
        String toolVersion,
        String commandLine,
        String inventoryPath,
        String inventorySha256,
        Instant startedAt,
        Instant endedAt,
        Topology topology,
        List<ProbeResult> probes,
        Optional<Rotation> rotation,
        Optional<Timeline> maintenance,
        Optional<Timeline> failover,
        Captured captured,
        List<String> requiredProbes,
        List<ServiceRotation> services,
        Optional<Delivery> delivery,
        Optional<Delivery> brokerRestart) {

    /** Evidence of a deployment without per-service routing or a broker. */
    public Evidence(String toolVersion, String commandLine, String inventoryPath, String inventorySha256,
            Instant startedAt, Instant endedAt, Topology topology, List<ProbeResult> probes,
            Optional<Rotation> rotation, Optional<Timeline> maintenance, Optional<Timeline> failover,
            Captured captured, List<String> requiredProbes) {
        this(toolVersion, commandLine, inventoryPath, inventorySha256, startedAt, endedAt, topology, probes, rotation,
                maintenance, failover, captured, requiredProbes, List.of(), Optional.empty(), Optional.empty());
    }

    /** Evidence where no probe is required: it passes when one ran and none failed. */
    public Evidence(String toolVersion, String commandLine, String inventoryPath, String inventorySha256,
            Instant startedAt, Instant endedAt, Topology topology, List<ProbeResult> probes,
            Optional<Rotation> rotation, Optional<Timeline> maintenance, Optional<Timeline> failover,
            Captured captured) {
        this(toolVersion, commandLine, inventoryPath, inventorySha256, startedAt, endedAt, topology, probes, rotation,
                maintenance, failover, captured, List.of());
    }

    public Evidence {
        probes = List.copyOf(probes);
        rotation = rotation == null ? Optional.empty() : rotation;
        maintenance = maintenance == null ? Optional.empty() : maintenance;
        failover = failover == null ? Optional.empty() : failover;
        captured = captured == null ? Captured.NONE : captured;
        requiredProbes = requiredProbes == null ? List.of() : List.copyOf(requiredProbes);
        services = services == null ? List.of() : List.copyOf(services);
        delivery = delivery == null ? Optional.empty() : delivery;
        brokerRestart = brokerRestart == null ? Optional.empty() : brokerRestart;
    }

    /** A copy with the routing probe's rotations and the broker measurements. */
    public Evidence withMessaging(List<ServiceRotation> s, Optional<Delivery> d, Optional<Delivery> restart) {
        return new Evidence(toolVersion, commandLine, inventoryPath, inventorySha256, startedAt, endedAt, topology, probes,
                rotation, maintenance, failover, captured, requiredProbes, s, d, restart);
    }

    /** Service -> (instance -> answers) from the routing probe, failed requests left out; empty if it did not run. */
    public Map<String, Map<String, Integer>> distributionByService() {
        var out = new java.util.LinkedHashMap<String, Map<String, Integer>>();
        for (ServiceRotation s : services) {
            var d = new java.util.LinkedHashMap<>(s.rotation().distribution());
            d.remove(Rotation.FAILED);
            out.put(s.service(), d);
        }
        return out;
    }

    /**
     * True when every probe that ran passed (at least one did) and no required probe was
     * skipped or missing: a skipped probe proves nothing, so it may only be an optional one.
     */
    public boolean passed() {
        return probes.stream().noneMatch(ProbeResult::failed) && probes.stream().anyMatch(ProbeResult::passed)
                && missingRequired().isEmpty();
    }

    /** Required probes that did not run and pass (skipped, or absent from the run). */
    public List<String> missingRequired() {
        return requiredProbes.stream()
                .filter(id -> probes.stream().noneMatch(p -> p.id().equals(id) && p.passed()))
                .filter(id -> probes.stream().noneMatch(p -> p.id().equals(id) && p.failed()))
                .toList();
    }

    public List<ProbeResult> skippedProbes() {
        return probes.stream().filter(p -> p.status() == ProbeStatus.SKIPPED).toList();
    }

    public List<ProbeResult> failedProbes() {
        return probes.stream().filter(ProbeResult::failed).toList();
    }

    public Duration duration() {
        return Duration.between(startedAt, endedAt);
    }

    /** Replica -> answers in the round-robin probe (failed requests are not a replica); empty if it did not run. */
    public Map<String, Integer> distribution() {
        var d = new java.util.LinkedHashMap<>(rotation.map(Rotation::distribution).orElse(Map.of()));
        d.remove(Rotation.FAILED);
        return d;
    }

    /** A copy with every free text passed through {@code r}: the one place secrets are masked. */
    public Evidence redacted(UnaryOperator<String> r) {
        return new Evidence(r.apply(toolVersion), r.apply(commandLine), r.apply(inventoryPath), inventorySha256,
                startedAt, endedAt, topology.redacted(r), probes.stream().map(p -> p.redacted(r)).toList(),
                rotation.map(x -> x.redacted(r)), maintenance.map(x -> x.redacted(r)),
                failover.map(x -> x.redacted(r)), captured.redacted(r), requiredProbes,
                services.stream().map(x -> x.redacted(r)).toList(), delivery.map(x -> x.redacted(r)),
                brokerRestart.map(x -> x.redacted(r)));
    }
}
