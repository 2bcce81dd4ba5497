package dev.provision.artifacts;

/**
 * A release file a playbook needs, named as its vendor names it.
 *
 * @param name how steps refer to it ("consul", "haproxy")
 * @param file the vendor's file name ("consul_1.8.7_linux_amd64.zip")
 * @param sums the vendor's checksum file beside it ("consul_1.8.7_SHA256SUMS")
 * @param baseUrl where both are published (used when no artifacts folder is given)
 * @param extract the member of a zip or .tar.gz to install (the Consul or NATS binary), or null to use the file as is
 */
public record ArtifactSpec(String name, String file, String sums, String baseUrl, String extract) {}
