package dev.dockhand.cli;

import dev.dockhand.aws.ServiceSettings;
import dev.dockhand.aws.StackTemplate;
import dev.dockhand.pipeline.OpenedProject;
import dev.dockhand.pipeline.ProjectSettings;
import dev.dockhand.pipeline.StepException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code dockhand template DIR}: prints the CloudFormation template of the service. No AWS call. */
@Command(name = "template", mixinStandardHelpOptions = true,
        description = "Print the CloudFormation template for DIR's service (ECS Fargate, load balancer, autoscaling).")
final class TemplateCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The project folder.")
    Path folder;

    @Option(names = "--image", paramLabel = "URI", description = "Image URI with an immutable tag, shown as the ImageUri default.")
    String image;

    @CommandLine.Mixin
    AwsOptions options;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BuildCommand.checkProjectFolder(folder);
        ProjectSettings settings = DeployCommand.loadSettings(folder).with(options.asSettings());
        OpenedProject project = AnalyzeCommand.open(folder, settings.workspacePackage());
        ServiceSettings service = DeployCommand.baseSettings(project, settings);
        if (image != null) {
            DeployCommand.checkImageUri(image);
        }
        // Offline: the template references the service's secret through its parameters, whose values the
        // deploy passes; plain values are read from their sources here as the deploy would.
        var config = DeployCommand.configValues(project, settings);
        String template = StackTemplate.yaml(service, config.task(java.util.List.of()), image);
        spec.commandLine().getOut().print(template);
        spec.commandLine().getOut().flush();
        return 0;
    }

    static UserError badInput(StepException e) {
        return new UserError(e.getMessage(), e.badInput() ? DockhandCommand.BAD_INPUT : 1);
    }
}
