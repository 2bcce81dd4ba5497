package dev.provision.probes;

import dev.provision.deployment.Deployment;
import dev.provision.inventory.Host;
import java.util.List;
import java.util.Optional;

/**
 * The names the publish/subscribe probes rely on, as the broker role and the sample services
 * define them (issue 11's contracts B and C): the broker group and unit, the samples' API. The
 * probes run only when the deployment has a broker and both samples.
 */
final class Brokers {
    /** The inventory group of the broker hosts. */
    static final String GROUP = "brokers";
    /** The broker's systemd unit, restarted by the broker-restart measurement. */
    static final String UNIT = "nats-server";
    /** The sample service that publishes: POST its route answers 202 and publishes one event. */
    static final String PUBLISHER = "orders";
    /** The sample service that subscribes (a queue group and a plain subscription) and tells what it got. */
    static final String SUBSCRIBER = "web";
    /** What a subscriber answers about one batch. */
    static final String EVENTS_PATH = "/events?batch=";

    private Brokers() {}

    /** The publisher and the subscriber, when the deployment has a broker and declares both. */
    static Optional<Pair> of(Deployment d, List<ServiceTarget> services) {
        List<Host> brokers = d.inventory().hostsIn(GROUP);
        if (brokers.isEmpty()) return Optional.empty();
        var pub = services.stream().filter(s -> s.name().equals(PUBLISHER)).findFirst();
        var sub = services.stream().filter(s -> s.name().equals(SUBSCRIBER)).findFirst();
        if (pub.isEmpty() || sub.isEmpty()) return Optional.empty();
        return Optional.of(new Pair(pub.get(), sub.get(), brokers));
    }

    /** Who publishes, who subscribes, and the brokers in between. */
    record Pair(ServiceTarget publisher, ServiceTarget subscriber, List<Host> brokers) {
        /** The path events are published through the gateway: the publisher's route ("/orders"). */
        String publishPath() {
            String r = publisher.route();
            return r.length() > 1 && r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
        }
    }
}
