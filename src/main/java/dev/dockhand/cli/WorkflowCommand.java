package dev.dockhand.cli;

import dev.dockhand.pipeline.CiWorkflow;
import dev.dockhand.pipeline.ProjectSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;

/** {@code dockhand workflow DIR --role-arn ARN}: writes a GitHub Actions workflow that deploys with OIDC. */
@Command(name = "workflow", mixinStandardHelpOptions = true,
        description = "Write a GitHub Actions workflow that builds, pushes and deploys with an IAM role (OIDC), no keys.")
final class WorkflowCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The project folder.")
    Path folder;

    @Option(names = "--role-arn", required = true, paramLabel = "ARN", description = "IAM role GitHub Actions assumes.")
    String roleArn;

    @Option(names = "--branch", defaultValue = "main", paramLabel = "BRANCH", description = "Branch that deploys (default: ${DEFAULT-VALUE}).")
    String branch;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region (default: the one in dockhand.yaml).")
    String region;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BuildCommand.checkProjectFolder(folder);
        String problem = CiWorkflow.problem(roleArn, branch);
        if (problem != null) {
            throw new UserError(problem);
        }
        ProjectSettings settings = DeployCommand.loadSettings(folder);
        String chosenRegion = region != null ? region : settings.awsOrEmpty().region();
        if (chosenRegion == null) {
            throw new UserError("No region: pass --region, or deploy once so dockhand.yaml records it.");
        }
        String service = DeployCommand.baseSettings(AnalyzeCommand.open(folder, settings.workspacePackage()), settings).name();
        String invalid = CiWorkflow.problem(service, chosenRegion, roleArn, branch);
        if (invalid != null) {
            throw new UserError(invalid); // nothing is written: the workflow would not be the one asked for
        }
        try {
            Path file = CiWorkflow.write(folder.toAbsolutePath().normalize(), CiWorkflow.yaml(service, chosenRegion, roleArn, branch));
            spec.commandLine().getOut().println("Wrote " + file);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            throw new UserError("Cannot write the workflow into " + folder + ": " + e.getMessage(), 1);
        } catch (dev.dockhand.pipeline.StepException e) {
            throw TemplateCommand.badInput(e);
        }
    }
}
