package dev.provision.probes;

import java.time.Duration;
import java.util.Optional;

/**
 * HTTP from the controller to an address and port of the deployment (the gateway, a replica's
 * own address from Consul): what the routing and publish/subscribe probes send. Each request on
 * a fresh connection ({@link BalancerClient}); tests give a fake.
 */
public interface Http {
    /** GET {@code path}; never throws for network trouble, it is an answer. */
    HttpAnswer get(String address, int port, String path);

    /** POST {@code path} with a JSON body; never throws for network trouble. */
    HttpAnswer post(String address, int port, String path, String jsonBody);

    /** Plain sockets, each request bounded by {@code timeout}. */
    static Http direct(Duration timeout) {
        return new Http() {
            @Override
            public HttpAnswer get(String address, int port, String path) {
                return BalancerClient.exchange(address, port, "GET", path, null, timeout, Optional.empty());
            }

            @Override
            public HttpAnswer post(String address, int port, String path, String jsonBody) {
                return BalancerClient.exchange(address, port, "POST", path, jsonBody, timeout, Optional.empty());
            }
        };
    }
}
