package dev.dockhand.aws;

import java.util.Map;

/**
 * Estimated monthly cost of the service at its minimum and maximum task count: Fargate vCPU and memory
 * hours plus the load balancer's hours and one load-balancer capacity unit. Prices are AWS's published
 * on-demand list prices (Linux, x86) as recorded on {@link #PRICE_DATE}; data transfer, logs, NAT
 * gateways and ECR storage are not included.
 */
public final class CostEstimate {

    public static final String PRICE_DATE = "2025-06-01";
    private static final double HOURS_PER_MONTH = 730;

    /** Per hour: Fargate vCPU, Fargate GB of memory, load balancer, one LCU. */
    record Prices(double vcpu, double gb, double loadBalancer, double lcu) {
    }

    static final Map<String, Prices> PRICES = Map.ofEntries(
            Map.entry("us-east-1", new Prices(0.04048, 0.004445, 0.0225, 0.008)),
            Map.entry("us-east-2", new Prices(0.04048, 0.004445, 0.0225, 0.008)),
            Map.entry("us-west-2", new Prices(0.04048, 0.004445, 0.0225, 0.008)),
            Map.entry("us-west-1", new Prices(0.04656, 0.00511, 0.0252, 0.008)),
            Map.entry("ca-central-1", new Prices(0.04456, 0.004865, 0.02475, 0.0088)),
            Map.entry("eu-west-1", new Prices(0.04048, 0.004445, 0.0252, 0.008)),
            Map.entry("eu-west-2", new Prices(0.04656, 0.00511, 0.02646, 0.0084)),
            Map.entry("eu-central-1", new Prices(0.04656, 0.00511, 0.027, 0.0084)),
            Map.entry("eu-north-1", new Prices(0.04445, 0.004865, 0.0252, 0.008)),
            Map.entry("ap-southeast-1", new Prices(0.05056, 0.00553, 0.0252, 0.008)),
            Map.entry("ap-southeast-2", new Prices(0.04856, 0.00532, 0.0252, 0.008)),
            Map.entry("ap-northeast-1", new Prices(0.05056, 0.00553, 0.0243, 0.008)),
            Map.entry("ap-south-1", new Prices(0.04256, 0.00467, 0.0239, 0.008)),
            Map.entry("sa-east-1", new Prices(0.0696, 0.0076, 0.034, 0.011)));

    /**
     * @param region      the region whose prices were used
     * @param exactRegion false when the region's prices are unknown and us-east-1's were used
     */
    public record Estimate(double atMinimum, double atMaximum, double loadBalancer, String region, boolean exactRegion,
                           String priceDate) {

        public String describe() {
            return String.format(java.util.Locale.ROOT, "about $%.0f a month at the minimum task count, $%.0f at the maximum "
                            + "(load balancer $%.0f included; %s list prices of %s%s; data transfer and logs not included)",
                    atMinimum, atMaximum, loadBalancer, region, priceDate,
                    exactRegion ? "" : ", as Dockhand has no prices for this region");
        }
    }

    private CostEstimate() {
    }

    public static Estimate estimate(String region, int cpuUnits, int memoryMiB, int minTasks, int maxTasks) {
        Prices prices = PRICES.get(region);
        boolean exact = prices != null;
        String used = exact ? region : "us-east-1";
        if (!exact) {
            prices = PRICES.get("us-east-1");
        }
        double task = (cpuUnits / 1024.0 * prices.vcpu() + memoryMiB / 1024.0 * prices.gb()) * HOURS_PER_MONTH;
        double loadBalancer = (prices.loadBalancer() + prices.lcu()) * HOURS_PER_MONTH;
        return new Estimate(task * minTasks + loadBalancer, task * maxTasks + loadBalancer, loadBalancer, used, exact, PRICE_DATE);
    }
}
