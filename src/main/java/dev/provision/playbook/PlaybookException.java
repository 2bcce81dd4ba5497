package dev.provision.playbook;

import dev.provision.ProvisionException;
import dev.provision.ExitCode;

/** A mistake in a playbook or template: names file, line and key; exit 2, nothing touched. */
public final class PlaybookException extends ProvisionException {
    public PlaybookException(Location where, String key, String message) {
        super(ExitCode.INVALID_INPUT, where + ": " + (key == null ? "" : key + ": ") + message);
    }
}
