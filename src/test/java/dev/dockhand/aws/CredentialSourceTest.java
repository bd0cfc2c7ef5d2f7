package dev.dockhand.aws;

import dev.dockhand.aws.CredentialSource.Kind;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialSourceTest {

    private static final List<String> HERE = List.of("default", "dev", "ops");
    private static final Map<String, String> KEYS = Map.of("AWS_ACCESS_KEY_ID", "AKIDENV", "AWS_SECRET_ACCESS_KEY", "s");
    private static final Map<String, String> WEB_IDENTITY = Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", "/run/token",
            "AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/ci");
    private static final Map<String, String> CONTAINER = Map.of("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/1");

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> out = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            out.put(pairs[i], pairs[i + 1]);
        }
        return out;
    }

    private static Map<String, String> all() {
        Map<String, String> out = new HashMap<>(KEYS);
        out.putAll(WEB_IDENTITY);
        out.putAll(CONTAINER);
        return out;
    }

    @Test
    void eachSourceWinsOverEverythingAfterIt() throws Exception {
        Map<String, String> everything = with(all(), "AWS_PROFILE", "ops");
        assertThat(CredentialSource.choose("dev", everything, "ops", HERE)).isEqualTo(new CredentialSource(Kind.PROFILE_FLAG, "dev"));
        assertThat(CredentialSource.choose(null, everything, "dev", HERE)).isEqualTo(new CredentialSource(Kind.AWS_PROFILE, "ops"));
        assertThat(CredentialSource.choose(" ", all(), "dev", HERE).kind()).isEqualTo(Kind.ENVIRONMENT_KEYS);
        Map<String, String> noKeys = new HashMap<>(WEB_IDENTITY);
        noKeys.putAll(CONTAINER);
        assertThat(CredentialSource.choose(null, noKeys, "dev", HERE).kind()).isEqualTo(Kind.WEB_IDENTITY);
        assertThat(CredentialSource.choose(null, CONTAINER, "dev", HERE).kind()).isEqualTo(Kind.CONTAINER);
        assertThat(CredentialSource.choose(null, Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1/c"), "dev", HERE)
                .kind()).isEqualTo(Kind.CONTAINER);
        assertThat(CredentialSource.choose(null, Map.of(), "dev", HERE)).isEqualTo(new CredentialSource(Kind.PREFERRED_PROFILE, "dev"));
        assertThat(CredentialSource.choose(null, Map.of(), null, HERE)).isEqualTo(new CredentialSource(Kind.DEFAULT_PROFILE, "default"));
        assertThat(CredentialSource.choose(null, Map.of(), null, List.of("dev")).kind()).isEqualTo(Kind.SDK_DEFAULT_CHAIN);
    }

    @Test
    void aPreferredProfileThisMachineLacksYieldsAndIsNoError() throws Exception {
        assertThat(CredentialSource.choose(null, Map.of(), "teammates-sso", HERE).kind()).isEqualTo(Kind.DEFAULT_PROFILE);
        assertThat(CredentialSource.choose(null, Map.of(), "teammates-sso", List.of()).kind()).isEqualTo(Kind.SDK_DEFAULT_CHAIN);
        assertThat(CredentialSource.choose(null, KEYS, "teammates-sso", List.of()).kind()).isEqualTo(Kind.ENVIRONMENT_KEYS);
    }

    @Test
    void aFlagProfileThisMachineLacksIsAnErrorListingTheKnownOnesEvenWithOtherCredentials() {
        assertThatThrownBy(() -> CredentialSource.choose("nope", KEYS, null, HERE))
                .isInstanceOf(AwsFailure.class).matches(e -> ((AwsFailure) e).badInput())
                .hasMessage("There is no AWS profile \"nope\" in ~/.aws/config or ~/.aws/credentials: create it with "
                        + "`aws configure --profile nope` (or `aws configure sso`), or choose one of: default, dev, ops.");
        assertThatThrownBy(() -> CredentialSource.choose("nope", Map.of("AWS_CONFIG_FILE", "/ci/config"), null, List.of()))
                .hasMessageContaining("in /ci/config or ~/.aws/credentials").hasMessageNotContaining("choose");
    }

    @Test
    void anAwsProfileThisMachineLacksIsAnErrorNamingTheVariableEvenWithKeysInTheEnvironment() {
        assertThatThrownBy(() -> CredentialSource.choose(null, with(KEYS, "AWS_PROFILE", "prod"), null, HERE))
                .isInstanceOf(AwsFailure.class).matches(e -> ((AwsFailure) e).badInput())
                .hasMessageStartingWith("AWS_PROFILE is set to \"prod\", but there is no such profile in ~/.aws/config or ~/.aws/credentials")
                .hasMessageContaining("set AWS_PROFILE to one of: default, dev, ops")
                .hasMessageContaining("or unset AWS_PROFILE");
    }

    @Test
    void halfAPairOfKeysOrATokenWithoutARoleIsAnErrorSayingWhatIsMissing() {
        assertThatThrownBy(() -> CredentialSource.choose(null, Map.of("AWS_ACCESS_KEY_ID", "AKIDENV"), null, HERE))
                .hasMessageStartingWith("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
        assertThatThrownBy(() -> CredentialSource.choose(null, Map.of("AWS_SECRET_ACCESS_KEY", "s"), null, HERE))
                .hasMessageStartingWith("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
        assertThatThrownBy(() -> CredentialSource.choose(null, Map.of("AWS_WEB_IDENTITY_TOKEN_FILE", "/run/token"), null, HERE))
                .hasMessageStartingWith("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not");
    }

    @Test
    void describesTheSourceInTheUsersWords() throws Exception {
        assertThat(CredentialSource.choose("dev", Map.of(), null, HERE).describe()).isEqualTo("profile dev (--profile)");
        assertThat(CredentialSource.choose(null, Map.of("AWS_PROFILE", "dev"), null, HERE).describe()).isEqualTo("profile dev (AWS_PROFILE)");
        assertThat(CredentialSource.choose(null, KEYS, null, HERE).describe()).isEqualTo("credentials from the environment");
        assertThat(CredentialSource.choose(null, WEB_IDENTITY, null, HERE).describe())
                .isEqualTo("web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)");
        assertThat(CredentialSource.choose(null, Map.of(), "ops", HERE).describe()).isEqualTo("profile ops (dockhand.yaml)");
        assertThat(CredentialSource.choose(null, Map.of(), null, HERE).describe()).isEqualTo("profile default");
        assertThat(CredentialSource.choose(null, KEYS, null, HERE).profileName()).isEmpty();
    }
}
