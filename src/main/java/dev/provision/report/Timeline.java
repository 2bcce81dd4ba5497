package dev.provision.report;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
 * @param windows stretches the claim rests on ("web-2 absent from the answers"), drawn as bands
 * @param accounting what became of every request scheduled, when the probe counted them
 */
public record Timeline(String title, Instant start, List<Sample> samples, List<Event> events, List<Figure> figures,
        List<Window> windows, Optional<Accounting> accounting) {
    public Timeline {
        samples = List.copyOf(samples);
        events = List.copyOf(events);
        figures = List.copyOf(figures);
        windows = List.copyOf(windows == null ? List.of() : windows);
        accounting = accounting == null ? Optional.empty() : accounting;
    }

    public Timeline(String title, Instant start, List<Sample> samples, List<Event> events, List<Figure> figures) {
        this(title, start, samples, events, figures, List.of(), Optional.empty());
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
    public record Figure(String name, String value) {
        private static final java.util.regex.Pattern NUMBER =
                java.util.regex.Pattern.compile("(-?\\d+(?:\\.\\d+)?)(?: (ms|s))?");

        /**
         * The value as a number when it is one ("12"), a duration in milliseconds when it is one
         * ("420 ms", "1.62 s"), else empty ("not within 15 s").
         */
        public java.util.Optional<Double> number() {
            var m = NUMBER.matcher(value.strip());
            if (!m.matches()) return java.util.Optional.empty();
            double n = Double.parseDouble(m.group(1));
            return java.util.Optional.of("s".equals(m.group(2)) ? Math.rint(n * 1000) : n);
        }

        /** "ms" when the value is a duration, "" for a count. */
        public String unit() {
            var m = NUMBER.matcher(value.strip());
            return m.matches() && m.group(2) != null ? "ms" : "";
        }
    }

    /** A stretch of time, {@code fromMs} to {@code toMs} after the timeline's start, and what held in it. */
    public record Window(String label, long fromMs, long toMs) {
        public long lengthMs() {
            return toMs - fromMs;
        }
    }

    /**
     * What became of every request the probe scheduled: each one answered, failed, or still
     * unfinished (queued or in flight) when the probe stopped waiting, which counts as failed.
     *
     * @param scheduled requests the probe scheduled (sent or meant to be)
     * @param expected rate x duration of the schedule; -1 when requests were not paced at a rate
     * @param answered requests a replica answered
     * @param failed requests that got no good answer
     * @param unfinished requests with no outcome when the probe stopped waiting
     */
    public record Accounting(long scheduled, long expected, long answered, long failed, long unfinished) {
        /** Every scheduled request has exactly one outcome. */
        public boolean balanced() {
            return scheduled == answered + failed + unfinished;
        }

        public long lost() {
            return failed + unfinished;
        }

        /** "400 scheduled (20/s x 20.0 s = 400): 400 answered, 0 failed, 0 unfinished" without the rate part. */
        public String describe() {
            return scheduled + " scheduled" + (expected >= 0 ? " (rate x duration = " + expected + ")" : "") + ": "
                    + answered + " answered, " + failed + " failed, " + unfinished + " unfinished";
        }
    }

    /** Duration of the whole timeline in milliseconds: the last sample or event. */
    public long spanMs() {
        long max = 0;
        for (Sample s : samples) max = Math.max(max, s.atMs());
        for (Event e : events) max = Math.max(max, e.atMs());
        for (Window w : windows) max = Math.max(max, w.toMs());
        return max;
    }

    Timeline redacted(UnaryOperator<String> r) {
        return new Timeline(r.apply(title), start,
                samples.stream().map(s -> new Sample(s.atMs(), s.replica() == null ? null : r.apply(s.replica()), s.ok())).toList(),
                events.stream().map(e -> new Event(e.atMs(), r.apply(e.label()))).toList(),
                figures.stream().map(f -> new Figure(r.apply(f.name()), r.apply(f.value()))).toList(),
                windows.stream().map(w -> new Window(r.apply(w.label()), w.fromMs(), w.toMs())).toList(), accounting);
    }
}
