package dev.provision.probes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.report.ProbeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify's probes expect what the playbooks folder says: change a port there, and they follow. */
class VerifyFollowsPlaybooksTest {

    @Test
    void theFirewallProbeExpectsTheChangedPorts(@TempDir Path tmp) throws IOException {
        Path playbooks = tmp.resolve("playbooks");
        try (Stream<Path> files = Files.walk(Path.of("playbooks"))) {
            for (Path p : files.toList()) {
                Path target = playbooks.resolve(Path.of("playbooks").relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target);
            }
        }
        Path defaults = playbooks.resolve("defaults.yaml");
        Files.writeString(defaults, Files.readString(defaults).replace("service_port: 8080", "service_port: 9090")
                .replace("lb_port: 80\n", "lb_port: 8088\n"));
        Path variables = playbooks.resolve("variables.yaml");
        Files.writeString(variables, Files.readString(variables).replace("{port: 8300,", "{port: 8310,"));

        var fake = new FakeDeployment(2, playbooks);
        ProbeResult p = new FirewallProbe().run(fake.context(FakeDeployment.fastOptions()));
        assertTrue(p.passed(), p.error().orElse(""));
        assertTrue(p.expected().contains("consul-server 22/tcp 8301-8302/tcp 8301-8302/udp 8310/tcp"), p.expected());
        assertTrue(p.expected().contains("lb 22/tcp 8301-8302/tcp 8301-8302/udp 8088/tcp 8181/tcp"), p.expected());
        assertTrue(p.expected().contains("web-1 22/tcp 8301-8302/tcp 8301-8302/udp 9090/tcp"), p.expected());
        assertTrue(p.details().stream().anyMatch(d -> d.startsWith("web-1: role port 9090 from the controller")),
                p.details().toString());

        // A zone still holding the old port is now wrong: the probe fails naming it.
        fake.missingPorts.put("web-2", "9090/tcp");
        fake.extraPorts.put("web-2", "8080/tcp");
        ProbeResult stale = new FirewallProbe().run(fake.context(FakeDeployment.fastOptions()));
        assertTrue(!stale.passed() && stale.error().orElse("").contains("web-2"), stale.error().orElse("passed"));
    }
}
