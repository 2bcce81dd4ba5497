package dev.provision.probes;

import dev.provision.transport.Connector;
import dev.provision.transport.ExecResult;
import dev.provision.transport.RemoteCommand;
import dev.provision.transport.Shell;
import java.time.Duration;
import java.util.List;

/**
 * Asks an HTTP API that listens only on a host's loopback (Consul's, on 127.0.0.1:8500) from
 * the host itself. Uses bash's /dev/tcp rather than curl: minimal hosts (and the lab's) have
 * bash but not necessarily curl, and the probe must not install anything.
 */
public final class LoopbackHttp {
    private static final String SCRIPT = "exec 3<>/dev/tcp/127.0.0.1/\"$1\" || exit 7\n"
            + "printf 'GET %s HTTP/1.0\\r\\nHost: 127.0.0.1\\r\\nAccept: application/json\\r\\n\\r\\n' \"$2\" >&3\n"
            + "timeout 10 cat <&3";

    private LoopbackHttp() {}

    /** The command that prints the raw response of GET {@code path} on the host's loopback port. */
    public static RemoteCommand command(int port, String path) {
        return RemoteCommand.of(List.of("timeout", "15", "bash", "-c", SCRIPT, "loopback-http", String.valueOf(port), path))
                .withTimeout(Duration.ofSeconds(20));
    }

    /** Runs the request on the host and parses the answer; a failed command is a failed answer. */
    public static HttpAnswer get(Connector c, int port, String path) {
        ExecResult r = c.run(command(port, path));
        if (r.exitStatus() == 7) {
            return HttpAnswer.failed("nothing listens on 127.0.0.1:" + port + " on " + c.host().name());
        }
        if (!r.ok() && r.stdout().isEmpty()) {
            return HttpAnswer.failed("request on " + c.host().name() + " failed (exit " + r.exitStatus() + "): "
                    + r.errorText());
        }
        return HttpAnswer.parse(r.stdout());
    }

    /** For messages: what was asked. */
    public static String describe(int port, String path) {
        return "GET http://127.0.0.1:" + port + Shell.quote(path).replace("'", "");
    }
}
