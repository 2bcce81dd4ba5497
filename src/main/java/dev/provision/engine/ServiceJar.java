package dev.provision.engine;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the microservice jar built beside the tool is: {@code <dir of provision.jar>/provision-service.jar}. */
public final class ServiceJar {
    static final String NAME = "provision-service.jar";
    /** The second sample, orders (its own jar from the same build). */
    public static final String ORDERS_NAME = "provision-orders.jar";

    /** Where the orders sample's jar is: beside web's. */
    public static Path ordersPath() {
        return defaultPath().resolveSibling(ORDERS_NAME);
    }

    private ServiceJar() {}

    static Path defaultPath() {
        try {
            Path here = Path.of(ServiceJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            // From the jar: its folder; from classes (tests, IDE): target/, the classes folder's parent.
            Path dir = Files.isRegularFile(here) ? here.getParent() : here.getParent();
            return dir.resolve(NAME);
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("target", NAME);
        }
    }
}
