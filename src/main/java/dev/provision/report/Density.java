package dev.provision.report;

/**
 * When the report stops drawing replicas one by one: a box or a 30-pixel row per replica reads
 * well for a handful and becomes a long scroll at 20 (issue 13). Above {@link #ONE_BY_ONE}
 * replicas the topology packs them into one group of tiles, and the charts use thinner rows.
 */
final class Density {
    /** The most replicas drawn one by one; the small lab (and the golden files) stay below it. */
    static final int ONE_BY_ONE = 8;

    private Density() {}

    static boolean packed(int replicas) {
        return replicas > ONE_BY_ONE;
    }
}
