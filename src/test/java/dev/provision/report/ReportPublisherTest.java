package dev.provision.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.Secret;
import dev.provision.secret.SecretMasker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportPublisherTest {
    @TempDir
    Path tmp;

    @Test
    void writesEveryFormatAndPointsLatestAtTheNewestRun() throws Exception {
        var pub = new ReportPublisher(ReportPublisher.standardWriters(), SecretMasker.of(List.of()));
        Path first = pub.publish(EvidenceFixture.passing(), tmp);
        Path second = pub.publish(EvidenceFixture.passing(), tmp);
        assertEquals("20261127T133000Z", first.getFileName().toString());
        assertEquals("20261127T133000Z-2", second.getFileName().toString());
        for (String f : List.of("report.html", "report.md", "report.json", "junit.xml")) {
            assertTrue(Files.size(second.resolve(f)) > 0, f);
        }
        Path latest = tmp.resolve("latest");
        assertTrue(Files.isSymbolicLink(latest));
        assertEquals(second.toRealPath(), latest.toRealPath());
    }

    @Test
    void noKnownSecretReachesAnyReport() throws Exception {
        String gossip = "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=";
        String stats = "s3cr3t-stats-pw";
        Evidence base = EvidenceFixture.passing();
        var leaky = ProbeResult.failed("leak", "Leaky probe " + stats, "gossip key " + gossip, "encrypt = " + gossip,
                java.time.Duration.ZERO, "stats auth admin:" + stats, List.of("password=" + stats));
        var probes = new java.util.ArrayList<>(base.probes());
        probes.add(leaky);
        Evidence e = new Evidence(base.toolVersion(), base.commandLine(), base.inventoryPath(), base.inventorySha256(),
                base.startedAt(), base.endedAt(), base.topology(), probes, base.rotation(), base.maintenance(),
                base.failover(), base.captured().withConsulCatalog("{\"encrypt\": \"" + gossip + "\"}"));
        var pub = new ReportPublisher(ReportPublisher.standardWriters(),
                SecretMasker.of(List.of(Secret.of(gossip), Secret.of(stats))));
        Path dir = pub.publish(e, tmp);
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String s = Files.readString(f);
                assertFalse(s.contains(gossip), f + " leaks the gossip key");
                assertFalse(s.contains(stats), f + " leaks the stats password");
                assertTrue(s.contains(Secret.MASK), f + " should show where a secret was");
            }
        }
    }

    @Test
    void redactorMasksSecretShapesItWasNotToldAbout() {
        var r = SecretMasker.of(List.of());
        assertEquals("stats auth admin:" + Secret.MASK, r.apply("stats auth admin:hunter2"));
        assertEquals("{\"encrypt\": \"" + Secret.MASK + "\"}", r.apply("{\"encrypt\": \"abc=\"}"));
        assertEquals("web-1 answered", r.apply("web-1 answered"));
    }

    @Test
    void evidencePassesOnlyWhenNoProbeFailed() {
        assertTrue(EvidenceFixture.passing().passed());
        assertFalse(EvidenceFixture.failing().passed());
        Evidence none = new Evidence("v", "c", "i", "d", EvidenceFixture.START, EvidenceFixture.START,
                EvidenceFixture.passing().topology(), List.of(ProbeResult.skipped("x", "X", "skipped")),
                Optional.empty(), Optional.empty(), Optional.empty(), null);
        assertFalse(none.passed(), "a run where nothing ran proves nothing");
    }
}
