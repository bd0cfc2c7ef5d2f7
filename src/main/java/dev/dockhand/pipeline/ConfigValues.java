package dev.dockhand.pipeline;

import dev.dockhand.aws.TaskConfiguration;
import dev.dockhand.project.ConfigKind;
import dev.dockhand.project.DotEnv;
import dev.dockhand.project.ProjectLinks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values of a {@link ConfigPlan}, read for one run: from the project's dotenv files, Dockhand's
 * environment and what the user typed in this session. Lives in memory only; {@link #toString()} names
 * keys, never values.
 */
public final class ConfigValues {

    private final ConfigPlan plan;
    private final Map<String, String> values;
    private final Set<String> unavailable;
    private final List<String> notes;

    private ConfigValues(ConfigPlan plan, Map<String, String> values, Set<String> unavailable, List<String> notes) {
        this.plan = plan;
        this.values = Collections.unmodifiableMap(values);
        this.unavailable = Collections.unmodifiableSet(unavailable);
        this.notes = List.copyOf(notes);
    }

    public static ConfigValues none() {
        return new ConfigValues(ConfigPlan.empty(), new LinkedHashMap<>(), new LinkedHashSet<>(), List.of());
    }

    /**
     * Reads the plan's values.
     *
     * @param typed       values typed in this session (the wizard's fields), by key
     * @param environment Dockhand's own environment ({@code System.getenv()})
     */
    public static ConfigValues read(Path project, ConfigPlan plan, Map<String, String> typed, Map<String, String> environment)
            throws StepException {
        Map<String, DotEnv> files = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        Set<String> unavailable = new LinkedHashSet<>();
        List<String> notes = new ArrayList<>();
        for (ConfigPlan.Item item : plan.items()) {
            String value = switch (item.source()) {
                case DOTENV -> {
                    DotEnv env = files.computeIfAbsent(item.file(), f -> load(project, f));
                    yield env == null ? null : env.value(item.name());
                }
                case ENVIRONMENT -> environment.get(item.name());
                case STORED -> typed.get(item.name());
                case ARN, OMIT -> null;
            };
            if (typed.containsKey(item.name()) && item.source() != ConfigPlan.Source.OMIT && item.source() != ConfigPlan.Source.ARN) {
                value = typed.get(item.name());
            }
            if (value != null) {
                values.put(item.name(), value);
            } else if (item.source() == ConfigPlan.Source.DOTENV || item.source() == ConfigPlan.Source.ENVIRONMENT
                    || item.source() == ConfigPlan.Source.STORED) {
                unavailable.add(item.name());
                notes.add(item.name() + ": no value here (" + switch (item.source()) {
                    case DOTENV -> files.get(item.file()) == null ? item.file() + " is not in the project" : item.file() + " does not set it";
                    case ENVIRONMENT -> "Dockhand's environment does not set it";
                    default -> "it is kept in Secrets Manager and was not typed in this session";
                } + ")");
            }
        }
        return new ConfigValues(plan, values, unavailable, notes);
    }

    private static DotEnv load(Path project, String file) {
        Path path = project.resolve(file).normalize();
        if (!path.startsWith(project.normalize()) || !ProjectLinks.isProjectFile(project, path)) {
            return null; // a link out of the project is never read: its values would be any file the user can read
        }
        try {
            return DotEnv.parse(ProjectLinks.readString(project, path));
        } catch (IOException e) {
            return null;
        }
    }

    public ConfigPlan plan() {
        return plan;
    }

    /** Lines about keys that have no value on this machine; names only. */
    public List<String> notes() {
        return notes;
    }

    /**
     * The container environment of a local run (the Test step and the rehearsal): every value known here,
     * plain or secret, as {@code NAME=value}. Keys read from AWS at run time are left out (see {@link #localNotes()}).
     */
    public List<String> containerEnvironment() {
        List<String> env = new ArrayList<>();
        values.forEach((name, value) -> env.add(name + "=" + value));
        return env;
    }

    /** What a local run goes without, and why: keys with no value here and keys only AWS can resolve. */
    public List<String> localNotes() {
        List<String> lines = new ArrayList<>(notes);
        for (ConfigPlan.Item item : plan.items()) {
            if (item.source() == ConfigPlan.Source.ARN) {
                lines.add(item.name() + ": read from " + item.arn() + " by the task on AWS; local runs go without it");
            }
        }
        return lines;
    }

    /** Keys the code reads with no default that have no value for a local run: the likely cause of a failed start. */
    public List<String> requiredWithoutValue() {
        return plan.items().stream().filter(i -> !i.readAt().isEmpty() && !i.hasDefault() && !values.containsKey(i.name()))
                .map(ConfigPlan.Item::name).toList();
    }

    /** Secret values to store in the service's secret, by key. */
    public Map<String, String> secretValues() {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (ConfigPlan.Item item : plan.items()) {
            if (item.kind() == ConfigKind.SECRET && item.source() != ConfigPlan.Source.ARN && values.containsKey(item.name())) {
                secrets.put(item.name(), values.get(item.name()));
            }
        }
        return secrets;
    }

    /** Secrets with no value here that keep the value already stored in Secrets Manager (CI, another machine). */
    public Set<String> keepStored() {
        Set<String> keep = new LinkedHashSet<>();
        for (ConfigPlan.Item item : plan.items()) {
            if (item.kind() == ConfigKind.SECRET && unavailable.contains(item.name())) {
                keep.add(item.name());
            }
        }
        return keep;
    }

    /**
     * Plain values with no value here. They cannot be kept from anywhere: the task definition is
     * rewritten with every deploy.
     */
    public List<String> missingPlain() {
        return plan.items().stream().filter(i -> i.kind() == ConfigKind.PLAIN && unavailable.contains(i.name()))
                .map(ConfigPlan.Item::name).toList();
    }

    /** What the task definition gets: plain values, the keys of the service's secret, and references. */
    public TaskConfiguration task(List<String> kmsKeys) {
        Map<String, String> environment = new LinkedHashMap<>();
        List<String> stored = new ArrayList<>();
        Map<String, String> references = new LinkedHashMap<>();
        for (ConfigPlan.Item item : plan.items()) {
            if (item.source() == ConfigPlan.Source.ARN) {
                references.put(item.name(), item.arn());
            } else if (item.kind() == ConfigKind.SECRET && (values.containsKey(item.name()) || unavailable.contains(item.name()))) {
                stored.add(item.name());
            } else if (item.kind() == ConfigKind.PLAIN && values.containsKey(item.name())) {
                environment.put(item.name(), values.get(item.name()));
            }
        }
        return new TaskConfiguration(environment, stored, references, kmsKeys);
    }

    @Override
    public String toString() {
        return "ConfigValues" + values.keySet(); // names only
    }
}
