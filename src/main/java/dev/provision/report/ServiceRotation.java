package dev.provision.report;

import java.util.function.UnaryOperator;

/**
 * What the routing probe saw for one declared service: the route it asked through the gateway
 * and which instance answered each request.
 *
 * @param service the service's name ("orders")
 * @param route the gateway route asked ("/orders/")
 * @param rotation the answers, in order, against the instances Consul listed as passing
 */
public record ServiceRotation(String service, String route, Rotation rotation) {
    ServiceRotation redacted(UnaryOperator<String> r) {
        return new ServiceRotation(r.apply(service), r.apply(route), rotation.redacted(r));
    }
}
