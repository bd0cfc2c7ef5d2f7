package dev.dockhand.aws;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AwsProfilesTest {

    @TempDir
    Path home;

    @Test
    void readsProfilesSsoSessionsAndKeysWithoutKeepingSecrets() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), """
                [default]
                region = eu-west-1

                [profile dev]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = Developer
                region = eu-central-1

                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-west-1

                [profile ci]
                role_arn = arn:aws:iam::123456789012:role/ci
                source_profile = default
                """);
        Files.writeString(home.resolve(".aws/credentials"), """
                [default]
                aws_access_key_id = AKIAEXAMPLE
                aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
                [legacy]
                aws_access_key_id = AKIAOTHER
                aws_secret_access_key = another-secret
                """);
        AwsProfiles profiles = AwsProfiles.load(Map.of(), home);

        assertThat(profiles.profiles()).extracting(AwsProfiles.Profile::name).containsExactly("default", "ci", "dev", "legacy");
        AwsProfiles.Profile dev = profiles.profiles().stream().filter(p -> p.name().equals("dev")).findFirst().orElseThrow();
        assertThat(dev.kind()).isEqualTo(AwsProfiles.Kind.SSO);
        assertThat(dev.ssoStartUrl()).isEqualTo("https://corp.awsapps.com/start");
        assertThat(profiles.profiles().get(0).kind()).isEqualTo(AwsProfiles.Kind.KEYS);
        assertThat(profiles.profiles().toString()).doesNotContain("wJalrXUtnFEMI").doesNotContain("another-secret")
                .doesNotContain("AKIAEXAMPLE");
        assertThat(profiles.profileFile().toString()).as("the SDK's own record lists property names only")
                .doesNotContain("wJalrXUtnFEMI").doesNotContain("another-secret");
    }

    @Test
    void kindsAreToldApartAsTheSdkReadsTheFiles() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), """
                [profile old-sso]
                sso_start_url = https://old.awsapps.com/start
                sso_region = us-east-1
                [profile tool]
                credential_process = /usr/local/bin/creds
                [profile plain]
                region = us-west-2
                # the AWS CLI ignores a section of the config file without "profile ": so do the SDK and Dockhand
                [orphan]
                region = eu-west-3
                """);
        AwsProfiles profiles = AwsProfiles.load(Map.of(), home);

        assertThat(profiles.profiles()).extracting(AwsProfiles.Profile::name, AwsProfiles.Profile::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("old-sso", AwsProfiles.Kind.SSO),
                org.assertj.core.groups.Tuple.tuple("plain", AwsProfiles.Kind.OTHER),
                org.assertj.core.groups.Tuple.tuple("tool", AwsProfiles.Kind.PROCESS));
        assertThat(profiles.profiles().get(0).ssoStartUrl()).isEqualTo("https://old.awsapps.com/start");
        assertThat(profiles.exists("orphan")).isFalse();
        assertThat(profiles.chosenRegion(null, "plain")).contains("us-west-2");
    }

    @Test
    void theFilesTheEnvironmentNamesReplaceThoseInTheHomeFolder() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[profile home-only]\nregion = eu-west-1\n");
        Files.writeString(home.resolve("ci-config"), "[profile ci]\nregion = us-east-1\n");
        Files.writeString(home.resolve("ci-credentials"), "[keys]\naws_access_key_id = AKIDCI\naws_secret_access_key = s\n");

        AwsProfiles profiles = AwsProfiles.load(Map.of("AWS_CONFIG_FILE", home.resolve("ci-config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", "~/ci-credentials"), home);

        assertThat(profiles.names()).containsExactly("ci", "keys");
        assertThat(profiles.unreadable()).isEmpty();
    }

    @Test
    void aFileTheSdkCannotParseIsReportedWithItsLineAndNoValue() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[profile dev]\nregion = eu-west-1\n");
        Files.writeString(home.resolve(".aws/credentials"), "[dev]\naws_access_key_id = AKIDBROKEN\nwJalrXUtnFEMI-broken\n");

        AwsProfiles profiles = AwsProfiles.load(Map.of(), home);

        assertThat(profiles.names()).containsExactly("dev");
        assertThat(profiles.unreadable()).singleElement().asString().contains(".aws/credentials cannot be read")
                .contains("line 3").doesNotContain("wJalrXUtnFEMI").doesNotContain("AKIDBROKEN");
        // A session from a profile names the broken file; keys in the environment (CI) need no file.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AwsSession.open("dev", null, Map.of(), profiles))
                .isInstanceOf(AwsFailure.class).hasMessageContaining(".aws/credentials cannot be read").hasMessageContaining("line 3");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AwsSession.open("prod", null, Map.of(), profiles))
                .hasMessageStartingWith("There is no AWS profile \"prod\"").hasMessageContaining("Also: ")
                .hasMessageContaining(".aws/credentials cannot be read");
        try (AwsSession session = AwsSession.open(null, "eu-west-1", Map.of("AWS_ACCESS_KEY_ID", "AKIDENV",
                "AWS_SECRET_ACCESS_KEY", "s"), profiles)) {
            assertThat(session.credentialsSource()).isEqualTo("credentials from the environment");
        }
    }

    @Test
    void environmentChoosesProfileAndRegion() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[profile dev]\nregion = eu-central-1\n");
        AwsProfiles profiles = AwsProfiles.load(Map.of("AWS_PROFILE", "dev"), home);
        assertThat(profiles.chosenRegion(null, "dev")).contains("eu-central-1");
        assertThat(AwsSession.regionFor(null, null, Map.of("AWS_PROFILE", "dev"), profiles)).as("AWS_PROFILE's region")
                .contains("eu-central-1");
        AwsProfiles withRegion = AwsProfiles.load(Map.of("AWS_PROFILE", "dev", "AWS_REGION", "us-east-2"), home);
        assertThat(withRegion.chosenRegion(null, "dev")).contains("us-east-2");
        assertThat(withRegion.chosenRegion("ap-south-1", "dev")).contains("ap-south-1");
    }

    @Test
    void costIsEstimatedAtMinimumAndMaximumWithThePriceDate() {
        CostEstimate.Estimate estimate = CostEstimate.estimate("us-east-1", 256, 512, 2, 6);
        // 0.25 vCPU * 0.04048 + 0.5 GB * 0.004445 per hour, 730 hours, per task; plus the load balancer and one LCU
        double task = (0.25 * 0.04048 + 0.5 * 0.004445) * 730;
        double lb = (0.0225 + 0.008) * 730;
        assertThat(estimate.atMinimum()).isCloseTo(2 * task + lb, org.assertj.core.data.Offset.offset(0.01));
        assertThat(estimate.atMaximum()).isCloseTo(6 * task + lb, org.assertj.core.data.Offset.offset(0.01));
        assertThat(estimate.describe()).contains(CostEstimate.PRICE_DATE);
        assertThat(CostEstimate.estimate("xx-nowhere-9", 256, 512, 1, 1).exactRegion()).isFalse();
    }
}
