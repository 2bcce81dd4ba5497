package dev.provision.facts;

/**
 * The facts an action may change on its host. After the action runs they are stale: a later
 * step that compares against one of them has it read again first (as pyinfra does), so it
 * plans from the host's real state rather than from what was read before the change.
 */
public sealed interface Touched {
    /** Changes no fact any step reads (a cache record, a reload that keeps the unit running). */
    Touched NOTHING = new Facts(new FactRequest());
    /** May change anything (a package's install scripts, a user's command): every fact is stale. */
    Touched EVERYTHING = new Everything();

    static Touched facts(FactRequest facts) {
        return new Facts(facts);
    }

    record Facts(FactRequest facts) implements Touched {}

    record Everything() implements Touched {}
}
