package dev.provision.lab;

import java.util.Optional;

/** One host as {@code lab status} sees it: running (with its nspawn pid) or not. */
public record HostStatus(LabHost host, Optional<Long> pid) {
    public boolean running() {
        return pid.isPresent();
    }
}
