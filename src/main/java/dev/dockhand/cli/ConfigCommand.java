package dev.dockhand.cli;

import dev.dockhand.pipeline.ConfigPlan;
import dev.dockhand.pipeline.ConfigValues;
import dev.dockhand.pipeline.OpenedProject;
import dev.dockhand.pipeline.ProjectSettings;
import dev.dockhand.pipeline.StepException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dockhand config DIR}: the variables the app reads, each secret or plain, and where its value
 * comes from; with --secret, --plain or --from, changes them in dockhand.yaml. Never prints a value.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Show (and change) the app's configuration: variables, kinds and where their values come from.")
final class ConfigCommand implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The project folder.")
    Path folder;

    @Option(names = "--json", description = "Print one JSON object: {variables: [{name, kind, from, readAt, hasValue}], notes}.")
    boolean json;

    @Option(names = "--secret", paramLabel = "NAME", description = "Make NAME a secret (stored in Secrets Manager on deploy).")
    List<String> secrets = new ArrayList<>();

    @Option(names = "--plain", paramLabel = "NAME", description = "Make NAME a plain variable (in the task definition).")
    List<String> plains = new ArrayList<>();

    @Option(names = "--from", paramLabel = "NAME=SOURCE", description = "Where NAME's value comes from: a dotenv file (.env), "
            + "environment, stored (kept in Secrets Manager), omit, or an ARN of a secret or SSM parameter.")
    Map<String, String> sources = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        BuildCommand.checkProjectFolder(folder);
        ProjectSettings settings = DeployCommand.loadSettings(folder);
        OpenedProject project = AnalyzeCommand.open(folder, settings.workspacePackage());
        PrintWriter out = spec.commandLine().getOut();
        try {
            ConfigPlan plan = project.configPlan(settings);
            boolean changed = !secrets.isEmpty() || !plains.isEmpty() || !sources.isEmpty();
            if (changed) {
                Map<String, ProjectSettings.ConfigEntry> entries = new LinkedHashMap<>(plan.toSettings());
                for (String name : secrets) {
                    entries.merge(name, new ProjectSettings.ConfigEntry("secret", "omit"),
                            (old, n) -> new ProjectSettings.ConfigEntry("secret", old.from()));
                }
                for (String name : plains) {
                    entries.merge(name, new ProjectSettings.ConfigEntry("plain", "omit"),
                            (old, n) -> new ProjectSettings.ConfigEntry("plain", old.from()));
                }
                sources.forEach((name, from) -> entries.merge(name, new ProjectSettings.ConfigEntry(null, from),
                        (old, n) -> new ProjectSettings.ConfigEntry(old.kind(), from)));
                plan = project.configPlan(settings.withConfig(entries)); // checks every entry before anything is saved
                project.saveConfig(plan);
                out.println("Saved in " + ProjectSettings.FILE + " (names, kinds and sources; never a value).");
            }
            ConfigValues values = project.configValues(plan, Map.of());
            java.util.Set<String> known = new java.util.HashSet<>();
            values.containerEnvironment().forEach(e -> known.add(e.substring(0, e.indexOf('='))));
            if (json) {
                List<Map<String, Object>> variables = new ArrayList<>();
                for (ConfigPlan.Item item : plan.items()) {
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("name", item.name());
                    v.put("kind", item.secret() ? "secret" : "plain");
                    v.put("from", item.from());
                    v.put("readAt", item.readAt());
                    v.put("hasDefault", item.hasDefault());
                    v.put("hasValue", known.contains(item.name()));
                    variables.add(v);
                }
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("variables", variables);
                result.put("notes", values.localNotes());
                out.println(AnalyzeCommand.toJson(result));
            } else if (plan.isEmpty()) {
                out.println("The app reads no configuration Dockhand could find (no .env files, no environment reads).");
            } else {
                out.printf("%-28s %-7s %-40s %s%n", "VARIABLE", "KIND", "VALUE FROM", "READ AT");
                for (ConfigPlan.Item item : plan.items()) {
                    out.printf("%-28s %-7s %-40s %s%n", item.name(), item.secret() ? "secret" : "plain",
                            item.describeSource() + (known.contains(item.name()) || item.source() == ConfigPlan.Source.ARN
                                    || item.source() == ConfigPlan.Source.OMIT ? "" : " (no value here)"),
                            item.readAt().isEmpty() ? "-" : String.join(", ", item.readAt()));
                }
                out.println();
                out.println("Secrets are stored in AWS Secrets Manager on deploy and reach the task through its Secrets; plain "
                        + "values go into its Environment. Change one with --secret/--plain NAME or --from NAME=SOURCE.");
            }
            out.flush();
            return 0;
        } catch (StepException e) {
            throw TemplateCommand.badInput(e);
        }
    }
}
