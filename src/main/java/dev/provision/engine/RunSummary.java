package dev.provision.engine;

import java.util.List;

/** Every host's result, secrets masked; decides the exit code. Listeners write it (recap, JSON). */
public record RunSummary(List<HostResult> hosts, double seconds, boolean check) {

    /** 4 if another run held a host, else 3 if a host was unreachable, else 1 if a step failed, else 0. */
    public int exitCode() {
        if (hosts.stream().anyMatch(HostResult::busy)) return dev.provision.ExitCode.BUSY;
        if (hosts.stream().anyMatch(HostResult::unreachable)) return 3;
        if (hosts.stream().anyMatch(HostResult::failed)) return 1;
        return 0;
    }

    public long total(StepResult.Status s) {
        return hosts.stream().mapToLong(h -> h.count(s)).sum();
    }
}
