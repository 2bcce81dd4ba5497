package dev.provision.transport;

/**
 * A remote command kept running while the run needs it, such as the holder of a host's lock:
 * it printed its ready line and runs until {@link #close()}. Closing (or losing the connection,
 * a controller killed with -9 included) ends it on the host.
 */
public interface HeldCommand extends AutoCloseable {
    /** Ends the command on the host and waits (briefly) until it is gone. */
    @Override
    void close();
}
