package dev.provision.service;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Default replica name and address, read from the machine the service runs on. */
final class HostIdentity {
    private static final Path KERNEL_HOSTNAME = Paths.get("/proc/sys/kernel/hostname");

    private HostIdentity() {}

    /**
     * The kernel's host name; {@code InetAddress.getLocalHost()} only as a fallback because it
     * may wait on DNS, which a freshly provisioned host does not always have.
     */
    static String hostName() {
        try {
            String name = new String(Files.readAllBytes(KERNEL_HOSTNAME), StandardCharsets.UTF_8).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException notLinux) {
            // fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException unresolvable) {
            return "localhost";
        }
    }

    /** First IPv4 address of an up, non-loopback interface, lowest interface index first. */
    static Optional<String> firstNonLoopbackIpv4() {
        try {
            List<NetworkInterface> interfaces = new ArrayList<>(
                    Collections.list(NetworkInterface.getNetworkInterfaces()));
            interfaces.sort(Comparator.comparingInt(NetworkInterface::getIndex));
            for (NetworkInterface nic : interfaces) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()
                            && !address.isLinkLocalAddress()) {
                        return Optional.of(address.getHostAddress());
                    }
                }
            }
        } catch (SocketException unreadable) {
            // no usable interface list: the caller falls back to loopback
        }
        return Optional.empty();
    }
}
