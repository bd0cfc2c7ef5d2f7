package dev.dockhand.pipeline;

import dev.dockhand.aws.Rollout;
import dev.dockhand.aws.ServiceSettings;
import dev.dockhand.docker.ImageName;

import java.util.List;

/** Builds the service settings from the analysis and dockhand.yaml; no AWS call needed. */
public final class Deployments {

    private Deployments() {
    }

    /**
     * Settings without a network: for the template command, or before AWS proposes one. Invalid ones
     * (from dockhand.yaml, flags or the wizard) are refused here, where every target reads them, before
     * anything is named, written or started after them.
     */
    public static ServiceSettings baseSettings(OpenedProject project, ProjectSettings saved) throws StepException {
        String strategy = saved.awsOrEmpty().deployment();
        if (strategy != null && Rollout.Strategy.parse(strategy).isEmpty()) {
            throw new StepException("The deployment \"" + strategy + "\" is not one Dockhand knows: " + Rollout.RULE
                    + ". Fix " + ProjectSettings.FILE + " or the flags, then run again.", null, true);
        }
        ServiceSettings settings = unchecked(project, saved);
        List<String> problems = settings.shapeProblems();
        if (!problems.isEmpty()) {
            throw new StepException(String.join("\n", problems) + (saved.service() != null || problems.size() > 1
                    ? "\nFix " + ProjectSettings.FILE + " or the flags, then run again." : ""), null, true);
        }
        return settings;
    }

    private static ServiceSettings unchecked(OpenedProject project, ProjectSettings saved) {
        AnalysisReport report = project.report();
        // A name the user gave is used as given (and refused if it breaks the rule); only the one made from
        // the folder's name is shaped to fit.
        String name = serviceName(project.folder(), saved);
        ServiceSettings d = ServiceSettings.defaults(name,
                saved.port() != null ? saved.port() : report.port(),
                saved.healthPath() != null ? saved.healthPath() : report.healthPath());
        ProjectSettings.Aws aws = saved.awsOrEmpty();
        ProjectSettings.Health health = saved.health() != null ? saved.health() : new ProjectSettings.Health(null, null, null, null, null, null);
        ProjectSettings.Scaling scaling = saved.scaling() != null ? saved.scaling() : new ProjectSettings.Scaling(null, null);
        ServiceSettings.HealthCheck check = d.healthCheck();
        return new ServiceSettings(d.name(), d.containerPort(), d.healthPath(),
                saved.cpu() != null ? saved.cpu() : d.cpu(),
                saved.memory() != null ? saved.memory() : d.memory(),
                saved.desired() != null ? saved.desired() : d.desiredCount(),
                saved.min() != null ? saved.min() : d.minTasks(),
                saved.max() != null ? saved.max() : d.maxTasks(),
                saved.cpuTarget() != null ? saved.cpuTarget() : d.cpuTargetPercent(),
                or(scaling.scaleOutCooldown(), d.scaleOutCooldown()), or(scaling.scaleInCooldown(), d.scaleInCooldown()),
                aws.vpc(),
                aws.loadBalancerSubnets() != null ? aws.loadBalancerSubnets() : aws.subnets() != null ? aws.subnets() : List.of(),
                aws.subnets() != null ? aws.subnets() : List.of(),
                Boolean.TRUE.equals(aws.privateSubnets()),
                aws.certificateArn(),
                d.logRetentionDays(), or(health.drain(), d.deregistrationDelay()), or(health.grace(), d.healthCheckGrace()),
                new ServiceSettings.HealthCheck(or(health.interval(), check.intervalSeconds()), or(health.timeout(), check.timeoutSeconds()),
                        or(health.healthyThreshold(), check.healthyThreshold()), or(health.unhealthyThreshold(), check.unhealthyThreshold())),
                rollout(aws));
    }

    /** The rollout dockhand.yaml or the flags chose; rolling when none (checked by {@link #baseSettings}). */
    private static Rollout rollout(ProjectSettings.Aws aws) {
        Rollout.Strategy strategy = Rollout.Strategy.parse(aws.deployment()).orElse(Rollout.Strategy.ROLLING);
        return new Rollout(strategy, aws.bakeMinutes() != null ? aws.bakeMinutes()
                : strategy == Rollout.Strategy.BLUE_GREEN ? Rollout.DEFAULT_BAKE_MINUTES : 0);
    }

    private static int or(Integer chosen, int fallback) {
        return chosen != null ? chosen : fallback;
    }

    /**
     * The service's (and the rehearsal's) name without analysing the folder: dockhand.yaml's {@code service},
     * else one made from the folder's name.
     */
    public static String serviceName(java.nio.file.Path folder, ProjectSettings saved) {
        return saved.service() != null ? saved.service() : nameFromFolder(folder);
    }

    private static String nameFromFolder(java.nio.file.Path folder) {
        String name = ImageName.repository(folder)
                .replaceAll("[^a-z0-9-]", "-").replaceAll("^[^a-z]+", "").replaceAll("-+$", "");
        if (name.isEmpty()) {
            return "app";
        }
        return name.length() > 28 ? name.substring(0, 28).replaceAll("-+$", "") : name;
    }

    static ServiceSettings withNetwork(ServiceSettings s, String vpc, List<String> loadBalancerSubnets, List<String> taskSubnets,
                                       boolean privateTasks) {
        return new ServiceSettings(s.name(), s.containerPort(), s.healthPath(), s.cpu(), s.memory(), s.desiredCount(),
                s.minTasks(), s.maxTasks(), s.cpuTargetPercent(), s.scaleOutCooldown(), s.scaleInCooldown(), vpc,
                loadBalancerSubnets, taskSubnets, privateTasks, s.certificateArn(), s.logRetentionDays(),
                s.deregistrationDelay(), s.healthCheckGrace(), s.healthCheck(), s.rollout());
    }
}
