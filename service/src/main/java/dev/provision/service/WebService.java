package dev.provision.service;

// PLACEHOLDER: the sample microservice is built in its own change.
public final class WebService {
    public static void main(String[] args) {
        throw new UnsupportedOperationException("not built yet");
    }
}
