package dev.provision.service;

/** Whether this replica still wants new traffic: it stops wanting it when a stop begins. */
final class Health {
    private volatile boolean draining;

    void startDraining() {
        draining = true;
    }

    boolean draining() {
        return draining;
    }
}
