package dev.provision.engine;

import dev.provision.transport.Connector;
import dev.provision.transport.HeldCommand;
import dev.provision.transport.RemoteCommand;
import dev.provision.transport.Shell;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One run at a time on a host: a {@code flock} on {@code /run/provision/lock}, held by a
 * command that lives as long as this run's SSH connection. A run that is killed (even with -9)
 * or whose connection drops loses its lock by itself within a second, because the holder's next
 * heartbeat line goes into a closed channel: no stale lock is ever left to clean up, and two
 * controllers are covered as well as two runs on one.
 */
final class HostLock {
    static final String LOCK = "/run/provision/lock";
    static final String HOLDER = LOCK + ".holder";
    static final String READY = "provision-lock-held";
    static final String BUSY = "provision-lock-busy";
    /** flock's exit status when the lock stayed taken for the whole wait. */
    static final int BUSY_STATUS = 75;

    /** The outcome: the lock held, or who holds it. */
    sealed interface Outcome permits Held, Busy {}

    record Held(HeldCommand holder) implements Outcome {}

    /** @param holder what the holding run wrote about itself (command, controller, pid, since) */
    record Busy(String holder) implements Outcome {}

    private HostLock() {}

    /**
     * Takes the host's lock, waiting up to {@code wait} for a run that holds it.
     *
     * @param about this run, as the holder file will show it to a run that finds the host busy
     * @throws dev.provision.ProvisionException exit 1 when the host cannot lock at all (no flock),
     *     exit 3 when the connection is lost
     */
    static Outcome take(Connector connector, String about, Duration wait) {
        var command = RemoteCommand.shell(script(about, wait)).asRoot().withTimeout(wait.plusSeconds(30));
        Connector.Hold hold = connector.hold(command, READY);
        if (hold.holding()) return new Held(hold.running());
        var r = hold.ended();
        if (r.exitStatus() == BUSY_STATUS && r.stdout().startsWith(BUSY)) {
            String holder = r.stdout().substring(BUSY.length()).strip();
            return new Busy(holder.isEmpty() ? "another run (it did not say which)" : holder);
        }
        throw dev.provision.ProvisionException.failed("cannot take the host's lock " + LOCK + ": exit "
                + r.exitStatus() + ": " + r.errorText().strip());
    }

    /**
     * The holder's script. {@code sleep} runs without the lock's descriptor, so a TERM to the
     * shell frees the lock at once; the heartbeat write fails once the controller is gone.
     */
    static String script(String about, Duration wait) {
        String flock = wait.isZero() ? "flock -n 9" : "flock -w " + Math.max(1, wait.toSeconds()) + " 9";
        return "command -v flock >/dev/null || { echo 'flock is not installed (util-linux)' >&2; exit 1; }\n"
                + "mkdir -p /run/provision && exec 9>>" + LOCK + " || exit 1\n"
                + "if ! " + flock + "; then echo " + BUSY + "; cat " + HOLDER + " 2>/dev/null; exit " + BUSY_STATUS + "; fi\n"
                + "printf '%s\\n' " + Shell.quote(about) + " > " + HOLDER + ".new && mv -f " + HOLDER + ".new " + HOLDER + "\n"
                + "echo " + READY + "\n"
                + "while sleep 1 9>&-; do echo . || exit 0; done\n";
    }

    /** How this run describes itself to another run that finds the host busy. */
    static String about(String command) {
        String user = System.getProperty("user.name", "?");
        String controller;
        try {
            controller = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            controller = "?";
        }
        String since = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC).format(Instant.now());
        return "provision " + command + " (pid " + ProcessHandle.current().pid() + " on " + controller
                + ", user " + user + ", since " + since + " UTC)";
    }
}
