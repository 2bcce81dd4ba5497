package dev.provision.ops;

import dev.provision.inventory.Host;
import dev.provision.transport.ExecResult;
import dev.provision.transport.RemoteCommand;

/** What a step may know about the run on its host beyond the gathered facts. */
public interface HostContext {
    Host host();

    /** A systemd unit file was written earlier in this play and the daemon not reloaded since. */
    boolean daemonReloadPending();

    /**
     * The unit was (re)started earlier in this play and, for a handler, after the last change
     * that notified it: it already runs the new files, a restart would only interrupt it.
     */
    boolean startedInThisPlay(String unit);

    /**
     * Runs a read-only check command (a guard's {@code unless:}); allowed in check mode too.
     * Only for facts that cannot be gathered up front.
     */
    ExecResult probe(RemoteCommand command);
}
