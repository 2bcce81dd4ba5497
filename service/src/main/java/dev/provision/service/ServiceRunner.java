package dev.provision.service;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What both sample services do around their routes: parse the options, listen, log, find the
 * broker in the background, and stop gracefully on SIGTERM.
 * Exit status: 0 on help or a clean stop, 1 if it cannot listen, 2 on bad arguments.
 */
final class ServiceRunner {
    /** Handlers are short; a fixed pool bounds the threads a burst of connections can take. */
    static final int WORKER_THREADS = 16;

    /** Builds a service's routes once the port is known; may register what to do on connecting. */
    interface RoutesFactory {
        JsonHandler create(ServiceOptions options, int port, Health health, Broker broker);
    }

    private ServiceRunner() {}

    static void main(String[] args, Program program, RoutesFactory factory) {
        ServiceOptions options;
        try {
            options = ServiceOptions.parse(args, program);
        } catch (UsageException e) {
            System.err.println(program.name + ": " + e.getMessage() + " (see --help)");
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(ServiceOptions.usage(program));
            return;
        }
        options = withDefaults(options);
        try {
            start(options, factory);
        } catch (IOException e) {
            System.err.println(program.name + ": cannot listen on " + options.bind + ":" + options.port
                    + ": " + e.getMessage());
            System.exit(1);
        }
    }

    private static ServiceOptions withDefaults(ServiceOptions options) {
        String replica = options.replica != null ? options.replica : HostIdentity.hostName();
        String address = options.address != null
                ? options.address
                : HostIdentity.firstNonLoopbackIpv4().orElse("127.0.0.1");
        return options.withIdentity(replica, address);
    }

    private static void start(ServiceOptions options, RoutesFactory factory) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(options.bind, options.port), 128);
        int port = server.getAddress().getPort();
        Health health = new Health();
        Broker broker = Broker.of(options);
        JsonHandler routes = factory.create(options, port, health, broker);
        ExecutorService workers = Executors.newFixedThreadPool(WORKER_THREADS, namedThreads());
        server.createContext("/", routes);
        server.setExecutor(workers);
        Runtime.getRuntime().addShutdownHook(new Thread(
                new GracefulStop(server, workers, health, routes, broker, options.drainSeconds,
                        options.responseDelayMs),
                "graceful-stop"));
        server.start();
        Log.info("started: service=" + options.serviceName + " replica=" + options.replica
                + " address=" + options.address + " listen=" + options.bind + ":" + port
                + " drain-seconds=" + options.drainSeconds + " pid=" + ProcessHandle.current().pid()
                + " java=" + System.getProperty("java.version")
                + " broker=" + (broker.configured()
                        ? options.brokerService + "@" + options.consulHttp : "none"));
        broker.start();
    }

    private static ThreadFactory namedThreads() {
        AtomicInteger next = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "http-worker-" + next.incrementAndGet());
            thread.setDaemon(true); // the server's dispatcher thread is what keeps the JVM up
            return thread;
        };
    }
}
