package dev.provision.engine;

import dev.provision.transport.ExecResult;
import dev.provision.transport.RemoteCommand;
import java.time.Duration;
import java.util.Map;

/** What a {@link RollStrategy} may do on the host it takes out of service and back. */
public interface RollHost {
    String name();

    /** The rolled handler's variables (a looping play's item's over the host's). */
    Map<String, Object> vars();

    /** Runs a command on the host (root when asked); a failed command is an answer, not an exception. */
    ExecResult run(RemoteCommand command);

    void sleep(Duration d);

    /** Tells the console what the roll is waiting for. */
    void progress(String text);
}
