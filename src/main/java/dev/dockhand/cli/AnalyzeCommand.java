package dev.dockhand.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dockhand.pipeline.AnalysisReport;
import dev.dockhand.pipeline.OpenedProject;
import dev.dockhand.pipeline.StepException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code dockhand analyze DIR}: stack, versions, start command, port, health path and readiness findings. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Analyse a project folder and report what will break in containers.")
final class AnalyzeCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The project folder.")
    Path folder;

    @Option(names = "--json", description = "Print one JSON object instead of a report.")
    boolean json;

    @Option(names = "--package", paramLabel = "PATH", description = "In a monorepo, the workspace package to deploy.")
    String workspacePackage;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        AnalysisReport report = open(folder, workspacePackage).report();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(report));
        } else {
            printReport(report, out);
        }
        out.flush();
        return 0;
    }

    static OpenedProject open(Path folder, String workspacePackage) {
        try {
            return OpenedProject.open(folder, workspacePackage);
        } catch (StepException e) {
            throw new UserError(e.getMessage());
        }
    }

    static String toJson(Object value) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static void printReport(AnalysisReport r, PrintWriter out) {
        out.printf("%s%n", r.path());
        out.printf("  Stack            %s%s%n", r.stackName(), r.framework() == null ? "" : " (" + r.framework() + ")");
        out.printf("  Runtime          %s%s%n", value(r.runtimeVersion()),
                r.versionSource() == null ? "" : "   from " + r.versionSource());
        if (r.packageManager() != null || r.buildTool() != null) {
            out.printf("  Dependencies     %s%s%n", r.packageManager() != null ? r.packageManager() : r.buildTool(),
                    r.lockfile() == null ? "   (no lockfile)" : "   (" + r.lockfile() + ")");
        }
        if (!r.workspaces().isEmpty()) {
            out.printf("  Workspaces       %s   (deploying %s)%n", String.join(", ", r.workspaces()),
                    r.appDirectory().isEmpty() ? "the root" : r.appDirectory());
        }
        out.printf("  Start            %s%n", value(r.startCommand()));
        if (r.startReason() != null) {
            out.printf("                   (%s)%n", r.startReason());
        }
        out.printf("  Build            %s%n", value(r.buildCommand()));
        out.printf("  Port             %d%s%n", r.port(), chosen(r.portSource()));
        out.printf("  Health path      %s%s%n", value(r.healthPath()), chosen(r.healthPathSource()));
        if (!r.configuration().isEmpty()) {
            out.printf("  Configuration    %s%n", String.join(", ", r.configuration().stream()
                    .map(v -> v.name() + (v.kind().equals("secret") ? " (secret)" : "")).toList()));
            out.println("                   (see `dockhand config DIR`)");
        }
        out.println();
        if (r.findings().isEmpty()) {
            out.println("Readiness: nothing found that would break in containers.");
            return;
        }
        out.printf("Readiness: %d error(s), %d warning(s), %d note(s)%n", r.count("error"), r.count("warning"), r.count("info"));
        for (AnalysisReport.ReadinessFinding f : r.findings()) {
            out.printf("  [%s] %s%s%n", f.severity(), f.id(), f.location().isEmpty() ? "" : "  " + f.location());
            out.printf("      %s%n", f.message());
            out.printf("      Fix: %s%n", f.fix());
        }
    }

    /** "   (from dockhand.yaml)" for a value the user chose, nothing for a detected one. */
    private static String chosen(String source) {
        return AnalysisReport.DETECTED.equals(source) ? "" : "   (from " + source + ")";
    }

    private static String value(String s) {
        return s == null ? "(none found)" : s;
    }
}
