package dev.dockhand.cli;

import dev.dockhand.aws.DeployListener;
import dev.dockhand.aws.DeployOutcome;
import dev.dockhand.pipeline.AwsSteps;
import dev.dockhand.pipeline.ProjectSettings;
import dev.dockhand.pipeline.StepException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CancellationException;

/** {@code dockhand destroy DIR --target aws --yes}: deletes the service's stack (and, if asked, its images). */
@Command(name = "destroy", mixinStandardHelpOptions = true, description = "Delete DIR's deployed service.")
final class DestroyCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The project folder.")
    Path folder;

    @Option(names = "--target", required = true, paramLabel = "aws|local", description = "Where the service runs.")
    String target;

    @Option(names = "--delete-images", description = "Also delete the ECR repository and its images.")
    boolean deleteImages;

    @Option(names = "--delete-secret", description = "Also delete the secret Dockhand stored for the service in Secrets "
            + "Manager (restorable for 7 days). Secrets Dockhand did not create are never touched.")
    boolean deleteSecret;

    @Option(names = "--yes", description = "Confirm the deletion (required: it cannot be undone).")
    boolean yes;

    @Option(names = "--adopt", paramLabel = "NAME", description = "Confirm that the stack (or repository) NAME, made by an earlier "
            + "version of Dockhand without its mark, is this service's, so that it may be deleted (--yes does not).")
    String adopt;

    @Option(names = "--json", description = "Print {stackName, stackStatus, failedResource, reason} last.")
    boolean json;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "AWS profile, before AWS_PROFILE and keys in the environment (default: AWS_PROFILE, the environment's credentials, dockhand.yaml's profile, then \"default\").")
    String profile;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region.")
    String region;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private int destroyLocal() {
        String name = LocalCommands.name(folder);
        if (!yes) {
            throw new UserError("This stops the local rehearsal " + name + " and removes its containers: run again with --yes.");
        }
        try {
            int removed = LocalCommands.steps().destroy(name, java.time.Duration.ofSeconds(90));
            PrintWriter out = spec.commandLine().getOut();
            out.println("Stopped the rehearsal " + name + "; removed " + removed + " container(s) left over.");
            if (json) {
                out.println(AnalyzeCommand.toJson(java.util.Map.of("name", name, "removedContainers", removed)));
            }
            out.flush();
            return 0;
        } catch (StepException e) {
            throw TemplateCommand.badInput(e);
        }
    }

    @Override
    public Integer call() {
        BuildCommand.checkProjectFolder(folder);
        if (!target.equals("aws") && !target.equals("local")) {
            throw new UserError("Unknown target \"" + target + "\": use --target aws or --target local.");
        }
        if (target.equals("local")) {
            return destroyLocal();
        }
        ProjectSettings settings = DeployCommand.loadSettings(folder);
        String stackName = DeployCommand.baseSettings(AnalyzeCommand.open(folder, settings.workspacePackage()), settings).name();
        if (!yes) {
            throw new UserError("This deletes stack " + stackName + (deleteImages ? " and its images" : "")
                    + (deleteSecret ? " and its secret in Secrets Manager (restorable for " + AwsSteps.SECRET_RECOVERY_DAYS
                    + " days)" : "") + " and cannot be undone: run again with --yes to confirm.");
        }
        PrintWriter out = spec.commandLine().getOut();
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
        String chosenRegion = region != null ? region : settings.awsOrEmpty().region();
        try (AwsSteps aws = AwsSteps.open(profile, settings.awsOrEmpty().profile(), chosenRegion); Interruptible ignored = new Interruptible()) {
            DeployOutcome outcome = aws.destroy(stackName, deleteImages, deleteSecret, DeployListener.forDeletion(e -> {
                out.printf("  %s  %-28s %-22s %s%n", time.format(e.time()), e.logicalId(), e.status(),
                        e.reason() == null ? "" : e.reason());
                out.flush();
            }, text -> {
                out.println(text);
                out.flush();
            }, (name, question) -> EarlierResources.confirm(out, adopt, name, question)));
            out.println(outcome.reason() != null ? outcome.reason() : "Deleted stack " + stackName);
            if (json) {
                out.println(AnalyzeCommand.toJson(DeployCommand.jsonOf(outcome)));
            }
            out.flush();
            return "DELETE_COMPLETE".equals(outcome.stackStatus()) ? 0 : 1;
        } catch (StepException e) {
            throw TemplateCommand.badInput(e);
        } catch (CancellationException e) {
            throw new UserError(e.getMessage(), 130);
        }
    }
}
