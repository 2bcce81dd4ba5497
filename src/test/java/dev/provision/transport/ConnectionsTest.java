package dev.provision.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.ProvisionException;
import dev.provision.ExitCode;
import dev.provision.inventory.Host;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConnectionsTest {
    static Host host(String name) {
        return new Host(name, "198.18.0." + (name.hashCode() & 0x7f), 22, "root", Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Set.of(), Map.of());
    }

    static final class Stub implements Connector {
        final Host host;
        volatile boolean closed;

        Stub(Host host) {
            this.host = host;
        }

        @Override
        public Host host() {
            return host;
        }

        @Override
        public ExecResult run(RemoteCommand command) {
            return new ExecResult(0, "", "", Duration.ZERO);
        }

        @Override
        public void putFile(String remotePath, byte[] content, FileAttrs attrs) {}

        @Override
        public void putFile(String remotePath, Path localFile, FileAttrs attrs) {}

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void oneFailingHostDoesNotStopTheOthersAndOrderIsKept() {
        var hosts = List.of(host("a"), host("dead"), host("c"), host("bug"));
        var opened = new ConcurrentHashMap<String, Stub>();
        ConnectorFactory f = h -> switch (h.name()) {
            case "dead" -> throw ProvisionException.unreachable(h.label() + ": no route to host", null);
            case "bug" -> throw new IllegalStateException("oops");
            default -> opened.computeIfAbsent(h.name(), n -> new Stub(h));
        };
        var seen = new CopyOnWriteArrayList<String>();
        try (var cs = Connections.open(hosts, f, 2, a -> seen.add(a.host().name()))) {
            assertEquals(List.of("a", "dead", "c", "bug"), cs.attempts().stream().map(a -> a.host().name()).toList());
            assertEquals(Set.of("a", "dead", "c", "bug"), Set.copyOf(seen), "told of every attempt");
            assertEquals(List.of("a", "c"), cs.connected().stream().map(c -> c.host().name()).toList());
            assertFalse(cs.allConnected());
            var failures = cs.failures();
            assertEquals(ExitCode.UNREACHABLE, failures.get(0).failure().orElseThrow().exitCode());
            assertTrue(failures.get(0).failure().get().getMessage().endsWith("no route to host"));
            assertEquals(ExitCode.FAILED, failures.get(1).failure().orElseThrow().exitCode());
            assertTrue(cs.of(hosts.get(0)).isPresent());
            assertTrue(cs.of(hosts.get(1)).isEmpty());
        }
        assertTrue(opened.values().stream().allMatch(s -> s.closed), "close() closes every connection");
    }

    @Test
    void hostsAreOpenedInParallelButNeverMoreThanForks() throws Exception {
        var running = new AtomicInteger();
        var peak = new AtomicInteger();
        var threeAtOnce = new CountDownLatch(3);
        ConnectorFactory f = h -> {
            int now = running.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            threeAtOnce.countDown();
            try {
                // The first three wait for each other: only parallel opening gets past this quickly.
                threeAtOnce.await(5, TimeUnit.SECONDS);
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return new Stub(h);
        };
        var hosts = List.of(host("h1"), host("h2"), host("h3"), host("h4"), host("h5"), host("h6"), host("h7"));
        long start = System.nanoTime();
        try (var cs = Connections.open(hosts, f, 3, a -> {})) {
            assertTrue(cs.allConnected());
        }
        assertEquals(3, peak.get());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 4, "opened in parallel");
    }
}
