package dev.provision.engine;

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

    /** {"hosts":{NAME:{ok,changed,failed,unreachable,seconds,steps:[...]}}, "totals":{...}, "longest_step":{...}} */
    public String json() {
        var sb = new StringBuilder("{\"check\":").append(check).append(",\"hosts\":{");
        StepResult longest = null;
        String longestHost = null;
        for (int i = 0; i < hosts.size(); i++) {
            HostResult h = hosts.get(i);
            if (i > 0) sb.append(',');
            sb.append(str(h.host())).append(":{").append(counts(h.count(StepResult.Status.OK), h.count(StepResult.Status.CHANGED),
                    h.count(StepResult.Status.FAILED))).append(",\"unreachable\":").append(h.unreachable());
            if (h.error() != null) sb.append(",\"error\":").append(str(h.error()));
            sb.append(",\"seconds\":").append(num(h.seconds())).append(",\"steps\":[");
            for (int j = 0; j < h.steps().size(); j++) {
                StepResult r = h.steps().get(j);
                if (j > 0) sb.append(',');
                sb.append("{\"name\":").append(str(r.name())).append(",\"status\":").append(str(r.status().name().toLowerCase(Locale.ROOT)))
                        .append(",\"seconds\":").append(num(r.seconds()));
                if (r.detail() != null && !r.detail().isBlank()) sb.append(",\"detail\":").append(str(r.detail()));
                sb.append('}');
                if (longest == null || r.seconds() > longest.seconds()) {
                    longest = r;
                    longestHost = h.host();
                }
            }
            sb.append("]}");
        }
        sb.append("},\"totals\":{").append(counts(total(StepResult.Status.OK), total(StepResult.Status.CHANGED), total(StepResult.Status.FAILED)))
                .append(",\"unreachable\":").append(hosts.stream().filter(HostResult::unreachable).count()).append('}');
        if (longest != null) {
            sb.append(",\"longest_step\":{\"host\":").append(str(longestHost)).append(",\"name\":").append(str(longest.name()))
                    .append(",\"seconds\":").append(num(longest.seconds())).append('}');
        }
        sb.append(",\"seconds\":").append(num(seconds)).append(",\"exit_code\":").append(exitCode()).append('}');
        return sb.toString();
    }

    private static String counts(long ok, long changed, long failed) {
        return "\"ok\":" + ok + ",\"changed\":" + changed + ",\"failed\":" + failed;
    }

    private static String num(double d) {
        return String.format(Locale.ROOT, "%.3f", d);
    }

    static String str(String s) {
        var sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
