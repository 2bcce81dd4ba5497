package dev.provision.transport;

import dev.provision.inventory.Host;

/** Opens the one connection a run keeps to a host. */
public interface ConnectorFactory {
    /**
     * Connects and authenticates.
     *
     * @throws dev.provision.ProvisionException with exit 3 when the host cannot be reached,
     *     its host key is unknown or changed, or authentication fails; the message says why
     */
    Connector open(Host host);
}
