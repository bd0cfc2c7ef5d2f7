package dev.dockhand.pipeline;

import dev.dockhand.project.ConfigKey;
import dev.dockhand.project.ConfigKind;
import dev.dockhand.project.ConfigKinds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The app's configuration as it will be carried: every key the analysis found or dockhand.yaml names,
 * with its kind and where its value comes from. Holds names, kinds and sources only; values are read by
 * {@link ConfigValues} when a run needs them.
 */
public final class ConfigPlan {

    /** Where a value comes from. */
    public enum Source {
        /** A dotenv file in the project, read at each run. */
        DOTENV("a dotenv file"),
        /** Dockhand's own environment, as a CI job has it. */
        ENVIRONMENT("Dockhand's environment"),
        /** Typed in once, then kept in the service's secret in Secrets Manager. */
        STORED("kept in Secrets Manager"),
        /** An existing Secrets Manager secret or SSM parameter the task reads. */
        ARN("an existing secret or parameter"),
        /** Not given to the app. */
        OMIT("left out");

        private final String words;

        Source(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /**
     * One key.
     *
     * @param file       the dotenv file for {@link Source#DOTENV}, else null
     * @param arn        the ARN for {@link Source#ARN}, else null
     * @param readAt     where the code reads it (may be empty)
     * @param hasDefault true when the code has a fallback
     * @param kindReason why the kind was proposed, or "chosen in dockhand.yaml"
     */
    public record Item(String name, ConfigKind kind, Source source, String file, String arn, List<String> readAt,
                       boolean hasDefault, String kindReason) {

        public Item {
            readAt = List.copyOf(readAt);
        }

        public boolean secret() {
            return kind == ConfigKind.SECRET;
        }

        /** The source as dockhand.yaml writes it. */
        public String from() {
            return switch (source) {
                case DOTENV -> file;
                case ARN -> arn;
                default -> source.name().toLowerCase(Locale.ROOT);
            };
        }

        /** "the file .env", "an existing secret (arn:…)", … for lists and messages. */
        public String describeSource() {
            return switch (source) {
                case DOTENV -> file;
                case ARN -> arn;
                default -> source.words();
            };
        }

        Item with(ConfigKind newKind, Source newSource, String detail) {
            return new Item(name, newKind, newSource, newSource == Source.DOTENV ? detail : null,
                    newSource == Source.ARN ? detail : null, readAt, hasDefault, newKind == kind ? kindReason : "chosen by you");
        }
    }

    /** Names a shell, Docker and every runtime read; ECS passes any other name on, but the app could not read it. */
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
    static final Pattern SECRET_ARN = Pattern.compile(
            "arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):(\\d{12}):secret:[A-Za-z0-9/_+=.@-]+(:[^:]*:[^:]*:[^:]*)?");
    static final Pattern PARAMETER_ARN = Pattern.compile("arn:aws[a-z-]*:ssm:([a-z0-9-]+):(\\d{12}):parameter/[A-Za-z0-9/_.-]+");
    static final Pattern DOTENV_FILE = Pattern.compile("(?:[\\w.-]+/)*\\.env(?:\\.[\\w.-]+)?");

    private final List<Item> items;

    private ConfigPlan(List<Item> items) {
        this.items = List.copyOf(items);
    }

    public static ConfigPlan empty() {
        return new ConfigPlan(List.of());
    }

    /** The analysis's keys with what dockhand.yaml chose for them, and the keys only dockhand.yaml names. */
    public static ConfigPlan of(List<ConfigKey> found, Map<String, ProjectSettings.ConfigEntry> saved) throws StepException {
        Map<String, Item> items = new LinkedHashMap<>();
        for (ConfigKey key : found) {
            Item proposed = key.valueFiles().isEmpty()
                    ? new Item(key.name(), key.kind(), Source.OMIT, null, null, key.readAt(), key.hasDefault(), key.kindReason())
                    : new Item(key.name(), key.kind(), Source.DOTENV, key.valueFiles().get(0), null, key.readAt(), key.hasDefault(),
                    key.kindReason());
            items.put(key.name(), proposed);
        }
        List<String> problems = new ArrayList<>();
        for (var e : new TreeMap<>(saved).entrySet()) {
            String name = e.getKey();
            ProjectSettings.ConfigEntry entry = e.getValue() == null ? new ProjectSettings.ConfigEntry(null, null) : e.getValue();
            Item base = items.getOrDefault(name, new Item(name, ConfigKinds.guess(name, null).kind(), Source.OMIT, null, null,
                    List.of(), true, ConfigKinds.guess(name, null).reason()));
            ConfigKind kind = entry.kind() == null ? base.kind() : ConfigKind.of(entry.kind());
            if (kind == null) {
                problems.add("config " + name + ": kind \"" + entry.kind() + "\" is neither secret nor plain.");
                continue;
            }
            try {
                Item chosen = entry.from() == null ? base.with(kind, base.source(), base.source() == Source.DOTENV ? base.file() : base.arn())
                        : parseSource(base, kind, entry.from());
                items.put(name, entry.kind() == null ? chosen : new Item(chosen.name(), chosen.kind(), chosen.source(), chosen.file(),
                        chosen.arn(), chosen.readAt(), chosen.hasDefault(), "chosen in dockhand.yaml"));
            } catch (StepException bad) {
                problems.add(bad.getMessage());
            }
        }
        ConfigPlan plan = new ConfigPlan(new ArrayList<>(items.values()));
        problems.addAll(plan.problems());
        if (!problems.isEmpty()) {
            throw new StepException(ProjectSettings.FILE + ": " + String.join(" ", problems), null, true);
        }
        return plan;
    }

    private static Item parseSource(Item base, ConfigKind kind, String from) throws StepException {
        String value = from.strip();
        String lower = value.toLowerCase(Locale.ROOT);
        if (lower.equals("environment") || lower.equals("env")) {
            return base.with(kind, Source.ENVIRONMENT, null);
        }
        if (lower.equals("stored")) {
            return base.with(kind, Source.STORED, null);
        }
        if (lower.equals("omit") || lower.equals("none")) {
            return base.with(kind, Source.OMIT, null);
        }
        if (value.startsWith("arn:")) {
            return base.with(kind, Source.ARN, value);
        }
        if (DOTENV_FILE.matcher(value).matches() && !value.contains("..")) {
            return base.with(kind, Source.DOTENV, value);
        }
        throw new StepException("config " + base.name() + ": \"" + value + "\" is not a source: use a dotenv file of the project "
                + "(.env, .env.production), environment, stored, omit, or the ARN of a secret or SSM parameter.", null, true);
    }

    public List<Item> items() {
        return items;
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    /** Every problem with the plan, each naming the rule: names, ARNs, kinds that cannot go with a source. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Item item : items) {
            if (!NAME.matcher(item.name()).matches()) {
                problems.add("config " + item.name() + ": a variable name has letters, digits and underscores only and does "
                        + "not start with a digit.");
            }
            if (item.source() == Source.ARN && !SECRET_ARN.matcher(item.arn()).matches() && !PARAMETER_ARN.matcher(item.arn()).matches()) {
                problems.add("config " + item.name() + ": \"" + item.arn() + "\" is not the ARN of a Secrets Manager secret "
                        + "(arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME) or an SSM parameter (arn:aws:ssm:REGION:ACCOUNT:parameter/NAME).");
            }
            if (item.source() == Source.STORED && item.kind() == ConfigKind.PLAIN) {
                problems.add("config " + item.name() + ": only secrets are kept in Secrets Manager; make it a secret, or give its "
                        + "value in a dotenv file or the environment.");
            }
        }
        return problems;
    }

    /** The plan with one key changed ({@code detail}: the dotenv file or the ARN); a new key is added. */
    public ConfigPlan with(String name, boolean secret, Source source, String detail) {
        return with(name, secret ? ConfigKind.SECRET : ConfigKind.PLAIN, source, detail);
    }

    /** The plan with one key changed; a new key is added. */
    ConfigPlan with(String name, ConfigKind kind, Source source, String detail) {
        List<Item> changed = new ArrayList<>();
        boolean found = false;
        for (Item item : items) {
            if (item.name().equals(name)) {
                changed.add(item.with(kind, source, detail));
                found = true;
            } else {
                changed.add(item);
            }
        }
        if (!found) {
            changed.add(new Item(name, kind, Source.OMIT, null, null, List.of(), true, "added by you").with(kind, source, detail));
        }
        return new ConfigPlan(changed);
    }

    /** The configuration section dockhand.yaml keeps: kind and source of every key, never a value. */
    public Map<String, ProjectSettings.ConfigEntry> toSettings() {
        Map<String, ProjectSettings.ConfigEntry> entries = new TreeMap<>();
        for (Item item : items) {
            entries.put(item.name(), new ProjectSettings.ConfigEntry(item.kind().word(), item.from()));
        }
        return entries;
    }

    /** The region and account an ARN names, or null for anything else. */
    static String[] regionAndAccount(String arn) {
        var m = SECRET_ARN.matcher(arn);
        if (m.matches()) {
            return new String[] {m.group(1), m.group(2)};
        }
        m = PARAMETER_ARN.matcher(arn);
        return m.matches() ? new String[] {m.group(1), m.group(2)} : null;
    }
}
