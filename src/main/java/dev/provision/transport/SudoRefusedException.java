package dev.provision.transport;

import dev.provision.UnreachableException;
import dev.provision.inventory.Host;

/**
 * sudo would not run a command as root (wrong or missing password, no sudo rights): exit 3, like
 * a refused login, since no step on the host can be run until the credentials are fixed.
 */
public final class SudoRefusedException extends UnreachableException {
    private final String reason;

    public SudoRefusedException(Host host, String reason) {
        super(host.label() + ": cannot run commands as root: " + reason, null);
        this.reason = reason;
    }

    /** Why, without the host's name: "sudo needs a password: ...". */
    public String reason() {
        return reason;
    }
}
