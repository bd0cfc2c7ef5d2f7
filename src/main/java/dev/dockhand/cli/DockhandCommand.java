package dev.dockhand.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dockhand}: every step of the flow as a command, for scripts and CI/CD. */
@Command(name = "dockhand",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "From a project folder to a scalable, watched container service.",
        subcommands = {AnalyzeCommand.class, DockerfileCommand.class, BuildCommand.class, TestCommand.class,
                ConfigCommand.class, PushCommand.class, TemplateCommand.class, DeployCommand.class, DestroyCommand.class, WorkflowCommand.class,
                StatusCommand.class, LoadCommand.class, RehearsalDaemonCommand.class,
                CommandLine.HelpCommand.class})
public final class DockhandCommand implements Runnable {

    /** Exit code for bad input: a missing folder, a malformed file, an existing file in the way. */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and returns the exit code. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line: user errors print one line and exit 2, never a stack trace. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DockhandCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UserError userError) {
                commandLine.getErr().println("dockhand: " + userError.getMessage());
                return userError.exitCode();
            }
            commandLine.getErr().println("dockhand: unexpected error: " + e
                    + ". Please report it with the command you ran.");
            return 1;
        });
        return cli;
    }
}
