package dev.provision.report;

import java.util.function.UnaryOperator;

/**
 * Raw state as the tools themselves printed it, kept verbatim so a reader can check the
 * probes' reading of it. Empty when it could not be captured.
 *
 * @param consulMembers output of {@code consul members} on the server
 * @param consulCatalog JSON of the service's health entries from Consul's HTTP API
 * @param haproxyStats HAProxy's stats as CSV
 */
public record Captured(String consulMembers, String consulCatalog, String haproxyStats) {
    public static final Captured NONE = new Captured("", "", "");

    public Captured {
        consulMembers = consulMembers == null ? "" : consulMembers;
        consulCatalog = consulCatalog == null ? "" : consulCatalog;
        haproxyStats = haproxyStats == null ? "" : haproxyStats;
    }

    public Captured withConsulMembers(String s) {
        return new Captured(s, consulCatalog, haproxyStats);
    }

    public Captured withConsulCatalog(String s) {
        return new Captured(consulMembers, s, haproxyStats);
    }

    public Captured withHaproxyStats(String s) {
        return new Captured(consulMembers, consulCatalog, s);
    }

    Captured redacted(UnaryOperator<String> r) {
        return new Captured(r.apply(consulMembers), r.apply(consulCatalog), r.apply(haproxyStats));
    }
}
