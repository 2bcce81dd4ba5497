package dev.provision.report;

/**
 * One report format. Writers are pure: the same evidence gives the same bytes, so each can be
 * checked against a golden file, and new formats plug in without touching the probes.
 */
public interface ReportWriter {
    /** The file this writer produces in the report directory ("report.html"). */
    String fileName();

    /** The whole file's text. The evidence handed in is already redacted. */
    String render(Evidence evidence);
}
