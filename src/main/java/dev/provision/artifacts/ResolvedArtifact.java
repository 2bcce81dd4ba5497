package dev.provision.artifacts;

import java.nio.file.Path;

/**
 * A release file found and checked against its vendor's SHA-256.
 *
 * @param archive the release file itself
 * @param archiveSha256 its verified digest
 * @param payload what steps install: the extracted member, or the archive
 */
public record ResolvedArtifact(ArtifactSpec spec, Path archive, String archiveSha256, Path payload) {}
