package dev.dockhand.cli;

import dev.dockhand.pipeline.DockerfileFiles;
import dev.dockhand.pipeline.OpenedProject;
import dev.dockhand.pipeline.StepException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code dockhand dockerfile DIR}: print, or write, the Dockerfile and .dockerignore Dockhand proposes. */
@Command(name = "dockerfile", mixinStandardHelpOptions = true,
        description = "Print the proposed Dockerfile; --write writes Dockerfile and .dockerignore into DIR.")
final class DockerfileCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The project folder.")
    Path folder;

    @Option(names = "--write", description = "Write Dockerfile and .dockerignore into the project.")
    boolean write;

    @Option(names = "--force", description = "With --write: replace existing files, keeping a timestamped backup.")
    boolean force;

    @Option(names = "--package", paramLabel = "PATH", description = "In a monorepo, the workspace package to deploy.")
    String workspacePackage;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        OpenedProject project = AnalyzeCommand.open(folder, workspacePackage);
        DockerfileFiles proposal;
        try {
            proposal = project.proposal();
        } catch (StepException e) {
            throw new UserError(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (!write) {
            out.print(proposal.dockerfile());
            out.flush();
            return 0;
        }
        try {
            DockerfileFiles.Saved saved = project.save(proposal, force);
            for (Path backup : saved.backups()) {
                out.println("Backed up " + project.folder().relativize(backup));
            }
            for (Path file : saved.written()) {
                out.println("Wrote " + file);
            }
            for (Path file : saved.unchanged()) {
                out.println("Unchanged " + file);
            }
            out.flush();
            return 0;
        } catch (DockerfileFiles.ExistingFilesException e) {
            throw new UserError(e.getMessage());
        } catch (IOException e) {
            throw new UserError("Cannot write into " + project.folder() + ": " + e.getMessage()
                    + ". Check that the folder is writable.");
        }
    }
}
