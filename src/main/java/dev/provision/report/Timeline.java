package dev.provision.report;

import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A disruption measured over time (maintenance mode, a stopped replica): the requests sent
 * through the balancer while it happened, the events that drove it, and the figures taken.
 *
 * @param title what was done ("web-2 put into Consul maintenance")
 * @param start the instant all offsets count from
 * @param samples every request sent, in order
 * @param events what was done or observed, in order
 * @param figures the measured numbers, in words ("time until out of rotation" -> "1.62 s")
 */
public record Timeline(String title, Instant start, List<Sample> samples, List<Event> events, List<Figure> figures) {
    public Timeline {
        samples = List.copyOf(samples);
        events = List.copyOf(events);
        figures = List.copyOf(figures);
    }

    /**
     * One request through the balancer.
     *
     * @param atMs milliseconds after the timeline's start
     * @param replica who answered, or null when the request failed
     * @param ok whether it got a good answer
     */
    public record Sample(long atMs, String replica, boolean ok) {}

    /** Something done or observed, {@code atMs} milliseconds after the timeline's start. */
    public record Event(long atMs, String label) {}

    /** A measured number with its name. */
    public record Figure(String name, String value) {}

    /** Duration of the whole timeline in milliseconds: the last sample or event. */
    public long spanMs() {
        long max = 0;
        for (Sample s : samples) max = Math.max(max, s.atMs());
        for (Event e : events) max = Math.max(max, e.atMs());
        return max;
    }

    Timeline redacted(UnaryOperator<String> r) {
        return new Timeline(r.apply(title), start,
                samples.stream().map(s -> new Sample(s.atMs(), s.replica() == null ? null : r.apply(s.replica()), s.ok())).toList(),
                events.stream().map(e -> new Event(e.atMs(), r.apply(e.label()))).toList(),
                figures.stream().map(f -> new Figure(r.apply(f.name()), r.apply(f.value()))).toList());
    }
}
