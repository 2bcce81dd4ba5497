package dev.provision.probes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/** Tries a TCP connection from the controller: does a port answer? */
public interface PortChecker {
    /**
     * @return empty when the connection was accepted, else why not ("refused", "timed out")
     */
    Optional<String> connect(String address, int port);

    /** Real TCP connects, each bounded by {@code timeout}. */
    static PortChecker tcp(Duration timeout) {
        return (address, port) -> {
            try (var s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), Math.toIntExact(timeout.toMillis()));
                return Optional.empty();
            } catch (SocketTimeoutException e) {
                return Optional.of("no answer in " + timeout.toMillis() + " ms (filtered)");
            } catch (IOException e) {
                String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                return Optional.of(m.toLowerCase(java.util.Locale.ROOT));
            }
        };
    }
}
