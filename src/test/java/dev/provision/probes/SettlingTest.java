package dev.provision.probes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.report.SettleAttempt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** "Settled" judged from Consul's and HAProxy's state alone, one look at a time. */
class SettlingTest {
    private static final String HEADER = "# pxname,svname,status,weight,addr,check_status\n";

    private static SettleAttempt look(FakeDeployment d, String csv) {
        var ctx = d.context(FakeDeployment.fastOptions());
        return Settling.look(0, ctx.replicas(), ctx.deployment(), ConsulCatalog.passing(ctx), csv);
    }

    @Test
    void everyReplicaPassingAndItsServerUpIsSettled() {
        var d = new FakeDeployment(3);
        SettleAttempt a = look(d, d.haproxyCsv());
        assertTrue(a.settled(), a.describe());
        assertEquals(List.of("web-1", "web-2", "web-3"), a.haproxyUp());
    }

    @Test
    void aServerUpWhereNoPassingInstanceIsIsNotSettled() {
        var d = new FakeDeployment(2);
        String csv = d.haproxyCsv().replace("web,web3,MAINT (resolution),1,,", "web,web3,UP,1,198.18.0.99:8080,L7OK");
        assertEquals(List.of("HAProxy server web3 at 198.18.0.99:8080 is UP but no passing Consul instance is there"),
                look(d, csv).problems());
    }

    @Test
    void aReplicaNotPassingInConsulIsNotSettled() {
        var d = new FakeDeployment(2);
        d.maintenance.add("web-2");
        assertEquals(List.of("web-2 not passing in Consul"), look(d, d.haproxyCsv()).problems());
    }

    @Test
    void unreadableStatsAreNotSettled() {
        var d = new FakeDeployment(2);
        assertEquals(List.of("HAProxy's state not readable ((not captured: stats page answered HTTP 401))"),
                look(d, "(not captured: stats page answered HTTP 401)").problems());
    }

    @Test
    void withoutAddressesServersAreMatchedByNodeNameAsConsulTemplateNamesThem() {
        var d = new FakeDeployment(2);
        String named = HEADER + "web,web-1,UP,1,,L7OK\nweb,web-2,DOWN,1,,L4CON\n";
        assertEquals(List.of("web-2 is DOWN in HAProxy, not UP"), look(d, named).problems());
        String slots = HEADER + "web,web1,UP,1,,L7OK\nweb,web2,UP,1,,L7OK\n";
        assertEquals("web-1 (198.18.0.21:8080) has no server in HAProxy (its stats give no server addresses: 'stats "
                + "show-legends' is missing; provision up adds it)", look(d, slots).problems().get(0));
    }
}
