package dev.dockhand.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the CloudFormation stack is generated from: the service's shape on ECS Fargate behind an
 * application load balancer, with CPU target tracking.
 *
 * @param name                 service name: stack, cluster, service, log group and repository are named after it
 * @param containerPort        the port the app listens on
 * @param healthPath           the path the target group's health check calls
 * @param cpu                  task CPU units (256 = 0.25 vCPU)
 * @param memory               task memory in MiB
 * @param desiredCount         tasks at start
 * @param minTasks             autoscaling minimum
 * @param maxTasks             autoscaling maximum
 * @param cpuTargetPercent     average CPU the target-tracking policy keeps
 * @param scaleOutCooldown     seconds between scale-outs
 * @param scaleInCooldown      seconds between scale-ins
 * @param vpcId                the VPC
 * @param loadBalancerSubnets  public subnets for the load balancer, in two or more AZs
 * @param taskSubnets          subnets for the tasks (public, or private with a NAT gateway)
 * @param privateTasks         true: tasks get no public IP (private subnets)
 * @param certificateArn       ACM certificate for HTTPS on 443, or null for HTTP only
 * @param logRetentionDays     how long the log group keeps logs
 * @param deregistrationDelay  seconds the load balancer drains a task before it is stopped
 * @param healthCheckGrace     seconds a new task may fail health checks while starting
 * @param healthCheck          the target group's health check
 * @param rollout              how a new image reaches the service: rolling, or blue/green with a bake time
 */
