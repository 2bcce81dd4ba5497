package dev.provision.engine;

import dev.provision.ProvisionException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Lets a rolled handler (playbook key {@code roll:}) run on at most {@code serial} hosts at
 * once across the run, whose hosts otherwise run in parallel. Every participant (a host whose
 * plan has the handler) either enters and leaves, or declines (its handler had nothing to do,
 * or the host stopped earlier); a host that asks to go last enters only when every other
 * participant has left or declined. A host that leaves failing stops the roll: hosts still
 * waiting get {@link Stopped} and are left as they are.
 */
public final class RollGate {
    /** The roll stopped before this host's turn: the host was not touched. */
    public static final class Stopped extends ProvisionException {
        Stopped(String message) {
            super(dev.provision.ExitCode.FAILED, message);
        }
    }

    private final String handler;
    private final int serial;
    /** Participants that have not yet left or declined. */
    private final Set<String> pending;
    private final Set<String> inside = new HashSet<>();
    private final Set<String> waitingLast = new HashSet<>();
    /**
     * Participants waiting for a slot of {@code --forks} (not yet started). A host that goes last
     * does not wait for them: it holds a slot they need, and with {@code --forks 1} it would wait
     * forever. It then goes last among the hosts already running.
     */
    private final Set<String> queued = new HashSet<>();
    /** Hosts in the order they entered (for the report and tests). */
    private final List<String> entered = new ArrayList<>();
    private String stoppedAt;

    public RollGate(String handler, int serial, Set<String> participants) {
        if (serial < 1) throw new IllegalArgumentException("serial must be at least 1, not " + serial);
        this.handler = handler;
        this.serial = serial;
        this.pending = new LinkedHashSet<>(participants);
    }

    public String handler() {
        return handler;
    }

    /**
     * Blocks until this host may run the handler: fewer than {@code serial} inside and, for a
     * host that goes {@code last}, every other participant done.
     *
     * @throws Stopped when the roll stopped (now or while waiting); the host must not run the handler
     */
    public synchronized void enter(String host, boolean last) throws InterruptedException {
        if (!pending.contains(host)) throw new IllegalStateException(host + " is not a participant of " + handler + " (or already left)");
        if (last) waitingLast.add(host);
        try {
            while (stoppedAt == null && (inside.size() >= serial || (last && othersPending(host)))) wait();
        } finally {
            waitingLast.remove(host);
        }
        if (stoppedAt != null) {
            pending.remove(host);
            notifyAll();
            throw new Stopped("not rolled: the roll stopped at " + stoppedAt);
        }
        inside.add(host);
        entered.add(host);
    }

    /** A running participant other than {@code host} and the hosts that also wait to go last has yet to finish. */
    private boolean othersPending(String host) {
        for (String p : pending) if (!p.equals(host) && !waitingLast.contains(p) && !queued.contains(p)) return true;
        return false;
    }

    /** These hosts wait for a slot of {@code --forks}; each is {@link #started} when it gets one. */
    public synchronized void queued(Set<String> hosts) {
        queued.addAll(hosts);
    }

    /** The host got its slot and runs: a host that goes last now waits for it too. */
    public synchronized void started(String host) {
        queued.remove(host);
    }

    /** The host finished its handler; {@code ok == false} stops the roll for everyone still waiting. */
    public synchronized void leave(String host, boolean ok) {
        if (!inside.remove(host)) throw new IllegalStateException(host + " leaves " + handler + " without having entered");
        pending.remove(host);
        if (!ok && stoppedAt == null) stoppedAt = host;
        notifyAll();
    }

    /** The host will not enter (nothing to restart, or it stopped earlier); no-op when it already left. */
    public synchronized void decline(String host) {
        if (inside.contains(host)) return;
        if (pending.remove(host)) notifyAll();
    }

    /** The host that stopped the roll, or null. */
    public synchronized String stoppedAt() {
        return stoppedAt;
    }

    /** Hosts in the order they entered. */
    public synchronized List<String> entered() {
        return List.copyOf(entered);
    }
}
