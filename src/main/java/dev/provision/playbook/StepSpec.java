package dev.provision.playbook;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One step as written in a playbook, before variables are applied.
 *
 * @param kind the operation ("package", "template", "service", ...)
 * @param args the operation's arguments; strings may hold {{variables}}
 * @param argLines the line of each argument key, for error messages
 * @param notifies handlers to run at the end of the host's play if this step changed something
 * @param when a condition ("os_family == rhel", "consul_server", "not consul_server"), or null
 * @param timeout how long the step may take on a host, all its commands together ({@link StepTimeout})
 * @param roll for a handler: how it rolls across hosts (one at a time, out of service first); null: everywhere at once
 */
public record StepSpec(
        String name,
        String kind,
        Map<String, Object> args,
        Map<String, Location> argLines,
        List<String> notifies,
        String when,
        Duration timeout,
        Location location,
        RollKind roll) {

    public StepSpec(String name, String kind, Map<String, Object> args, Map<String, Location> argLines,
            List<String> notifies, String when, Duration timeout, Location location) {
        this(name, kind, args, argLines, notifies, when, timeout, location, null);
    }

    /** The location of an argument, or of the step when the argument was not written. */
    public Location at(String arg) {
        return argLines.getOrDefault(arg, location);
    }
}
