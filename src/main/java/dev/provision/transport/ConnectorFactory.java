package dev.provision.transport;

import dev.provision.Secret;
import dev.provision.inventory.Host;
import java.util.List;

/** Opens the one connection a run keeps to a host. */
public interface ConnectorFactory {
    /**
     * Connects and authenticates.
     *
     * @throws dev.provision.ProvisionException with exit 3 when the host cannot be reached,
     *     its host key is unknown or changed, or authentication fails; the message says why
     */
    Connector open(Host host);

    /**
     * Checks, before any host is contacted, what this factory reads on this machine for these
     * hosts (the known_hosts file, key files): a broken file is one input error, not one
     * unreachable host per host.
     *
     * @throws dev.provision.ProvisionException exit 2, naming the file
     */
    default void checkLocalFiles(List<Host> hosts) {}

    /** Secrets this factory holds beyond the inventory's (a password typed at a prompt), for masking. */
    default List<Secret> secrets() {
        return List.of();
    }
}