public record ServiceSettings(
        String name,
        int containerPort,
        String healthPath,
        int cpu,
        int memory,
        int desiredCount,
        int minTasks,
        int maxTasks,
        int cpuTargetPercent,
        int scaleOutCooldown,
        int scaleInCooldown,
        String vpcId,
        List<String> loadBalancerSubnets,
        List<String> taskSubnets,
        boolean privateTasks,
        String certificateArn,
        int logRetentionDays,
        int deregistrationDelay,
        int healthCheckGrace,
        HealthCheck healthCheck,
        Rollout rollout) {

    /**
     * The target group's health check, as the stack sets it and the local rehearsal imitates it: a check
     * every {@code intervalSeconds}, each given {@code timeoutSeconds}; {@code healthyThreshold} passes in a
     * row make a target healthy, {@code unhealthyThreshold} failures unhealthy.
     */
    public record HealthCheck(int intervalSeconds, int timeoutSeconds, int healthyThreshold, int unhealthyThreshold) {
        /** The target group's defaults for an HTTP check, but every 15 s instead of 30 s: tasks join sooner. */
        public static final HealthCheck DEFAULT = new HealthCheck(15, 5, 2, 3);
    }

    /** The status codes a health check accepts, as the target group's matcher. */
    public static final String HEALTH_MATCHER = "200-399";
    /** The period of the CPU metric target tracking reads (ECS publishes it every minute). */
    public static final int METRIC_PERIOD_SECONDS = 60;

    /** Task sizes Fargate accepts: CPU units to the memory sizes (MiB) allowed with them. */
    static final Map<Integer, int[]> FARGATE_MEMORY = Map.of(
            256, new int[] {512, 1024, 2048},
            512, range(1024, 4096, 1024),
            1024, range(2048, 8192, 1024),
            2048, range(4096, 16384, 1024),
            4096, range(8192, 30720, 1024),
            8192, range(16384, 61440, 4096),
            16384, range(32768, 122880, 8192));

    private static final Set<Integer> LOG_RETENTION = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
            731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    public ServiceSettings {
        loadBalancerSubnets = List.copyOf(loadBalancerSubnets);
        taskSubnets = List.copyOf(taskSubnets);
    }

    /** Sensible defaults for a small web app, before the user or dockhand.yaml changes them. */
    public static ServiceSettings defaults(String name, int port, String healthPath) {
        return new ServiceSettings(name, port, healthPath == null ? "/" : healthPath, 256, 512, 2, 2, 6, 50, 60, 300,
                null, List.of(), List.of(), false, null, 30, 30, 60, HealthCheck.DEFAULT, Rollout.ROLLING);
    }

    /** The rule a service name follows (it names the stack, the cluster, the load balancer and local files). */
    public static final String NAME_RULE = "a service name starts with a lower-case letter and has only lower-case "
            + "letters, digits and dashes, at most 28 characters (the load balancer's name adds a suffix to it)";

    /** True when {@code name} follows {@link #NAME_RULE}. */
    public static boolean validName(String name) {
        return name != null && name.matches("[a-z][a-z0-9-]{0,27}");
    }

    /** Every problem with these settings, each naming the fix; empty when they can be deployed. */
    public List<String> problems() {
        List<String> problems = shapeProblems();
        if (vpcId == null || vpcId.isBlank()) {
            problems.add("No VPC chosen: pick one (the default VPC is proposed) or pass --vpc.");
        }
        if (loadBalancerSubnets.size() < 2) {
            problems.add("The load balancer needs public subnets in at least two Availability Zones (--subnets).");
        }
        if (taskSubnets.isEmpty()) {
            problems.add("No subnets for the tasks: pass --subnets.");
        }
        return problems;
    }

    /** Why {@code port} cannot be the app's port, or empty when it can. */
    public static java.util.Optional<String> portProblem(int port) {
        return port < 1 || port > 65535 ? java.util.Optional.of("The port " + port + " is not a TCP port (1-65535).")
                : java.util.Optional.empty();
    }

    /** An AWS region's code: eu-west-1, us-gov-west-1, ap-southeast-3, eusc-de-east-1. */
    private static final java.util.regex.Pattern REGION = java.util.regex.Pattern.compile("[a-z]{2,4}(-[a-z]+)+-\\d{1,2}");

    /** Why {@code region} is not an AWS region's code, or empty when it is one. */
    public static java.util.Optional<String> regionProblem(String region) {
        return region != null && REGION.matcher(region).matches() ? java.util.Optional.empty()
                : java.util.Optional.of("\"" + printable(region) + "\" is not an AWS region: give one like eu-west-1 (--region, "
                + "or aws.region in dockhand.yaml).");
    }

    /** Why {@code path} cannot be the target group's health check path, or empty when it can. */
    public static java.util.Optional<String> healthPathProblem(String path) {
        return urlPathProblem("The health path", path).map(problem -> problem + " (the target group's rule), e.g. /health.");
    }

    /**
     * Why {@code path} is not a URL's path and query as the target group takes it (RFC 3986: no space, quote,
     * backslash, brace or fragment; at most 1024 characters), or empty when it is one.
     */
    public static java.util.Optional<String> urlPathProblem(String what, String path) {
        return path != null && path.length() <= 1024 && HEALTH_PATH.matcher(path).matches() ? java.util.Optional.empty()
                : java.util.Optional.of(what + " \"" + printable(path) + "\" must start with \"/\" and hold only what a URL's "
                + "path and query may (letters, digits and - . _ ~ ! $ & ' ( ) * + , ; = : @ / % ?; no spaces, quotes or "
                + "control characters), at most 1024 characters");
    }

    private static final java.util.regex.Pattern HEALTH_PATH = java.util.regex.Pattern.compile(
            "/(?:[A-Za-z0-9\\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2}){0,1023}");

    /**
     * Problems with the service's shape, whatever runs it (AWS or the local rehearsal): name, port, health
     * path, task size, counts and CPU target. The network is checked by {@link #problems()}.
     */
    public List<String> shapeProblems() {
        List<String> problems = new ArrayList<>();
        if (!validName(name)) {
            problems.add("The service name \"" + printable(name) + "\" cannot be used: " + NAME_RULE + ".");
        }
        portProblem(containerPort).ifPresent(problems::add);
        healthPathProblem(healthPath).ifPresent(problems::add);
        int[] memories = FARGATE_MEMORY.get(cpu);
        if (memories == null) {
            problems.add("Fargate has no task size with " + cpu + " CPU units: use 256, 512, 1024, 2048, 4096, 8192 or 16384.");
        } else if (java.util.Arrays.stream(memories).noneMatch(m -> m == memory)) {
            problems.add("Fargate does not run " + cpu + " CPU units with " + memory + " MiB: use " + memories[0] + " to "
                    + memories[memories.length - 1] + " MiB in steps of " + (memories.length > 1 ? memories[1] - memories[0] : 512) + ".");
        }
        if (minTasks < 1) {
            problems.add("At least one task must run (--min 1 or more).");
        }
        if (!(minTasks <= desiredCount && desiredCount <= maxTasks)) {
            problems.add("The task counts must satisfy min <= desired <= max (now " + minTasks + " <= " + desiredCount
                    + " <= " + maxTasks + ").");
        }
        if (cpuTargetPercent < 10 || cpuTargetPercent > 90) {
            problems.add("The CPU target must be between 10 and 90 percent (now " + cpuTargetPercent + ").");
        }
        HealthCheck h = healthCheck;
        if (h.intervalSeconds() < 5 || h.intervalSeconds() > 300) {
            problems.add("The health check interval must be 5 to 300 seconds (health.interval, now " + h.intervalSeconds() + ").");
        }
        if (h.timeoutSeconds() < 2 || h.timeoutSeconds() > 120 || h.timeoutSeconds() >= h.intervalSeconds()) {
            problems.add("The health check timeout must be 2 to 120 seconds and shorter than the interval (health.timeout, now "
                    + h.timeoutSeconds() + " with an interval of " + h.intervalSeconds() + ").");
        }
        if (h.healthyThreshold() < 2 || h.healthyThreshold() > 10 || h.unhealthyThreshold() < 2 || h.unhealthyThreshold() > 10) {
            problems.add("The health check thresholds must be 2 to 10 checks (health.healthyThreshold " + h.healthyThreshold()
                    + ", health.unhealthyThreshold " + h.unhealthyThreshold() + ").");
        }
        if (healthCheckGrace < 0 || healthCheckGrace > 7200) {
            problems.add("The start grace must be 0 to 7200 seconds (health.grace, now " + healthCheckGrace + ").");
        }
        if (deregistrationDelay < 0 || deregistrationDelay > 3600) {
            problems.add("The drain time must be 0 to 3600 seconds, the target group's limit (health.drain, now "
                    + deregistrationDelay + ").");
        }
        if (scaleOutCooldown < 0 || scaleOutCooldown > 3600 || scaleInCooldown < 0 || scaleInCooldown > 3600) {
            problems.add("The scaling cooldowns must be 0 to 3600 seconds (scaling.scaleOutCooldown " + scaleOutCooldown
                    + ", scaling.scaleInCooldown " + scaleInCooldown + ").");
        }
        if (rollout.bakeMinutes() < 0 || rollout.bakeMinutes() > Rollout.MAX_BAKE_MINUTES) {
            problems.add("The bake time must be 0 to " + Rollout.MAX_BAKE_MINUTES + " minutes (aws.bakeMinutes, now "
                    + rollout.bakeMinutes() + ").");
        }
        if (!LOG_RETENTION.contains(logRetentionDays)) {
            problems.add("CloudWatch Logs keeps logs for 1, 3, 5, 7, 14, 30, 60, 90... days, not " + logRetentionDays + ".");
        }
        return problems;
    }

    /** A value as it can be shown in one line of a message: control characters escaped, long ones cut. */
    private static String printable(String value) {
        if (value == null) {
            return "";
        }
        String shown = value.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t").replaceAll("\\p{Cntrl}", "?");
        return shown.length() > 60 ? shown.substring(0, 60) + "…" : shown;
    }

    private static int[] range(int from, int to, int step) {
        int[] values = new int[(to - from) / step + 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = from + i * step;
        }
        return values;
    }
}
