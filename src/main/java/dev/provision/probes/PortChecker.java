package dev.provision.probes;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Locale;

/**
 * Tries a TCP connection from the controller and says how the port answered. A refused
 * connection (a TCP reset) only shows that nothing listens: a port is proven closed by the
 * firewall when it is filtered (an ICMP reject, "no route to host", or no answer at all).
 */
public interface PortChecker {
    /** How a port answered a connection attempt. */
    enum State {
        /** The connection was accepted: something listens and the firewall lets it through. */
        ACCEPTED,
        /** A TCP reset: the firewall let the packet through, nothing listens. */
        REFUSED,
        /** An ICMP reject or no answer: the firewall stopped the packet. */
        FILTERED
    }

    /**
     * @param state how the port answered
     * @param detail in words, as the controller saw it ("no route to host (ICMP reject)")
     */
    record Answer(State state, String detail) {
        public static Answer accepted() {
            return new Answer(State.ACCEPTED, "accepted");
        }

        public static Answer refused() {
            return new Answer(State.REFUSED, "connection refused");
        }

        public static Answer filtered(String detail) {
            return new Answer(State.FILTERED, detail);
        }

        public String describe() {
            return state == State.ACCEPTED ? "accepted" : state.name().toLowerCase(Locale.ROOT) + " (" + detail + ")";
        }
    }

    Answer check(String address, int port);

    /** Real TCP connects, each bounded by {@code timeout}. */
    static PortChecker tcp(Duration timeout) {
        return (address, port) -> {
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), Math.toIntExact(timeout.toMillis()));
                return Answer.accepted();
            } catch (SocketTimeoutException e) {
                return Answer.filtered("no answer in " + timeout.toMillis() + " ms");
            } catch (NoRouteToHostException e) {
                // firewalld rejects with ICMP admin-prohibited, which Linux reports as EHOSTUNREACH.
                return Answer.filtered("no route to host: an ICMP reject");
            } catch (ConnectException e) {
                String m = message(e);
                return m.contains("refused") ? Answer.refused() : Answer.filtered(m);
            } catch (IOException e) {
                return Answer.filtered(message(e));
            }
        };
    }

    private static String message(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.toLowerCase(Locale.ROOT);
    }
}
