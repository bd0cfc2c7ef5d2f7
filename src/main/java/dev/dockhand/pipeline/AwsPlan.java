package dev.dockhand.pipeline;

import dev.dockhand.aws.ServiceSettings;

import java.util.List;

/**
 * What will be deployed where, as the Target page shows it: the account, the network AWS proposed or
 * the user chose, the service's shape, its estimated cost, and anything that must be fixed first.
 */
public final class AwsPlan {

    private final String account;
    private final String identity;
    private final String region;
    private final ServiceSettings settings;
    private final String cost;
    private final java.nio.file.Path project;

    AwsPlan(java.nio.file.Path project, String account, String identity, String region, ServiceSettings settings, String cost) {
        this.project = project;
        this.account = account;
        this.identity = identity;
        this.region = region;
        this.settings = settings;
        this.cost = cost;
    }

    public String account() {
        return account;
    }

    public String identity() {
        return identity;
    }

    public String region() {
        return region;
    }

    public String serviceName() {
        return settings.name();
    }

    public String vpc() {
        return settings.vpcId();
    }

    public List<String> loadBalancerSubnets() {
        return settings.loadBalancerSubnets();
    }

    public List<String> taskSubnets() {
        return settings.taskSubnets();
    }

    public boolean privateTasks() {
        return settings.privateTasks();
    }

    public String cost() {
        return cost;
    }

    public List<String> problems() {
        return settings.problems();
    }

    /** The summary line of the service's shape, e.g. "0.25 vCPU, 512 MiB; 2 tasks (2 to 6), CPU target 50%". */
    public String shape() {
        return String.format(java.util.Locale.ROOT, "%s vCPU, %d MiB per task; %d tasks (%d to %d), CPU target %d%%; port %d, health %s",
                new java.math.BigDecimal(settings.cpu()).divide(new java.math.BigDecimal(1024)).stripTrailingZeros().toPlainString(),
                settings.memory(), settings.desiredCount(), settings.minTasks(), settings.maxTasks(), settings.cpuTargetPercent(),
                settings.containerPort(), settings.healthPath())
                + (settings.rollout().blueGreen() ? "; blue/green, the old revision kept " + settings.rollout().bakeMinutes()
                        + " min after the switch" : "; rolling updates");
    }

    ServiceSettings settings() {
        return settings;
    }

    /** The project folder the plan deploys. */
    public java.nio.file.Path project() {
        return project;
    }
}
