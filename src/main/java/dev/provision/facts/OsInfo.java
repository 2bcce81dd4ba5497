package dev.provision.facts;

/**
 * What a host runs, as far as the playbooks care.
 *
 * @param id os-release ID ("debian", "centos", "rocky")
 * @param versionId os-release VERSION_ID ("12", "7")
 * @param family package family
 * @param packageManager "apt", "yum" (CentOS 7) or "dnf"
 */
public record OsInfo(String id, String versionId, OsFamily family, String packageManager) {

    /** CentOS 7: end of life, its mirrors moved to the vault archive. */
    public boolean isCentos7() {
        return "centos".equals(id) && (versionId.equals("7") || versionId.startsWith("7."));
    }
}
