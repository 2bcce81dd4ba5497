package dev.provision.probes;

/** Sends one request to the balancer's frontend: what the traffic probes drive. */
public interface Balancer {
    /** One GET of "/", on a fresh connection; never throws for network trouble, it is an answer. */
    HttpAnswer get();

    /** Where requests go, for messages: "http://198.18.0.11:80/". */
    String url();
}
