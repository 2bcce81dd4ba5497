package dev.provision.service;

/** A command-line argument the service cannot accept; the message is one line for the user. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
