package dev.provision.transport;

import java.time.Duration;
import java.util.List;

/**
 * A command to run on a host: one POSIX shell command line (built from quoted tokens with
 * {@link #of}, or written as a script with {@link #shell}), run as root through sudo when
 * {@code root} and the login user is not root.
 *
 * @param script the shell command line
 * @param root run with root privileges
 * @param timeout give up (and fail the command) after this long
 */
public record RemoteCommand(String script, boolean root, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    /** A command from argv tokens, each quoted. Runs as the login user. */
    public static RemoteCommand of(String... argv) {
        return new RemoteCommand(Shell.join(List.of(argv)), false, DEFAULT_TIMEOUT);
    }

    /** A command from argv tokens, each quoted. Runs as the login user. */
    public static RemoteCommand of(List<String> argv) {
        return new RemoteCommand(Shell.join(argv), false, DEFAULT_TIMEOUT);
    }

    /** A shell script taken as written: the caller quotes any value in it with {@link Shell#quote}. */
    public static RemoteCommand shell(String script) {
        return new RemoteCommand(script, false, DEFAULT_TIMEOUT);
    }

    public RemoteCommand asRoot() {
        return new RemoteCommand(script, true, timeout);
    }

    public RemoteCommand withTimeout(Duration t) {
        return new RemoteCommand(script, root, t);
    }

    @Override
    public String toString() {
        return (root ? "[root] " : "") + script;
    }
}
