package dev.provision.facts;

/**
 * A host's facts through its play. They are read in one batch before the first step; an action
 * that changes the host marks the facts it touches stale ({@link Touched}), and a later step
 * that needs a stale fact, or one nobody asked for yet, has it read again first. A run that
 * changes nothing reads facts once.
 */
public final class FactCache {
    private HostFacts facts;
    /** Every fact read so far. */
    private final FactRequest read = new FactRequest();
    /** Facts an applied action touched since they were read. */
    private FactRequest stale = new FactRequest();
    private boolean allStale;

    public FactCache(HostFacts facts, FactRequest read) {
        this.facts = facts;
        this.read.addAll(read);
    }

    public HostFacts facts() {
        return facts;
    }

    /** An action ran: what it touched must be read again before a step compares against it. */
    public void touched(Touched touched) {
        if (touched instanceof Touched.Everything) {
            allStale = true;
        } else if (touched instanceof Touched.Facts t) {
            stale.addAll(t.facts());
        }
    }

    /** The facts of {@code wanted} that were never read or are stale. */
    public FactRequest toRead(FactRequest wanted) {
        if (allStale) return new FactRequest().addAll(wanted);
        return wanted.without(read).addAll(wanted.within(stale));
    }

    /** Facts just read (what {@code request} asked for) replace the old ones. */
    public void refresh(HostFacts fresh, FactRequest request) {
        facts = facts.updatedWith(fresh, request);
        read.addAll(request);
        if (allStale) {
            // Everything else stays stale: mark exactly what was read before and is not fresh now.
            stale = read.without(request);
            allStale = false;
        } else {
            stale = stale.without(request);
        }
    }
}
