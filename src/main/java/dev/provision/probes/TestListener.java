package dev.provision.probes;

import dev.provision.transport.Connector;
import dev.provision.transport.ExecResult;
import dev.provision.transport.RemoteCommand;
import dev.provision.transport.Shell;
import java.time.Duration;

/**
 * A short-lived TCP listener on a host, so that a port the firewall must close has something
 * behind it: then a refused connection would mean "the firewall let it through", and only a
 * filtered one proves the firewall. It is a few lines of Python (firewalld itself needs Python,
 * so every host that runs firewalld has it), runs as the login user, accepts and closes
 * connections, and exits by itself after {@link #LIFETIME} even if nobody stops it.
 */
final class TestListener implements AutoCloseable {
    static final Duration LIFETIME = Duration.ofSeconds(20);

    /**
     * Binds and listens, then forks: the parent prints the child's pid and exits, so the SSH
     * command returns once the port really listens. Python 2 and 3 alike (CentOS 7's firewalld
     * runs on Python 2).
     */
    static final String SCRIPT = String.join("\n",
            "import os, socket, sys, time",
            "addr, port, life = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])",
            "s = socket.socket(socket.AF_INET6 if ':' in addr else socket.AF_INET)",
            "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
            "s.bind((addr, port))",
            "s.listen(16)",
            "pid = os.fork()",
            "if pid:",
            "    print(pid)",
            "    sys.exit(0)",
            "os.setsid()",
            "null = os.open(os.devnull, os.O_RDWR)",
            "for fd in (0, 1, 2):",
            "    os.dup2(null, fd)",
            "s.settimeout(0.5)",
            "end = time.time() + life",
            "while time.time() < end:",
            "    try:",
            "        c, _ = s.accept()",
            "        c.close()",
            "    except Exception:",
            "        pass",
            "");

    private final Connector connector;
    private final String pid;
    private final String note;

    private TestListener(Connector connector, String pid, String note) {
        this.connector = connector;
        this.pid = pid;
        this.note = note;
    }

    /**
     * Starts a listener on {@code address:port}. When the port is already taken on that
     * address, something listens there anyway: that serves the same purpose, and nothing is started.
     *
     * @throws IllegalStateException when no listener could be put behind the port
     */
    static TestListener start(Connector c, String address, int port) {
        String cmd = "PY=$(command -v python3 || command -v python) || { echo 'no python on the host' >&2; exit 127; }; "
                + "exec \"$PY\" -c " + Shell.quote(SCRIPT) + " " + Shell.quote(address) + " " + port + " "
                + LIFETIME.toSeconds();
        ExecResult r = c.run(RemoteCommand.shell(cmd).withTimeout(Duration.ofSeconds(20)));
        if (r.ok() && r.stdout().strip().matches("\\d+")) {
            return new TestListener(c, r.stdout().strip(), "a test listener (pid " + r.stdout().strip() + ")");
        }
        if (r.errorText().contains("Address already in use")) {
            return new TestListener(c, null, "a program already listening there");
        }
        String err = r.errorText().strip();
        String lastLine = err.isEmpty() ? "exit " + r.exitStatus() : err.substring(err.lastIndexOf('\n') + 1);
        throw new IllegalStateException("could not start a test listener on " + address + ":" + port + ": " + lastLine);
    }

    /** What listens behind the port, in words. */
    String what() {
        return note;
    }

    /** Stops the listener now (it would exit by itself after {@link #LIFETIME}). */
    @Override
    public void close() {
        if (pid != null) connector.run(RemoteCommand.of("kill", pid).withTimeout(Duration.ofSeconds(15)));
    }
}
