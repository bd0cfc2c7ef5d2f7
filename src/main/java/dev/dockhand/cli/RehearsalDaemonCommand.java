package dev.dockhand.cli;

import dev.dockhand.pipeline.LocalSteps;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** The background process of a local rehearsal; started by deploy, not by users. */
@Command(name = "rehearsal-daemon", hidden = true, description = "Run a local rehearsal in this process (started by deploy).")
final class RehearsalDaemonCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC")
    Path specFile;

    @Parameters(index = "1", paramLabel = "STATE")
    Path stateFile;

    @Override
    public Integer call() throws Exception {
        LocalSteps.runDaemon(specFile, stateFile);
        return 0;
    }
}
