package dev.provision.transport;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/** One-line human reasons for the ways a connection fails, instead of a Java exception's text. */
final class SshErrors {
    private SshErrors() {}

    /** Why connecting failed, for a message that names the host before it. */
    static String connectReason(Throwable e, int port, Duration timeout) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException && String.valueOf(t.getMessage()).contains("refused")) {
                return "connection refused on port " + port + " (is sshd running and listening there?)";
            }
            if (t instanceof NoRouteToHostException) return "no route to host";
            if (t instanceof UnknownHostException) return "unknown host name '" + t.getMessage() + "'";
            if (t instanceof SocketTimeoutException) {
                return "no answer on port " + port + " within " + timeout.toSeconds()
                        + " s (host down, or the port filtered?)";
            }
            String m = String.valueOf(t.getMessage()).toLowerCase();
            if (m.contains("timeout expired") || m.contains("timed out")) {
                return "no SSH answer within " + timeout.toSeconds() + " s";
            }
            if (m.contains("network is unreachable")) return "network is unreachable";
            if (m.contains("host is unreachable")) return "host is unreachable";
        }
        return "cannot connect: " + describe(e);
    }

    /** Why a running connection broke. */
    static String lostReason(Throwable e) {
        return "connection lost: " + describe(e);
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }
}
