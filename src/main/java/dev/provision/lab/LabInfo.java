package dev.provision.lab;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a lab that is up keeps what its users need: inventory, known_hosts, key, artifacts; and
 * which of its hosts are brokers (group {@code brokers}, besides each host's own group).
 */
public record LabInfo(String name, Subnet subnet, List<LabHost> hosts, Path inventory, Path knownHosts, Path privateKey,
        Path artifactsDir, List<LabHost> brokers) {}
