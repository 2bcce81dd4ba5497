package dev.provision.engine;

import dev.provision.ProvisionException;
import dev.provision.UnreachableException;
import dev.provision.inventory.Host;
import dev.provision.parallel.Forks;
import dev.provision.transport.Connector;
import dev.provision.transport.ConnectorFactory;
import dev.provision.transport.HeldCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The first phase of a run that changes hosts: connect to every host and take its lock (see
 * {@link HostLock}), all before the first change anywhere. If another run holds any host, every
 * lock taken is let go again and the run changes nothing (exit 4), so two runs never interleave
 * their changes, whoever started first.
 */
final class Locks {
    static final Locks NONE = new Locks();

    private final Map<String, Connector> connectors = new ConcurrentHashMap<>();
    private final Map<String, HeldCommand> held = new ConcurrentHashMap<>();
    /** Hosts that will not run: unreachable, or no lock to be had. */
    private final Map<String, HostResult> early = new ConcurrentHashMap<>();
    /** host -> the run holding it. */
    private final Map<String, String> busy = new ConcurrentHashMap<>();

    private Locks() {}

    static Locks take(List<Host> hosts, ConnectorFactory factory, UpOptions options, RunEvents events) {
        return take(hosts, factory, options, events, "up");
    }

    /** @param command the run's command, as another run that finds the host busy names it */
    static Locks take(List<Host> hosts, ConnectorFactory factory, UpOptions options, RunEvents events, String command) {
        var locks = new Locks();
        String about = HostLock.about(command);
        Forks.map(hosts, options.forks(), h -> {
            locks.takeOne(h, factory, about, options, events);
            return null;
        }, (h, e) -> {
            locks.early.put(h.name(), new HostResult(h.name(), false, "taking the host's lock: " + e, List.of(), 0));
            return null;
        });
        if (locks.anyBusy()) locks.releaseAll();
        return locks;
    }

    private void takeOne(Host h, ConnectorFactory factory, String about, UpOptions options, RunEvents events) {
        long t0 = System.nanoTime();
        Connector c;
        try {
            c = factory.open(h);
        } catch (ProvisionException e) {
            events.hostUnreachable(h.name(), e.getMessage());
            early.put(h.name(), new HostResult(h.name(), true, e.getMessage(), List.of(), seconds(t0)));
            return;
        }
        connectors.put(h.name(), c);
        try {
            HostLock.Outcome o = HostLock.take(c, about, options.lockWait());
            if (o instanceof HostLock.Held got) held.put(h.name(), got.holder());
            else if (o instanceof HostLock.Busy b) busy.put(h.name(), b.holder());
        } catch (ProvisionException e) {
            boolean lost = e instanceof UnreachableException;
            if (lost) events.hostUnreachable(h.name(), e.getMessage());
            else events.hostFailed(h.name(), e.getMessage());
            early.put(h.name(), new HostResult(h.name(), lost, e.getMessage(), List.of(), seconds(t0)));
            closeQuietly(c);
            connectors.remove(h.name());
        }
    }

    boolean anyBusy() {
        return !busy.isEmpty();
    }

    /** Every host's result when the run is refused: the busy ones name their holder. */
    List<HostResult> refusal(List<Host> hosts) {
        String first = busy.keySet().stream().sorted().findFirst().orElse("?");
        List<HostResult> out = new ArrayList<>();
        for (Host h : hosts) {
            String holder = busy.get(h.name());
            if (holder != null) {
                out.add(new HostResult(h.name(), false, "another run holds this host: " + holder, List.of(), 0, holder));
            } else if (early.containsKey(h.name())) {
                out.add(early.get(h.name()));
            } else {
                out.add(new HostResult(h.name(), false, "not run: another run holds " + first + " (nothing was changed)",
                        List.of(), 0, busy.get(first)));
            }
        }
        return out;
    }

    HostResult early(String host) {
        return early.get(host);
    }

    Connector connector(String host) {
        return connectors.get(host);
    }

    HeldCommand lock(String host) {
        return held.get(host);
    }

    /** Lets go of every lock and connection (a run that closes them itself: down's phases). */
    void releaseAll() {
        held.values().forEach(HeldCommand::close);
        held.clear();
        connectors.values().forEach(Locks::closeQuietly);
        connectors.clear();
    }

    private static void closeQuietly(Connector c) {
        try {
            c.close();
        } catch (RuntimeException ignored) {
            // a connection that broke: nothing to release
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
