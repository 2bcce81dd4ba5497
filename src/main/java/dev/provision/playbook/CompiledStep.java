package dev.provision.playbook;

import dev.provision.ops.Op;
import java.util.List;

/** A step ready to run on one host: its operation with every variable applied. */
public record CompiledStep(String name, Op op, List<String> notifies, Location location) {}
