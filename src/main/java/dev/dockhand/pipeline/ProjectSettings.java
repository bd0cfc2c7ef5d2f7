package dev.dockhand.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import java.io.IOException;
import dev.dockhand.project.ProjectLinks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The settings the user chose, saved in the project as {@code dockhand.yaml} so a second run is one
 * click and the file can be committed. Every field is optional: missing means "Dockhand's default or
 * what the analysis found". Never holds a secret.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"target", "service", "package", "port", "healthPath", "cpu", "memory", "desired", "min", "max", "cpuTarget", "health",
        "scaling", "build", "aws", "config"})
public record ProjectSettings(
        String service,
        @com.fasterxml.jackson.annotation.JsonProperty("package") String workspacePackage,
        Integer port,
        String healthPath,
        Integer cpu,
        Integer memory,
        Integer desired,
        Integer min,
        Integer max,
        Integer cpuTarget,
        Aws aws,
        Build build,
        java.util.Map<String, ConfigEntry> config,
        Health health,
        Scaling scaling,
        String target) {

    public static final String FILE = "dockhand.yaml";

    /** Where the wizard last sent the service: {@link #LOCAL} (the local rehearsal) or {@link #AWS}. */
    public static final String LOCAL = "local";
    public static final String AWS = "aws";

    /**
     * The target group's health check and the service's patience with new and leaving tasks, in seconds:
     * {@code interval} between checks, {@code timeout} of one check, {@code healthyThreshold} and
     * {@code unhealthyThreshold} checks in a row, {@code grace} a new task may take to pass its first checks,
     * {@code drain} a leaving task may finish its requests. The stack and the rehearsal both use them.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"interval", "timeout", "healthyThreshold", "unhealthyThreshold", "grace", "drain"})
    public record Health(Integer interval, Integer timeout, Integer healthyThreshold, Integer unhealthyThreshold, Integer grace,
                         Integer drain) {

        static Health merged(Health mine, Health theirs) {
            if (mine == null || theirs == null) {
                return theirs != null ? theirs : mine;
            }
            return new Health(or(theirs.interval, mine.interval), or(theirs.timeout, mine.timeout),
                    or(theirs.healthyThreshold, mine.healthyThreshold), or(theirs.unhealthyThreshold, mine.unhealthyThreshold),
                    or(theirs.grace, mine.grace), or(theirs.drain, mine.drain));
        }
    }

    /** Seconds target tracking waits after a scale-out before the next one, and after a scale-in. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"scaleOutCooldown", "scaleInCooldown"})
    public record Scaling(Integer scaleOutCooldown, Integer scaleInCooldown) {

        static Scaling merged(Scaling mine, Scaling theirs) {
            if (mine == null || theirs == null) {
                return theirs != null ? theirs : mine;
            }
            return new Scaling(or(theirs.scaleOutCooldown, mine.scaleOutCooldown), or(theirs.scaleInCooldown, mine.scaleInCooldown));
        }
    }

    /** The service's shape only (what the wizard's form and the flags set); null: unchanged. */
    public static ProjectSettings shape(String service, Integer port, String healthPath, Integer cpu, Integer memory, Integer desired,
                                        Integer min, Integer max, Integer cpuTarget) {
        return new ProjectSettings(service, null, port, healthPath, cpu, memory, desired, min, max, cpuTarget, null, null, null, null,
                null, null);
    }

    /** These settings with {@code aws} as the AWS section. */
    public ProjectSettings withAws(Aws newAws) {
        return new ProjectSettings(service, workspacePackage, port, healthPath, cpu, memory, desired, min, max, cpuTarget, newAws, build,
                config, health, scaling, target);
    }

    /** These settings with the app's port and health path; null removes the choice (the detected one is used). */
    public ProjectSettings withServing(Integer newPort, String newHealthPath) {
        return new ProjectSettings(service, workspacePackage, newPort, newHealthPath, cpu, memory, desired, min, max, cpuTarget, aws,
                build, config, health, scaling, target);
    }

    /** These settings with {@code where} ({@link #LOCAL} or {@link #AWS}) as the target. */
    public ProjectSettings withTarget(String where) {
        return new ProjectSettings(service, workspacePackage, port, healthPath, cpu, memory, desired, min, max, cpuTarget, aws, build,
                config, health, scaling, where);
    }

    /**
     * Where and how the service runs on AWS. {@code deployment}: "rolling" (the default) or "blue-green"
     * (ECS's native blue/green), which keeps the old revision for {@code bakeMinutes} after the switch.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Aws(String profile, String region, String vpc, List<String> subnets, List<String> loadBalancerSubnets,
                      Boolean privateSubnets, String certificateArn, String deployment, Integer bakeMinutes) {

        public Aws(String profile, String region, String vpc, List<String> subnets, List<String> loadBalancerSubnets,
                   Boolean privateSubnets, String certificateArn) {
            this(profile, region, vpc, subnets, loadBalancerSubnets, privateSubnets, certificateArn, null, null);
        }

        public static Aws empty() {
            return new Aws(null, null, null, null, null, null, null);
        }

        /** This section with the deployment strategy and bake time (nulls: unchanged). */
        public Aws withDeployment(String strategy, Integer bake) {
            return new Aws(profile, region, vpc, subnets, loadBalancerSubnets, privateSubnets, certificateArn,
                    strategy != null ? strategy : deployment, bake != null ? bake : bakeMinutes);
        }
    }

    /**
     * How images are built. {@code network}: the network the build's RUN steps use ("host" when the
     * default bridge cannot reach the package registry, as behind some proxies and firewalls).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Build(String network) {
    }

    /**
     * One configuration key as the user chose it: its kind ("secret" or "plain") and where its value comes
     * from: a dotenv file in the project (".env"), "environment" (Dockhand's own, as in CI), "stored" (typed
     * in once, then kept in Secrets Manager), "omit", or the ARN of an existing secret or SSM parameter.
     * Never the value itself.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonPropertyOrder({"kind", "from"})
    public record ConfigEntry(String kind, String from) {
    }

    public static ProjectSettings empty() {
        return new ProjectSettings(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The configuration section, empty when there is none. */
    public java.util.Map<String, ConfigEntry> configOrEmpty() {
        return config == null ? java.util.Map.of() : config;
    }

    /** These settings with {@code entries} as the configuration section (null or empty: none). */
    public ProjectSettings withConfig(java.util.Map<String, ConfigEntry> entries) {
        return new ProjectSettings(service, workspacePackage, port, healthPath, cpu, memory, desired, min, max, cpuTarget, aws, build,
                entries == null || entries.isEmpty() ? null : new java.util.TreeMap<>(entries), health, scaling, target);
    }

    /** The network image builds use, or null for the engine's default. */
    public String buildNetwork() {
        return build == null ? null : build.network();
    }

    private static ObjectMapper yaml() {
        return new ObjectMapper(new YAMLFactory()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    }

    /** Reads {@code dockhand.yaml} from the project, or empty settings when there is none. */
    public static ProjectSettings load(Path project) throws StepException {
        Path file = project.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return empty();
        }
        try {
            ObjectMapper yaml = yaml();
            com.fasterxml.jackson.databind.JsonNode tree = yaml.readTree(ProjectLinks.readString(project, file));
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return empty(); // empty, or only comments
            }
            ProjectSettings settings = yaml.treeToValue(tree, ProjectSettings.class);
            if (settings != null && settings.target() != null && !LOCAL.equals(settings.target()) && !AWS.equals(settings.target())) {
                throw new StepException(FILE + ": target is \"" + settings.target() + "\"; it must be \"local\" (the local rehearsal) "
                        + "or \"aws\". Fix it, or delete the line to choose again.");
            }
            return settings == null ? empty() : settings;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
            throw new StepException(FILE + " is not valid" + where + ": " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + ". Fix it, or delete it to start from Dockhand's defaults.", e);
        } catch (ProjectLinks.OutsideProject e) {
            throw new StepException(e.getMessage(), e);
        } catch (IOException e) {
            throw new StepException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static final java.util.Set<String> TOP_KEYS = java.util.Set.of("target", "service", "package", "port", "healthPath", "cpu", "memory",
            "desired", "min", "max", "cpuTarget", "health", "scaling", "build", "aws", "config");
    private static final java.util.Set<String> HEALTH_KEYS = java.util.Set.of("interval", "timeout", "healthyThreshold",
            "unhealthyThreshold", "grace", "drain");
    private static final java.util.Set<String> SCALING_KEYS = java.util.Set.of("scaleOutCooldown", "scaleInCooldown");
    private static final java.util.Set<String> AWS_KEYS = java.util.Set.of("profile", "region", "vpc", "subnets", "loadBalancerSubnets",
            "privateSubnets", "certificateArn", "deployment", "bakeMinutes");
    private static final java.util.Set<String> BUILD_KEYS = java.util.Set.of("network");
    private static final java.util.Set<String> CONFIG_ENTRY_KEYS = java.util.Set.of("kind", "from");

    /**
     * Keys in the project's dockhand.yaml that Dockhand does not know (a typo is the usual cause), each
     * with the keys it does know there; empty when there is no file or nothing unknown. They are ignored.
     */
    public static List<String> unknownKeys(Path project) {
        Path file = project.resolve(FILE);
        List<String> unknown = new java.util.ArrayList<>();
        try {
            if (!ProjectLinks.isProjectFile(project, file)) {
                return unknown;
            }
            com.fasterxml.jackson.databind.JsonNode root = yaml().readTree(ProjectLinks.readString(project, file));
            if (root == null || !root.isObject()) {
                return unknown;
            }
            unknownIn(root, "", TOP_KEYS, unknown);
            if (root.path("aws").isObject()) {
                unknownIn(root.path("aws"), "aws.", AWS_KEYS, unknown);
            }
            if (root.path("build").isObject()) {
                unknownIn(root.path("build"), "build.", BUILD_KEYS, unknown);
            }
            if (root.path("health").isObject()) {
                unknownIn(root.path("health"), "health.", HEALTH_KEYS, unknown);
            }
            if (root.path("scaling").isObject()) {
                unknownIn(root.path("scaling"), "scaling.", SCALING_KEYS, unknown);
            }
            root.path("config").fields().forEachRemaining(e -> {
                if (e.getValue().isObject()) {
                    unknownIn(e.getValue(), "config." + e.getKey() + ".", CONFIG_ENTRY_KEYS, unknown);
                }
            });
        } catch (IOException e) {
            // load() reports a file that cannot be read or parsed
        }
        return unknown;
    }

    private static void unknownIn(com.fasterxml.jackson.databind.JsonNode node, String prefix, java.util.Set<String> known,
                                  List<String> unknown) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                unknown.add(FILE + ": the key \"" + prefix + name + "\" is not one Dockhand knows, so it is ignored (known here: "
                        + String.join(", ", new java.util.TreeSet<>(known)) + ").");
            }
        });
    }

    /**
     * Writes {@code dockhand.yaml} atomically: a crash leaves the old file or the new one, never half.
     * An existing file is edited, not regenerated: its comments, key order and keys Dockhand does not know
     * stay. Whenever its text changes, the old file is also kept as {@code dockhand.yaml.<time>.dockhand-backup}.
     * Dockhand never writes the AWS profile: it names a file on one machine, and a committed one would break
     * every teammate's and CI's run. One the user wrote stays, as a preference that yields to the environment.
     */
    public void save(Path project) throws IOException {
        Aws mine = awsOrEmpty();
        Aws shared = new Aws(null, mine.region(), mine.vpc(), mine.subnets(), mine.loadBalancerSubnets(), mine.privateSubnets(),
                mine.certificateArn(), mine.deployment(), mine.bakeMinutes());
        ProjectSettings committed = new ProjectSettings(service, workspacePackage, port, healthPath, cpu, memory, desired, min, max,
                cpuTarget, shared.equals(Aws.empty()) ? null : shared, build, config, health, scaling, target);
        Path file = project.resolve(FILE);
        String generated = yaml().writeValueAsString(committed);
        if (!ProjectLinks.isProjectFile(project, file)) {
            if (generated.strip().equals("{}") && !Files.isSymbolicLink(file)) {
                return; // nothing chosen, and no file: a file holding "{}" would say nothing
            }
            // Nothing there, or a link out of the project, which is never read: it is replaced, kept as a backup.
            ProjectFile.replaceKeepingBackup(project, file, HEADER + generated);
            return;
        }
        String existing = Files.readString(file);
        String text = SettingsYaml.merge(existing, generated, SCHEMA).orElse(HEADER + generated);
        if (text.equals(existing)) {
            return;
        }
        // Any change, not only one that would lose comments or unknown keys: a value the user set by hand and
        // Dockhand now overwrites is theirs too, and the Dockerfile and workflow are kept the same way.
        ProjectFile.replaceKeepingBackup(project, file, text);
    }

    /**
     * What {@link #save} edits in an existing file. The AWS profile is the user's to write (a preference
     * that yields to the environment's credentials), so Dockhand never sets or removes it.
     */
    private static final SettingsYaml.Schema SCHEMA = SettingsYaml.Schema.of(TOP_KEYS, java.util.Map.of(
            "aws", SettingsYaml.Schema.of(without(AWS_KEYS, "profile"), java.util.Map.of()),
            "build", SettingsYaml.Schema.of(BUILD_KEYS, java.util.Map.of()),
            "health", SettingsYaml.Schema.of(HEALTH_KEYS, java.util.Map.of()),
            "scaling", SettingsYaml.Schema.of(SCALING_KEYS, java.util.Map.of()),
            "config", SettingsYaml.Schema.everyKey(SettingsYaml.Schema.of(CONFIG_ENTRY_KEYS, java.util.Map.of()))));

    private static java.util.Set<String> without(java.util.Set<String> keys, String key) {
        java.util.Set<String> rest = new java.util.HashSet<>(keys);
        rest.remove(key);
        return java.util.Set.copyOf(rest);
    }

    private static final String HEADER = "# Dockhand settings for this project: commit this file so every run deploys the same way.\n";

    public Aws awsOrEmpty() {
        return aws == null ? Aws.empty() : aws;
    }

    /** These settings with every non-null value of {@code overrides} taking precedence. */
    public ProjectSettings with(ProjectSettings overrides) {
        Aws mine = awsOrEmpty();
        Aws theirs = overrides.awsOrEmpty();
        Aws aws = new Aws(or(theirs.profile(), mine.profile()), or(theirs.region(), mine.region()), or(theirs.vpc(), mine.vpc()),
                or(theirs.subnets(), mine.subnets()), or(theirs.loadBalancerSubnets(), mine.loadBalancerSubnets()),
                or(theirs.privateSubnets(), mine.privateSubnets()), or(theirs.certificateArn(), mine.certificateArn()),
                or(theirs.deployment(), mine.deployment()), or(theirs.bakeMinutes(), mine.bakeMinutes()));
        return new ProjectSettings(or(overrides.service, service), or(overrides.workspacePackage, workspacePackage),
                or(overrides.port, port), or(overrides.healthPath, healthPath), or(overrides.cpu, cpu),
                or(overrides.memory, memory), or(overrides.desired, desired), or(overrides.min, min), or(overrides.max, max),
                or(overrides.cpuTarget, cpuTarget), aws.equals(Aws.empty()) ? null : aws, or(overrides.build, build),
                or(overrides.config, config), Health.merged(health, overrides.health), Scaling.merged(scaling, overrides.scaling),
                or(overrides.target, target));
    }

    private static <T> T or(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
