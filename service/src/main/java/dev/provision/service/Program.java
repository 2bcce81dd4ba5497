package dev.provision.service;

/** Which of the two sample services a process is: its name in messages, its jar, its defaults. */
final class Program {
    static final Program WEB = new Program("provision-service", "provision-service.jar", "web", 8080);
    static final Program ORDERS = new Program("provision-orders", "provision-orders.jar", "orders", 8090);

    /** Prefix of every error line on stderr. */
    final String name;
    final String jar;
    final String defaultServiceName;
    final int defaultPort;

    private Program(String name, String jar, String defaultServiceName, int defaultPort) {
        this.name = name;
        this.jar = jar;
        this.defaultServiceName = defaultServiceName;
        this.defaultPort = defaultPort;
    }
}
