package dev.provision.service;

/**
 * The second, different sample service: takes orders over HTTP ({@code POST /orders} answers 202
 * at once) and publishes an {@code orders.created} event for each; the web replicas process them
 * asynchronously. Same options, health and graceful stop as web. See {@code service/README.md}.
 */
public final class OrdersService {
    private OrdersService() {}

    public static void main(String[] args) {
        ServiceRunner.main(args, Program.ORDERS, OrdersRoutes::new);
    }
}
