package dev.provision.facts;

import dev.provision.ProvisionException;

/**
 * The engine's view of a host's OS: the shared {@link OsRelease} reader, plus the package
 * manager the operations use (apt; yum on RHEL 7 and older; dnf from 8).
 */
public final class OsDetection {
    public static final String COMMAND = OsRelease.COMMAND.script();

    private OsDetection() {}

    /** Parses os-release text; a family provision does not know is refused with its ID named. */
    public static OsInfo parse(String osRelease) {
        OsRelease r = OsRelease.parse(osRelease);
        return switch (r.family()) {
            case DEBIAN -> new OsInfo(r.id(), r.versionId(), OsFamily.DEBIAN, "apt");
            case RHEL -> new OsInfo(r.id(), r.versionId(), OsFamily.RHEL, majorBelow8(r.majorVersion()) ? "yum" : "dnf");
            default -> throw ProvisionException.failed("unsupported operating system '" + r.summary()
                    + "': provision knows the Debian family (apt) and the RHEL family (yum/dnf)");
        };
    }

    private static boolean majorBelow8(String major) {
        try {
            return Integer.parseInt(major) < 8;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
