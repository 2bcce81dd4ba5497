package dev.provision.output;

import dev.provision.engine.HostResult;
import dev.provision.engine.RunListener;
import dev.provision.engine.RunSummary;
import dev.provision.engine.StepResult;
import dev.provision.json.JsonWriter;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * {@code up --output json}: one line, the whole run, written when it ends:
 * {@code {"check":..,"hosts":{NAME:{ok,changed,failed,unreachable,error?,held_by?,seconds,steps:[...]}},
 * "totals":{...},"longest_step":{...},"seconds":..,"exit_code":..}}.
 */
public final class JsonSummaryOutput implements RunListener {
    private final PrintWriter out;

    public JsonSummaryOutput(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void runFinished(RunSummary summary) {
        out.println(json(summary));
        out.flush();
    }

    static String json(RunSummary s) {
        var w = new JsonWriter().beginObject().name("check").value(s.check()).name("hosts").beginObject();
        StepResult longest = null;
        String longestHost = null;
        for (HostResult h : s.hosts()) {
            w.name(h.host()).beginObject();
            counts(w, h.count(StepResult.Status.OK), h.count(StepResult.Status.CHANGED), h.count(StepResult.Status.FAILED));
            w.name("unreachable").value(h.unreachable());
            if (h.error() != null) w.name("error").value(h.error());
            if (h.busy()) w.name("held_by").value(h.heldBy());
            w.name("seconds").value(h.seconds(), 3).name("steps").beginArray();
            for (StepResult r : h.steps()) {
                w.beginObject().name("name").value(r.name()).name("status").value(r.status().name().toLowerCase(Locale.ROOT))
                        .name("seconds").value(r.seconds(), 3);
                if (r.detail() != null && !r.detail().isBlank()) w.name("detail").value(r.detail());
                if (r.rolled()) w.name("out_of_rotation_seconds").value(r.outOfRotation(), 3);
                w.end();
                if (longest == null || r.seconds() > longest.seconds()) {
                    longest = r;
                    longestHost = h.host();
                }
            }
            w.end().end();
        }
        w.end().name("totals").beginObject();
        counts(w, s.total(StepResult.Status.OK), s.total(StepResult.Status.CHANGED), s.total(StepResult.Status.FAILED));
        w.name("unreachable").value(s.hosts().stream().filter(HostResult::unreachable).count()).end();
        if (longest != null) {
            w.name("longest_step").beginObject().name("host").value(longestHost).name("name").value(longest.name())
                    .name("seconds").value(longest.seconds(), 3).end();
        }
        // Rolled handlers, in host order: which replica, how long out of rotation.
        w.name("rolled").beginArray();
        for (HostResult h : s.hosts()) {
            for (StepResult r : h.steps()) {
                if (!r.rolled()) continue;
                w.beginObject().name("host").value(h.host()).name("step").value(r.name())
                        .name("status").value(r.status().name().toLowerCase(Locale.ROOT))
                        .name("out_of_rotation_seconds").value(r.outOfRotation(), 3).end();
            }
        }
        w.end();
        return w.name("seconds").value(s.seconds(), 3).name("exit_code").value(s.exitCode()).end().toString();
    }

    private static void counts(JsonWriter w, long ok, long changed, long failed) {
        w.name("ok").value(ok).name("changed").value(changed).name("failed").value(failed);
    }
}
