package dev.dockhand.cli;

import dev.dockhand.pipeline.ProjectSettings;
import picocli.CommandLine.Option;

import java.util.List;

/** The settings flags shared by template and deploy; each is also read from and saved to dockhand.yaml. */
final class AwsOptions {

    @Option(names = "--profile", paramLabel = "PROFILE", description = "AWS profile, before AWS_PROFILE and keys in the environment (default: AWS_PROFILE, the environment's credentials, dockhand.yaml's profile, then \"default\").")
    String profile;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: AWS_REGION or the profile's).")
    String region;

    @Option(names = "--service", paramLabel = "NAME", description = "Service and stack name (default: the folder's name).")
    String service;

    @Option(names = "--desired", paramLabel = "N", description = "Tasks at start.")
    Integer desired;

    @Option(names = "--min", paramLabel = "N", description = "Fewest tasks autoscaling keeps.")
    Integer min;

    @Option(names = "--max", paramLabel = "N", description = "Most tasks autoscaling starts.")
    Integer max;

    @Option(names = "--cpu-target", paramLabel = "PERCENT", description = "Average CPU the scaling policy keeps.")
    Integer cpuTarget;

    @Option(names = "--cpu", paramLabel = "UNITS", description = "Task CPU units: 256, 512, 1024, 2048, 4096...")
    Integer cpu;

    @Option(names = "--memory", paramLabel = "MIB", description = "Task memory in MiB, allowed with the CPU units.")
    Integer memory;

    @Option(names = "--port", paramLabel = "PORT", description = "The app's port (default: the analysed one).")
    Integer port;

    @Option(names = "--health-path", paramLabel = "PATH", description = "The path the load balancer checks.")
    String healthPath;

    @Option(names = "--vpc", paramLabel = "VPC_ID", description = "VPC to run in (default: the default VPC).")
    String vpc;

    @Option(names = "--subnets", paramLabel = "SUBNET", split = ",", description = "Subnets for the tasks (and the load balancer).")
    List<String> subnets;

    @Option(names = "--lb-subnets", paramLabel = "SUBNET", split = ",", description = "Public subnets for the load balancer.")
    List<String> loadBalancerSubnets;

    @Option(names = "--private", description = "Run tasks in private subnets, without public IPs.")
    Boolean privateSubnets;

    @Option(names = "--certificate", paramLabel = "ARN", description = "ACM certificate for HTTPS on port 443.")
    String certificateArn;

    @Option(names = "--deployment", paramLabel = "rolling|blue-green", description = "How a new image reaches the service: "
            + "rolling (default), or ECS's native blue/green (the new revision answers on port 8080 first, then takes all traffic; "
            + "the old one stays ready for the bake time).")
    String deployment;

    @Option(names = "--bake-minutes", paramLabel = "N", description = "Blue/green: minutes the old revision stays ready after the "
            + "switch, for an instant rollback (default 10).")
    Integer bakeMinutes;

    /** The flags given, as settings that override dockhand.yaml. */
    ProjectSettings asSettings() {
        ProjectSettings.Aws aws = new ProjectSettings.Aws(profile, region, vpc, subnets, loadBalancerSubnets, privateSubnets, certificateArn,
                deployment, bakeMinutes);
        return ProjectSettings.shape(service, port, healthPath, cpu, memory, desired, min, max, cpuTarget)
                .withAws(aws.equals(ProjectSettings.Aws.empty()) ? null : aws);
    }
}
