package dev.provision.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.report.ProbeResult;
import org.junit.jupiter.api.Test;

/** The Consul cluster probe's verdicts: raft voters, the leader's place, members nobody declared. */
class ConsulClusterProbeTest {
    private static final String HEADER = "Node           ID       Address           State     Voter  RaftProtocol\n";

    private static ProbeResult run(FakeDeployment d, boolean strict) {
        return new ConsulClusterProbe().run(d.context(FakeDeployment.fastOptions().withStrict(strict)));
    }

    @Test
    void aWholeClusterPasses() {
        ProbeResult p = run(new FakeDeployment(2), true);
        assertTrue(p.passed(), p.error().orElse(""));
        assertEquals("4 of 4 alive, leader consul-server (198.18.0.10:8300)", p.actual());
    }

    @Test
    void noLeaderFails() {
        var d = new FakeDeployment(2);
        d.raftPeers = HEADER + "consul-server  1b5f-aa  198.18.0.10:8300  follower  true   3\n";
        ProbeResult p = run(d, false);
        assertFalse(p.passed());
        assertEquals("no leader elected (raft peers: consul-server follower)", p.error().orElseThrow());
        assertTrue(p.actual().endsWith("leader none"), p.actual());
    }

    @Test
    void aLeaderThatIsNotAConfiguredServerFails() {
        var d = new FakeDeployment(2);
        d.raftPeers = HEADER + "consul-server  1b5f-aa  198.18.0.10:8300  follower  true   3\n"
                + "rogue          2c6a-bb  198.18.0.99:8300  leader    true   3\n";
        ProbeResult p = run(d, false);
        assertFalse(p.passed());
        assertEquals("raft peer rogue (198.18.0.99:8300) is not in consul_servers; "
                + "the leader rogue is not in consul_servers (consul-server)", p.error().orElseThrow());
    }

    @Test
    void aServerThatIsNotAVoterFails() {
        var d = new FakeDeployment(2);
        d.raftPeers = HEADER + "consul-server  1b5f-aa  198.18.0.10:8300  leader  false  3\n";
        ProbeResult p = run(d, false);
        assertFalse(p.passed());
        assertEquals("consul-server is a raft peer but not a voter (Voter=false)", p.error().orElseThrow());
    }

    @Test
    void aServerMissingFromRaftFails() {
        var d = new FakeDeployment(2);
        d.raftPeers = HEADER;
        ProbeResult p = run(d, false);
        assertFalse(p.passed());
        assertTrue(p.error().orElseThrow().startsWith("consul-server is not a raft peer (expected a voter); no leader"),
                p.error().orElseThrow());
    }

    private static dev.provision.inventory.Host server(String name, String address) {
        return new dev.provision.inventory.Host(name, address, 22, "root", java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), java.util.List.of("all", "consul_servers"),
                java.util.Set.of(dev.provision.inventory.Role.CONSUL_SERVER), java.util.Map.of());
    }

    private static final java.util.List<dev.provision.inventory.Host> THREE = java.util.List.of(server("consul-server", "198.18.0.10"),
            server("consul-2", "198.18.0.12"), server("consul-3", "198.18.0.13"));

    @Test
    void threeServersAllVotersOneLeaderPass() {
        var problems = new java.util.ArrayList<String>();
        String leader = ConsulClusterProbe.judgeRaft(TextTable.parse(HEADER
                + "consul-server  1b5f-aa  198.18.0.10:8300  follower  true   3\n"
                + "consul-2       2c6a-bb  198.18.0.12:8300  leader    true   3\n"
                + "consul-3       3d7b-cc  198.18.0.13:8300  follower  true   3\n"), THREE, problems, new java.util.ArrayList<>());
        assertEquals(java.util.List.of(), problems);
        assertEquals("consul-2 (198.18.0.12:8300)", leader);
    }

    @Test
    void ofThreeServersOneNotYetAVoterAndOneMissingEachFail() {
        var problems = new java.util.ArrayList<String>();
        // Autopilot adds a new server as a non-voter and removes a dead one: both are a cluster short of its servers.
        ConsulClusterProbe.judgeRaft(TextTable.parse(HEADER
                + "consul-server  1b5f-aa  198.18.0.10:8300  leader    true   3\n"
                + "consul-2       2c6a-bb  198.18.0.12:8300  follower  false  3\n"), THREE, problems, new java.util.ArrayList<>());
        assertEquals(java.util.List.of("consul-2 is a raft peer but not a voter (Voter=false)",
                "consul-3 is not a raft peer (expected a voter)"), problems);
    }

    @Test
    void aMemberNotInTheInventoryIsAWarningThatStrictTurnsIntoAFailure() {
        var d = new FakeDeployment(2);
        d.strangerMembers.add("ghost");
        ProbeResult lenient = run(d, false);
        assertTrue(lenient.passed(), lenient.error().orElse(""));
        assertTrue(lenient.actual().contains("warning: member not in the inventory: ghost (alive, 198.18.0.99:8301)"),
                lenient.actual());
        ProbeResult strict = run(d, true);
        assertFalse(strict.passed());
        assertEquals("member not in the inventory: ghost (alive, 198.18.0.99:8301)", strict.error().orElseThrow());
    }
}
