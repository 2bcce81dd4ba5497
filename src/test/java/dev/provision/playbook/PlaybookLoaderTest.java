package dev.provision.playbook;

import dev.provision.deployment.Deployment;
import static org.junit.jupiter.api.Assertions.*;

import dev.provision.ProvisionException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookLoaderTest {
    @TempDir Path dir;

    private ProvisionException loadFails(String play) throws Exception {
        Files.writeString(dir.resolve("10-test.yaml"), play);
        return assertThrows(ProvisionException.class, () -> PlaybookLoader.load(dir, Deployment.schemaOf(dir)));
    }

    @Test
    void unknownStepKeyNamesFileLineAndKey() throws Exception {
        var e = loadFails("""
                name: t
                hosts: all
                steps:
                  - name: ok step
                    package: [gcc]
                  - name: typo
                    pakage: [gcc]
                """);
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("10-test.yaml:7: pakage: unknown key"), e.getMessage());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "0s     | must be between 1s and 24h, got '0s'",
        "25h    | must be between 1s and 24h, got '25h'",
        "ten    | expected a duration like 90s, 30m or 1h, got 'ten'",
        "10     | expected a duration like 90s, 30m or 1h, got '10'",
        "-5m    | expected a duration like 90s, 30m or 1h, got '-5m'",
    })
    void aBadStepTimeoutNamesFileLineAndKey(String value, String message) throws Exception {
        var e = loadFails("""
                hosts: all
                steps:
                  - name: build
                    timeout: %s
                    command: {run: make}
                """.formatted(value));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().endsWith("10-test.yaml:4: timeout: " + message), e.getMessage());
    }

    @Test
    void aStepTimeoutIsDeclaredBesideTheNameOrIsItsOperationsDefault() throws Exception {
        Files.writeString(dir.resolve("10-test.yaml"), """
                hosts: all
                steps:
                  - name: build
                    timeout: 15m
                    command: {run: make}
                  - name: packages
                    package: [gcc]
                  - name: plain command
                    command: {run: "true"}
                  - name: start
                    service: consul
                """);
        var steps = PlaybookLoader.load(dir, Deployment.schemaOf(dir)).plays().get(0).steps();
        assertEquals(java.util.List.of("PT15M", "PT20M", "PT10M", "PT5M"),
                steps.stream().map(st -> st.timeout().toString()).toList());
    }

    @Test
    void aTimeoutInsideTheCommandIsRefusedWithWhereItBelongs() throws Exception {
        Files.writeString(dir.resolve("10-test.yaml"), """
                hosts: all
                steps:
                  - name: build
                    command: {run: make, timeout: 30m}
                """);
        // Refused when the playbooks are loaded, before any variable or host is looked at.
        var e = assertThrows(ProvisionException.class, () -> PlaybookLoader.load(dir, Deployment.schemaOf(dir)));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("10-test.yaml:4: timeout: a step's timeout is written beside its name"), e.getMessage());
    }

    @Test
    void anUnknownArgumentIsRefusedWithTheArgumentsTheOperationTakes() throws Exception {
        // Before operations declared their arguments, a typo here silently gave the default mode 0755.
        var e = loadFails("""
                hosts: all
                steps:
                  - name: private folder
                    directory: {path: /opt/x, mdoe: "0700"}
                """);
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("10-test.yaml:4: mdoe: unknown argument (a directory step takes path, owner, group, mode, state)"),
                e.getMessage());
    }

    @Test
    void aMissingRequiredArgumentIsRefusedWhenLoaded() throws Exception {
        var e = loadFails("""
                hosts: all
                steps:
                  - name: config
                    template: {dest: /etc/x.conf}
                """);
        assertTrue(e.getMessage().contains("10-test.yaml:3: src: missing (the template step needs it)"), e.getMessage());
    }

    @Test
    void aBareValueOnlyForAnOperationWithAMainArgument() throws Exception {
        var e = loadFails("""
                hosts: all
                steps:
                  - name: folder
                    directory: /opt/x
                """);
        assertTrue(e.getMessage().contains("10-test.yaml:4: directory: expected its arguments by name (path, owner, group, mode, state)"),
                e.getMessage());
    }

    @Test
    void everyRegisteredOperationCanBeNamedByAStep() throws Exception {
        for (String kind : Operations.names()) {
            var op = Operations.find(kind).orElseThrow();
            String args = op.args().values().stream().filter(Operation.Arg::required)
                    .map(a -> a.name() + ": " + (a.type() == ArgType.PATH ? "/x" : "x")).collect(java.util.stream.Collectors.joining(", "));
            Files.writeString(dir.resolve("10-test.yaml"), "hosts: all\nsteps:\n  - name: one\n    " + kind + ": {" + args + "}\n");
            assertEquals(kind, PlaybookLoader.load(dir, Deployment.schemaOf(dir)).plays().get(0).steps().get(0).kind());
        }
    }

    @Test
    void stepWithTwoOperationsIsRefused() throws Exception {
        var e = loadFails("""
                hosts: all
                steps:
                  - name: two
                    package: [gcc]
                    service: consul
                """);
        assertTrue(e.getMessage().contains(":5: service: a step does one thing"), e.getMessage());
    }

    @Test
    void notifyOfUnknownHandler() throws Exception {
        var e = loadFails("""
                hosts: all
                steps:
                  - name: cfg
                    content: {dest: /x, content: "y"}
                    notify: restart nothing
                """);
        assertTrue(e.getMessage().contains(":5: notify: no handler named 'restart nothing'"), e.getMessage());
    }

    @Test
    void aHandlerRollsByAKnownKind() throws Exception {
        Files.writeString(dir.resolve("10-test.yaml"), """
                hosts: all
                steps:
                  - name: jar
                    content: {dest: /x, content: "y"}
                    notify: restart it
                handlers:
                  - name: restart it
                    roll: replica
                    service: {name: web, state: restarted}
                """);
        var book = PlaybookLoader.load(dir, Deployment.schemaOf(dir));
        assertEquals(RollKind.REPLICA, book.handlers().get("restart it").roll());
        assertNull(book.plays().get(0).steps().get(0).roll());
    }

    @Test
    void anUnknownRollKindNamesFileLineAndTheKinds() throws Exception {
        var e = loadFails("""
                hosts: all
                steps:
                  - name: jar
                    content: {dest: /x, content: "y"}
                    notify: restart it
                handlers:
                  - name: restart it
                    roll: replicas
                    service: {name: web, state: restarted}
                """);
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("10-test.yaml:8: roll: unknown kind 'replicas' (one of: replica, consul-server)"), e.getMessage());
    }

    @Test
    void rollOnAStepIsRefusedWithWhereItBelongs() throws Exception {
        var e = loadFails("""
                hosts: all
                steps:
                  - name: restart
                    roll: replica
                    service: {name: web, state: restarted}
                """);
        assertTrue(e.getMessage().contains("10-test.yaml:4: roll: only a handler rolls across hosts"), e.getMessage());
    }

    @Test
    void yamlSyntaxErrorHasALine() throws Exception {
        var e = loadFails("hosts: all\nsteps:\n  - name: [unclosed\n");
        assertTrue(e.getMessage().matches("(?s).*10-test.yaml:\\d+: not valid YAML.*"), e.getMessage());
    }

    @Test
    void missingHosts() throws Exception {
        var e = loadFails("steps: []\n");
        assertTrue(e.getMessage().contains("10-test.yaml:1: hosts: missing"), e.getMessage());
    }

    @Test
    void loadsStepsInFileOrderWithArgLines() throws Exception {
        Files.writeString(dir.resolve("20-b.yaml"), "hosts: [services]\nsteps:\n  - name: b\n    service: web\n");
        Files.writeString(dir.resolve("10-a.yaml"), """
                hosts: all
                steps:
                  - name: a
                    directory:
                      path: /x
                      mode: "0750"
                    when: os_family == debian
                """);
        Playbook p = PlaybookLoader.load(dir, Deployment.schemaOf(dir));
        assertEquals(2, p.plays().size());
        assertEquals("a", p.plays().get(0).steps().get(0).name());
        assertEquals(6, p.plays().get(0).steps().get(0).at("mode").line());
        assertEquals("os_family == debian", p.plays().get(0).steps().get(0).when());
        assertEquals("web", p.plays().get(1).steps().get(0).args().get("_"));
    }
}
