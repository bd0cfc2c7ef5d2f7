package dev.dockhand.pipeline;

import dev.dockhand.aws.ServiceSettings;
import dev.dockhand.docker.ImageName;

import java.util.List;

/** Builds the service settings from the analysis and dockhand.yaml; no AWS call needed. */
public final class Deployments {

    private Deployments() {
    }

    /** Settings without a network: for the template command, or before AWS proposes one. */
    public static ServiceSettings baseSettings(OpenedProject project, ProjectSettings saved) {
        AnalysisReport report = project.report();
        String name = saved.service() != null ? saved.service() : ImageName.repository(project.folder())
                .replaceAll("[^a-z0-9-]", "-").replaceAll("^[^a-z]+", "").replaceAll("-+$", "");
        if (name.isEmpty()) {
            name = "app";
        }
        if (name.length() > 28) {
            name = name.substring(0, 28).replaceAll("-+$", "");
        }
        ServiceSettings d = ServiceSettings.defaults(name,
                saved.port() != null ? saved.port() : report.port(),
                saved.healthPath() != null ? saved.healthPath() : report.healthPath());
        ProjectSettings.Aws aws = saved.awsOrEmpty();
        return new ServiceSettings(d.name(), d.containerPort(), d.healthPath(),
                saved.cpu() != null ? saved.cpu() : d.cpu(),
                saved.memory() != null ? saved.memory() : d.memory(),
                saved.desired() != null ? saved.desired() : d.desiredCount(),
                saved.min() != null ? saved.min() : d.minTasks(),
                saved.max() != null ? saved.max() : d.maxTasks(),
                saved.cpuTarget() != null ? saved.cpuTarget() : d.cpuTargetPercent(),
                d.scaleOutCooldown(), d.scaleInCooldown(),
                aws.vpc(),
                aws.loadBalancerSubnets() != null ? aws.loadBalancerSubnets() : aws.subnets() != null ? aws.subnets() : List.of(),
                aws.subnets() != null ? aws.subnets() : List.of(),
                Boolean.TRUE.equals(aws.privateSubnets()),
                aws.certificateArn(),
                d.logRetentionDays(), d.deregistrationDelay(), d.healthCheckGrace());
    }

    static ServiceSettings withNetwork(ServiceSettings s, String vpc, List<String> loadBalancerSubnets, List<String> taskSubnets,
                                       boolean privateTasks) {
        return new ServiceSettings(s.name(), s.containerPort(), s.healthPath(), s.cpu(), s.memory(), s.desiredCount(),
                s.minTasks(), s.maxTasks(), s.cpuTargetPercent(), s.scaleOutCooldown(), s.scaleInCooldown(), vpc,
                loadBalancerSubnets, taskSubnets, privateTasks, s.certificateArn(), s.logRetentionDays(),
                s.deregistrationDelay(), s.healthCheckGrace());
    }
}
