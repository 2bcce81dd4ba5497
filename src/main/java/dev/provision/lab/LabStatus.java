package dev.provision.lab;

import java.util.List;
import java.util.Optional;

/** A lab as it is now; {@code state} empty means no lab of that name is up. */
public record LabStatus(String name, Optional<LabState> state, List<HostStatus> hosts, boolean packageCacheRunning) {
    public boolean exists() {
        return state.isPresent();
    }

    public boolean allRunning() {
        return exists() && hosts.stream().allMatch(HostStatus::running) && packageCacheRunning;
    }
}
