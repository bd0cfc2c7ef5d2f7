package dev.dockhand.pipeline;

import dev.dockhand.aws.TaskConfiguration;
import dev.dockhand.project.ConfigKey;
import dev.dockhand.project.ConfigKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kinds and sources from the analysis and dockhand.yaml, and the values a run gets from them. */
class ConfigPlanTest {

    @TempDir
    Path project;

    private static final List<ConfigKey> FOUND = List.of(
            new ConfigKey("DATABASE_URL", ConfigKind.SECRET, "a connection string", List.of("src/db.js:3"), false, List.of(".env"), List.of()),
            new ConfigKey("LOG_LEVEL", ConfigKind.PLAIN, "nothing", List.of("src/log.js:1"), true, List.of(".env"), List.of()),
            new ConfigKey("API_TOKEN", ConfigKind.SECRET, "TOKEN", List.of("src/api.js:9"), false, List.of(), List.of(".env.example")));

    private static ProjectSettings.ConfigEntry entry(String kind, String from) {
        return new ProjectSettings.ConfigEntry(kind, from);
    }

    @Test
    void theAnalysisProposesTheFirstDotenvFileAndLeavesOutKeysWithoutAValue() throws Exception {
        ConfigPlan plan = ConfigPlan.of(FOUND, Map.of());
        assertThat(plan.items()).extracting(ConfigPlan.Item::from).containsExactly(".env", ".env", "omit");
        assertThat(plan.toSettings().get("DATABASE_URL")).isEqualTo(entry("secret", ".env"));
    }

    @Test
    void dockhandYamlOverridesKindsAndSourcesAndAddsKeys() throws Exception {
        ConfigPlan plan = ConfigPlan.of(FOUND, Map.of(
                "LOG_LEVEL", entry("secret", null),
                "API_TOKEN", entry(null, "environment"),
                "EXTRA", entry("plain", "arn:aws:ssm:eu-west-1:123456789012:parameter/app/extra")));
        assertThat(plan.items()).extracting(ConfigPlan.Item::name).containsExactly("DATABASE_URL", "LOG_LEVEL", "API_TOKEN", "EXTRA");
        assertThat(plan.items().get(1).secret()).isTrue();
        assertThat(plan.items().get(1).kindReason()).isEqualTo("chosen in dockhand.yaml");
        assertThat(plan.items().get(2).source()).isEqualTo(ConfigPlan.Source.ENVIRONMENT);
        assertThat(plan.items().get(3).source()).isEqualTo(ConfigPlan.Source.ARN);
    }

    @Test
    void badEntriesAreRefusedWithTheRule() {
        assertThatThrownBy(() -> ConfigPlan.of(FOUND, Map.of("LOG_LEVEL", entry("hidden", null))))
                .hasMessageContaining("kind \"hidden\" is neither secret nor plain");
        assertThatThrownBy(() -> ConfigPlan.of(FOUND, Map.of("LOG_LEVEL", entry(null, "../../etc/passwd"))))
                .hasMessageContaining("is not a source");
        assertThatThrownBy(() -> ConfigPlan.of(FOUND, Map.of("X", entry("secret", "arn:aws:s3:::bucket/key"))))
                .hasMessageContaining("is not the ARN of a Secrets Manager secret");
        assertThatThrownBy(() -> ConfigPlan.of(FOUND, Map.of("BAD NAME", entry("plain", "omit"))))
                .hasMessageContaining("letters, digits and underscores");
        assertThatThrownBy(() -> ConfigPlan.of(FOUND, Map.of("LOG_LEVEL", entry("plain", "stored"))))
                .hasMessageContaining("only secrets are kept in Secrets Manager");
    }

    @Test
    void valuesComeFromTheirSourcesAndSecretsWithoutOneKeepTheStoredValue() throws Exception {
        Files.writeString(project.resolve(".env"), "DATABASE_URL=postgres://u:p@db/app\nLOG_LEVEL=debug\n");
        ConfigPlan plan = ConfigPlan.of(FOUND, Map.of("API_TOKEN", entry(null, "environment")));
        ConfigValues values = ConfigValues.read(project, plan, Map.of(), Map.of("API_TOKEN", "t0k"));
        assertThat(values.containerEnvironment()).containsExactly("DATABASE_URL=postgres://u:p@db/app", "LOG_LEVEL=debug", "API_TOKEN=t0k");
        assertThat(values.secretValues()).containsOnlyKeys("DATABASE_URL", "API_TOKEN");
        assertThat(values.toString()).doesNotContain("postgres").doesNotContain("t0k");
        TaskConfiguration task = values.task(List.of());
        assertThat(task.environment()).containsExactly(Map.entry("LOG_LEVEL", "debug"));
        assertThat(task.storedKeys()).containsExactly("DATABASE_URL", "API_TOKEN");

        Files.delete(project.resolve(".env"));
        ConfigValues inCi = ConfigValues.read(project, plan, Map.of(), Map.of());
        assertThat(inCi.keepStored()).containsExactly("DATABASE_URL", "API_TOKEN");
        assertThat(inCi.missingPlain()).containsExactly("LOG_LEVEL");
        assertThat(inCi.notes()).anyMatch(n -> n.startsWith("DATABASE_URL: no value here (.env is not in the project)"));
        assertThat(inCi.task(List.of()).storedKeys()).containsExactly("DATABASE_URL", "API_TOKEN");
        assertThatThrownBy(() -> AwsSteps.checkDeployable(inCi)).hasMessageContaining("No value here for LOG_LEVEL");
    }

    @Test
    void typedValuesAreUsedForTheSessionAndArnsOnlyByTheTask() throws Exception {
        ConfigPlan plan = ConfigPlan.of(FOUND, Map.of("API_TOKEN", entry("secret", "stored"),
                "STRIPE", entry("secret", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:stripe-Ab12Cd")));
        ConfigValues values = ConfigValues.read(project, plan, Map.of("API_TOKEN", "typed"), Map.of());
        assertThat(values.containerEnvironment()).containsExactly("API_TOKEN=typed");
        assertThat(values.localNotes()).anyMatch(n -> n.startsWith("STRIPE: read from arn:aws:secretsmanager"));
        assertThat(values.task(List.of()).references()).containsOnlyKeys("STRIPE");
        assertThat(values.requiredWithoutValue()).containsExactly("DATABASE_URL");
    }
}
