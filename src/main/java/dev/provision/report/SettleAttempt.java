package dev.provision.report;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One look at the deployment's state before a traffic measurement: which replicas Consul listed
 * as passing and which HAProxy servers were UP, and why that was not yet settled.
 *
 * @param atMs milliseconds after the first look
 * @param consulPassing replicas whose service Consul lists as passing
 * @param haproxyUp replicas (or server addresses) HAProxy's stats show UP
 * @param problems why this look was not settled; empty when it was
 */
public record SettleAttempt(long atMs, List<String> consulPassing, List<String> haproxyUp, List<String> problems) {
    public SettleAttempt {
        consulPassing = List.copyOf(consulPassing);
        haproxyUp = List.copyOf(haproxyUp);
        problems = List.copyOf(problems);
    }

    public boolean settled() {
        return problems.isEmpty();
    }

    /** One line for a report: "Consul passing: web-1, web-2; HAProxy UP: web-1; web-2 not UP in HAProxy (DOWN)". */
    public String describe() {
        return "Consul passing: " + list(consulPassing) + "; HAProxy UP: " + list(haproxyUp) + "; "
                + (settled() ? "settled" : "not settled: " + String.join("; ", problems));
    }

    private static String list(List<String> l) {
        return l.isEmpty() ? "none" : String.join(", ", l);
    }

    SettleAttempt redacted(UnaryOperator<String> r) {
        return new SettleAttempt(atMs, consulPassing.stream().map(r).toList(), haproxyUp.stream().map(r).toList(),
                problems.stream().map(r).toList());
    }
}
