package dev.provision.playbook;

import dev.provision.ops.Op;
import java.time.Duration;
import java.util.List;

/**
 * A step ready to run on one host: its operation with every variable applied.
 *
 * @param timeout the budget every command of the step shares on the host
 */
public record CompiledStep(String name, Op op, List<String> notifies, Duration timeout, Location location) {}
