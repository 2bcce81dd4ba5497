package dev.provision.lab;

import dev.provision.ProvisionException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What {@code lab up} recorded about a lab: its subnet, how many replicas it has, how many of
 * its hosts are brokers and how many Consul servers it has (a state written before brokers or
 * several servers existed reads as the default, 1).
 */
public record LabState(String subnet, int replicas, int brokers, int consulServers) {
    public LabState(String subnet, int replicas, int brokers) {
        this(subnet, replicas, brokers, LabSpec.DEFAULT_CONSUL_SERVERS);
    }

    public static Optional<LabState> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            var p = new Properties();
            p.load(new StringReader(Files.readString(file)));
            return Optional.of(new LabState(p.getProperty("subnet"), Integer.parseInt(p.getProperty("replicas", "0")),
                    Integer.parseInt(p.getProperty("brokers", String.valueOf(LabSpec.DEFAULT_BROKERS))),
                    Integer.parseInt(p.getProperty("consul_servers", String.valueOf(LabSpec.DEFAULT_CONSUL_SERVERS)))));
        } catch (IOException | NumberFormatException e) {
            throw ProvisionException.failed("cannot read lab state " + file + ": " + e.getMessage() + " (run `provision lab down` to reset)");
        }
    }

    public void write(Path file) {
        try {
            var p = new Properties();
            p.setProperty("subnet", subnet);
            p.setProperty("replicas", Integer.toString(replicas));
            p.setProperty("brokers", Integer.toString(brokers));
            p.setProperty("consul_servers", Integer.toString(consulServers));
            var w = new StringWriter();
            p.store(w, "provision lab state");
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, w.toString());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw ProvisionException.failed("cannot write lab state " + file + ": " + e.getMessage());
        }
    }
}
