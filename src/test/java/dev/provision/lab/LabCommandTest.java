package dev.provision.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.provision.cli.ProvisionCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad lab options are refused with exit 2 before anything on the machine is touched. */
class LabCommandTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "up --replicas 0                   | --replicas must be between 1 and 50",
        "up --subnet 10.1.0.0/24           | --subnet '10.1.0.0/24': must lie inside 198.18.0.0/15",
        "up --name Prod                    | lab name must be 1-12 lowercase letters or digits",
        "down --name averyverylongname     | lab name must be 1-12 lowercase letters or digits",
        "up --replicas many                | Invalid value for option '--replicas'",
        "up --consul-servers 2             | --consul-servers must be 1, 3, 5 or 7 (Consul needs a majority",
        "up --consul-servers 0             | --consul-servers must be 1, 3, 5 or 7",
        "up --consul-servers 9             | --consul-servers must be 1, 3, 5 or 7",
    })
    void refusesBadOptionsWithExit2(String args, String message) {
        var err = new StringWriter();
        var cl = ProvisionCommand.commandLine();
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(("lab " + args.strip()).split("\\s+"));
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains(message), err.toString());
    }
}
