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

    /**
     * A path argument. Under the C or POSIX locale this Java reads file names as ASCII, so a name with "é" has
     * already lost its letters: say so and how to run, rather than Java's InvalidPathException.
     */
    static java.nio.file.Path path(String value) {
        try {
            return java.nio.file.Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new CommandLine.TypeConversionException("the path \"" + value + "\" cannot be used: "
                    + (!String.valueOf(System.getProperty("sun.jnu.encoding")).toUpperCase(java.util.Locale.ROOT).contains("UTF")
                    && !System.getProperty("os.name", "").startsWith("Windows") ? "this Java reads file names as ASCII ("
                    + System.getProperty("sun.jnu.encoding") + ", the C or POSIX locale), so its non-ASCII letters are lost. "
                    + "Run Dockhand with a UTF-8 locale, e.g. LANG=C.UTF-8 (or en_US.UTF-8)." : e.getReason() + "."));
        }
    }

    /** The configured command line: user errors print one line and exit 2, never a stack trace. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new DockhandCommand());
        cli.registerConverter(java.nio.file.Path.class, DockhandCommand::path);
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
