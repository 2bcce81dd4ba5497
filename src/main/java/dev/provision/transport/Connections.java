package dev.provision.transport;

import dev.provision.ExitCode;
import dev.provision.ProvisionException;
import dev.provision.inventory.Host;
import dev.provision.parallel.Forks;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The connections of a run: every host opened in parallel, each either connected or failed with
 * its reason; closing closes them all. What ping, up and verify start from.
 */
public final class Connections implements AutoCloseable {
    private final List<Attempt> attempts;

    private Connections(List<Attempt> attempts) {
        this.attempts = attempts;
    }

    /**
     * How opening one host went: a connector, or the failure (exit 3 for unreachable, 2 for a
     * bad key file).
     */
    public record Attempt(Host host, Optional<Connector> connector, Optional<ProvisionException> failure, Duration took) {
        public boolean connected() {
            return connector.isPresent();
        }
    }

    /**
     * Opens every host, {@code forks} at a time; one host failing does not stop the others.
     * The factory's local files are checked first (exit 2 for a broken one, no host contacted).
     *
     * @param onEach told of each attempt as it finishes (progress output)
     */
    public static Connections open(List<Host> hosts, ConnectorFactory factory, int forks, Consumer<Attempt> onEach) {
        factory.checkLocalFiles(hosts);
        return new Connections(Forks.map(hosts, forks, host -> {
            long start = System.nanoTime();
            try {
                Connector c = factory.open(host);
                return new Attempt(host, Optional.of(c), Optional.empty(), Duration.ofNanos(System.nanoTime() - start));
            } catch (ProvisionException e) {
                return new Attempt(host, Optional.empty(), Optional.of(e), Duration.ofNanos(System.nanoTime() - start));
            }
        }, (host, e) -> new Attempt(host, Optional.empty(),
                Optional.of(new ProvisionException(ExitCode.FAILED, host.label() + ": internal error: " + e, e)), Duration.ZERO), onEach));
    }

    /** Every attempt, in inventory order. */
    public List<Attempt> attempts() {
        return attempts;
    }

    /** The open connectors, in inventory order. */
    public List<Connector> connected() {
        return attempts.stream().flatMap(a -> a.connector().stream()).toList();
    }

    /** The attempts that failed, in inventory order. */
    public List<Attempt> failures() {
        return attempts.stream().filter(a -> !a.connected()).toList();
    }

    public boolean allConnected() {
        return attempts.stream().allMatch(Attempt::connected);
    }

    /** The connector of this host, if it connected. */
    public Optional<Connector> of(Host host) {
        return attempts.stream().filter(a -> a.host().equals(host)).findFirst().flatMap(Attempt::connector);
    }

    /** Closes every open connection. */
    @Override
    public void close() {
        for (Connector c : connected()) {
            try {
                c.close();
            } catch (RuntimeException ignored) {
                // One connection failing to close must not leave the others open.
            }
        }
    }
}
