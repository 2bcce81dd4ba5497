package dev.provision.engine;

import dev.provision.json.JsonWriter;
import java.util.List;
import java.util.Locale;

/** Every host's result; decides the exit code and writes the recap and the JSON summary. */
public record RunSummary(List<HostResult> hosts, double seconds, boolean check) {

    /** 3 if a host was unreachable, else 1 if a step failed, else 0. */
    public int exitCode() {
        if (hosts.stream().anyMatch(HostResult::unreachable)) return 3;
        if (hosts.stream().anyMatch(HostResult::failed)) return 1;
        return 0;
    }

    public long total(StepResult.Status s) {
        return hosts.stream().mapToLong(h -> h.count(s)).sum();
    }

    public String recap() {
        var sb = new StringBuilder(check ? "\nRECAP (check mode: nothing was changed)\n" : "\nRECAP\n");
        for (HostResult h : hosts) {
            sb.append(String.format(Locale.ROOT, "%-14s ok=%-3d changed=%-3d failed=%-3d unreachable=%d  %.1f s%n", h.host(),
                    h.count(StepResult.Status.OK), h.count(StepResult.Status.CHANGED), h.count(StepResult.Status.FAILED),
                    h.unreachable() ? 1 : 0, h.seconds()));
        }
        sb.append(String.format(Locale.ROOT, "%d hosts in %.1f s", hosts.size(), seconds));
        return sb.toString();
    }

    /** {"check":..,"hosts":{NAME:{ok,changed,failed,unreachable,error?,seconds,steps:[...]}},"totals":{...},"longest_step":{...},"seconds":..,"exit_code":..} */
    public String json() {
        var w = new JsonWriter().beginObject().name("check").value(check).name("hosts").beginObject();
        StepResult longest = null;
        String longestHost = null;
        for (HostResult h : hosts) {
            w.name(h.host()).beginObject();
            counts(w, h.count(StepResult.Status.OK), h.count(StepResult.Status.CHANGED), h.count(StepResult.Status.FAILED));
            w.name("unreachable").value(h.unreachable());
            if (h.error() != null) w.name("error").value(h.error());
            w.name("seconds").value(h.seconds(), 3).name("steps").beginArray();
            for (StepResult r : h.steps()) {
                w.beginObject().name("name").value(r.name()).name("status").value(r.status().name().toLowerCase(Locale.ROOT))
                        .name("seconds").value(r.seconds(), 3);
                if (r.detail() != null && !r.detail().isBlank()) w.name("detail").value(r.detail());
                w.end();
                if (longest == null || r.seconds() > longest.seconds()) {
                    longest = r;
                    longestHost = h.host();
                }
            }
            w.end().end();
        }
        w.end().name("totals").beginObject();
        counts(w, total(StepResult.Status.OK), total(StepResult.Status.CHANGED), total(StepResult.Status.FAILED));
        w.name("unreachable").value(hosts.stream().filter(HostResult::unreachable).count()).end();
        if (longest != null) {
            w.name("longest_step").beginObject().name("host").value(longestHost).name("name").value(longest.name())
                    .name("seconds").value(longest.seconds(), 3).end();
        }
        return w.name("seconds").value(seconds, 3).name("exit_code").value(exitCode()).end().toString();
    }

    private static void counts(JsonWriter w, long ok, long changed, long failed) {
        w.name("ok").value(ok).name("changed").value(changed).name("failed").value(failed);
    }
}
