package dev.provision.engine;

/**
 * How one host leaves service before its rolled handler restarts it and rejoins after (playbook
 * key {@code roll:}). Every wait is bounded; a timeout throws a ProvisionException saying what
 * was waited for, which stops the roll.
 */
public interface RollStrategy {
    /**
     * Whether this host's handler rolls at all: when false it runs as any handler, outside the
     * gate and not a participant (e.g. a Consul client, where only servers roll).
     */
    default boolean rolls(java.util.Map<String, Object> hostVars) {
        return true;
    }

    /** Hosts inside the gate at once, given {@code up --serial} (e.g. always 1 for a quorum). */
    default int serial(int requested) {
        return requested;
    }

    /** Asked once, before queueing: this host enters after every other participant (a leader, say). */
    default boolean goesLast(RollHost host) {
        return false;
    }

    /** Before the restart: out of service, and nothing sent to it any more. */
    void drain(RollHost host);

    /** After the restart: serving again and back in service. */
    void restore(RollHost host);

    /** After a failed restart or restore: undo what drain did, best effort (never throws). */
    default void abandon(RollHost host) {}
}
