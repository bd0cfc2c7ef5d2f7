package dev.dockhand.cli;

import dev.dockhand.pipeline.ImageReports;
import dev.dockhand.pipeline.ImageSteps;
import dev.dockhand.pipeline.StepException;
import dev.dockhand.pipeline.StepListener;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;

/** {@code dockhand push}: pushes an image to a registry with basic-auth credentials; prints the digest last. */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Push the image to a registry (REGISTRY/REPOSITORY:TAG); the password is read from stdin.")
final class PushCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The project folder.")
    Path folder;

    @Option(names = "--image", paramLabel = "REF", description = "Local image to push. Default: the newest one built for DIR.")
    String image;

    @Option(names = "--to", paramLabel = "REGISTRY/REPO:TAG", required = true, description = "Where to push it.")
    String target;

    @Option(names = "--username", paramLabel = "USER", required = true, description = "Registry user (AWS for Amazon ECR).")
    String username;

    @Option(names = "--password-stdin", description = "Read the password from standard input (never give it as an argument).")
    boolean passwordStdin;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BuildCommand.checkProjectFolder(folder);
        if (!passwordStdin) {
            throw new UserError("Give the registry password on standard input with --password-stdin, e.g. "
                    + "`aws ecr get-login-password | dockhand push ... --password-stdin`.");
        }
        String password = readPassword();
        PrintWriter out = spec.commandLine().getOut();
        try (ImageSteps steps = BuildCommand.connect(); Interruptible ignored = new Interruptible()) {
            String source = image != null ? image : steps.latestImage(folder.toAbsolutePath().normalize())
                    .orElseThrow(() -> new UserError("No image has been built for " + folder + " yet: run `dockhand build "
                            + dev.dockhand.pipeline.NextCommands.shellWord(folder.toString()) + "` first, or name one with --image."));
            ImageReports.Push pushed = steps.push(source, target, username, password, new StepListener() {
                @Override
                public void log(String line) {
                    out.println(line);
                    out.flush();
                }
            });
            out.println("Pushed " + pushed.target());
            out.println(pushed.digest());
            out.flush();
            return 0;
        } catch (StepException e) {
            throw new UserError(e.getMessage(), e.badInput() ? DockhandCommand.BAD_INPUT : 1);
        } catch (CancellationException e) {
            throw new UserError(e.getMessage(), 130);
        }
    }

    private static String readPassword() {
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new UserError("No password on standard input: pipe it in, e.g. `echo \"$TOKEN\" | dockhand push ...`.");
            }
            return line.strip();
        } catch (IOException e) {
            throw new UserError("Cannot read the password from standard input: " + e.getMessage());
        }
    }
}
