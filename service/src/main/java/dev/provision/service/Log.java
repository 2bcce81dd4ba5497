package dev.provision.service;

/** One line per event on stdout, flushed at once: journald records it with its own timestamp. */
final class Log {
    private Log() {}

    static void info(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
