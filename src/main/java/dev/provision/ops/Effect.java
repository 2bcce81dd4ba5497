package dev.provision.ops;

/**
 * What applying a step means for the later steps of the same play on its host: state of the
 * run itself, which no fact of the host records.
 */
public sealed interface Effect {
    /** A systemd unit file was written: the next systemctl step reloads the daemon first. */
    Effect UNIT_FILE_CHANGED = new UnitFileChanged();
    /** {@code systemctl daemon-reload} was part of the plan. */
    Effect DAEMON_RELOADED = new DaemonReloaded();

    record UnitFileChanged() implements Effect {}

    record DaemonReloaded() implements Effect {}

    /** The unit was (re)started by this step: a handler notified earlier need not restart it. */
    record Started(String unit) implements Effect {}
}
