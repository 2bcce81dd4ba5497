package dev.provision.service;

/**
 * The sample microservice deployed as replicas behind the balancer: JDK only, Java 11+; with a
 * broker it also takes the {@code orders.created} events (a queue-group member and a plain
 * subscriber). See {@code service/README.md}.
 */
public final class WebService {
    static final String PROGRAM = Program.WEB.name;

    private WebService() {}

    public static void main(String[] args) {
        ServiceRunner.main(args, Program.WEB, (options, port, health, broker) -> {
            EventLog events = new EventLog();
            broker.onConnected(connection -> Subscriptions.subscribe(connection, events, options.replica));
            return new Routes(options, port, health, broker, events);
        });
    }
}
