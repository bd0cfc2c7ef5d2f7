package dev.dockhand.cli;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.dockhand.testing.AwsStub;
import dev.dockhand.testing.DockhandProcess;
import dev.dockhand.testing.DockhandProcess.Run;
import dev.dockhand.testing.EcsServiceStub;
import dev.dockhand.testing.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static dev.dockhand.testing.AwsStub.query;
import static dev.dockhand.testing.AwsStub.response;
import static dev.dockhand.testing.AwsStub.xml;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which credentials sign the requests, as CI and teammates run the CLI: a separate process with only the
 * environment it is given, a home folder with or without AWS files, AWS_ENDPOINT_URL pointing at the
 * wire-protocol stub. The key id each request was signed with is read from its Authorization header.
 */
class CredentialsOrderTest {

    private static final Pattern SIGNED_BY = Pattern.compile("^AWS4-HMAC-SHA256 Credential=([A-Z0-9]+)/");

    @TempDir
    Path temp;

    private AwsStub stub;
    private Path project;
    private Path home;
    private final Map<String, String> environment = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        stub = new AwsStub();
        new EcsServiceStub(stub, Instant.now());
        project = Fixtures.copy("node-npm", temp);
        home = Files.createDirectories(temp.resolve("home"));
        environment.put("AWS_ENDPOINT_URL", stub.server.baseUrl());
        environment.put("AWS_REGION", "eu-west-1");
        environment.put("AWS_EC2_METADATA_DISABLED", "true");
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private Run status(String... flags) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("status", project.toString(), "--target", "aws", "--json"));
        args.addAll(List.of(flags));
        return new DockhandProcess(temp.resolve("runs")).timeoutSeconds(120)
                // The JVM takes user.home from the passwd entry, not from HOME: both point at the test's home.
                .jvmOption("-Duser.home=" + home)
                .environment(env -> {
                    env.keySet().removeIf(k -> k.startsWith("AWS_"));
                    env.putAll(environment);
                    env.put("HOME", home.toString());
                })
                .run(args.toArray(String[]::new));
    }

    private void environmentKeys() {
        environment.put("AWS_ACCESS_KEY_ID", "AKIDENVIRONMENT");
        environment.put("AWS_SECRET_ACCESS_KEY", "env-secret-7c1e");
    }

    private void profiles() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), """
                [default]
                aws_access_key_id = AKIDDEFAULT
                aws_secret_access_key = default-secret-41b0
                [dev]
                aws_access_key_id = AKIDDEVPROFILE
                aws_secret_access_key = dev-secret-9a3f
                """);
        Files.writeString(home.resolve(".aws/config"), "[profile dev]\nregion = eu-west-1\n");
    }

    /**
     * The key ids the requests to AWS were signed with, leaving out the unsigned exchanges for temporary keys:
     * STS's web identity one and IAM Identity Center's GetRoleCredentials.
     */
    private List<String> signers() {
        return stub.server.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(r -> !r.getBodyAsString().contains("Action=AssumeRoleWithWebIdentity&"))
                .filter(r -> !r.getUrl().startsWith(ROLE_CREDENTIALS))
                .map(CredentialsOrderTest::signer).distinct().toList();
    }

    /** IAM Identity Center's GetRoleCredentials (REST-JSON): GET with the account and role in the query. */
    private static final String ROLE_CREDENTIALS = "/federation/credentials";
    private static final String SSO_ACCESS_TOKEN = "aoaAAAAAGZ-sso-access-token-3e9b";

    /**
     * An SSO profile as `aws configure sso` writes it: the profile names an sso-session section that has
     * the start URL and the Identity Center region.
     */
    private void ssoProfile() throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), """
                [profile dev]
                sso_session = corp
                sso_account_id = 123456789012
                sso_role_name = DeployAccess
                region = eu-west-1
                [sso-session corp]
                sso_start_url = https://corp.awsapps.com/start
                sso_region = eu-central-1
                sso_registration_scopes = sso:account:access
                """);
    }

    /**
     * The token `aws sso login` caches: ~/.aws/sso/cache/ named by the SHA-1 (lower-case hex) of the
     * sso-session's name, as the AWS CLI and the SDK's SSO-OIDC token provider name it.
     */
    private void ssoToken(Instant expiresAt) throws Exception {
        Path cache = Files.createDirectories(home.resolve(".aws/sso/cache"));
        byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest("corp".getBytes(StandardCharsets.UTF_8));
        Files.writeString(cache.resolve(java.util.HexFormat.of().formatHex(digest) + ".json"), """
                {"startUrl": "https://corp.awsapps.com/start", "region": "eu-central-1",
                 "accessToken": "%s", "expiresAt": "%s"}
                """.formatted(SSO_ACCESS_TOKEN, expiresAt.truncatedTo(ChronoUnit.SECONDS)));
    }

    private static String signer(LoggedRequest request) {
        Matcher signed = SIGNED_BY.matcher(String.valueOf(request.getHeader("Authorization")));
        return signed.find() ? signed.group(1) : "unsigned";
    }

    private static void worked(Run run) throws Exception {
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.lastJson().path("service").asText()).isEqualTo("app");
        assertThat(run.all()).doesNotContain("secret-");
    }

    @Test
    void environmentKeysAndAnEmptyHomeAreEnough() throws Exception {
        environmentKeys();

        Run run = status();

        worked(run);
        assertThat(signers()).containsExactly("AKIDENVIRONMENT");
    }

    @Test
    void aProfileFlagBeatsKeysInTheEnvironment() throws Exception {
        profiles();
        environmentKeys();

        Run run = status("--profile", "dev");

        worked(run);
        assertThat(signers()).containsExactly("AKIDDEVPROFILE");
    }

    @Test
    void awsProfileBeatsKeysInTheEnvironment() throws Exception {
        profiles();
        environmentKeys();
        environment.put("AWS_PROFILE", "dev");

        Run run = status();

        worked(run);
        assertThat(signers()).containsExactly("AKIDDEVPROFILE");
    }

    @Test
    void awsProfileNamingAProfileThisMachineLacksIsAUserErrorNamingTheVariable() throws Exception {
        profiles();
        environmentKeys();
        environment.put("AWS_PROFILE", "prod");

        Run run = status();

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("AWS_PROFILE is set to \"prod\", but there is no such profile")
                .contains("set AWS_PROFILE to one of: default, dev").contains("unset AWS_PROFILE");
        assertThat(stub.server.getAllServeEvents()).as("nothing is sent to AWS").isEmpty();
    }

    @Test
    void aRecordedProfileThisMachineLacksYieldsToKeysInTheEnvironmentAndTheseBeatTheDefaultProfile() throws Exception {
        profiles();
        environmentKeys();
        Files.writeString(project.resolve("dockhand.yaml"), "aws:\n  profile: teammates-sso\n");

        Run run = status();

        worked(run);
        assertThat(signers()).containsExactly("AKIDENVIRONMENT");
    }

    @Test
    void aRecordedProfileThisMachineHasIsPreferredToTheDefaultProfile() throws Exception {
        profiles();
        Files.writeString(project.resolve("dockhand.yaml"), "aws:\n  profile: dev\n");

        Run run = status();

        worked(run);
        assertThat(signers()).containsExactly("AKIDDEVPROFILE");
    }

    /**
     * GitHub Actions' OIDC: a token file and a role, exchanged at STS (AssumeRoleWithWebIdentity, sent to
     * AWS_ENDPOINT_URL by the SDK's own STS client) for temporary keys that sign everything after.
     */
    @Test
    void aWebIdentityTokenIsExchangedForTemporaryKeysThatSignTheCalls() throws Exception {
        Path token = temp.resolve("oidc-token");
        Files.writeString(token, "eyJhbGciOiJSUzI1NiJ9.oidc-token-body.signature", StandardCharsets.UTF_8);
        environment.put("AWS_WEB_IDENTITY_TOKEN_FILE", token.toString());
        environment.put("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/deploy-from-ci");
        environment.put("AWS_ROLE_SESSION_NAME", "ci-run-42");
        String expires = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
        // Shaped like the example in the STS API reference (AssumeRoleWithWebIdentity).
        stub.server.stubFor(query("AssumeRoleWithWebIdentity").willReturn(xml(response("AssumeRoleWithWebIdentity",
                "https://sts.amazonaws.com/doc/2011-06-15/",
                "<SubjectFromWebIdentityToken>repo:example/app:ref:refs/heads/main</SubjectFromWebIdentityToken>"
                        + "<Audience>sts.amazonaws.com</Audience>"
                        + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/deploy-from-ci/ci-run-42</Arn>"
                        + "<AssumedRoleId>AROACLKWSDQRAOEXAMPLE:ci-run-42</AssumedRoleId></AssumedRoleUser>"
                        + "<Credentials><SessionToken>AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp-session-token</SessionToken>"
                        + "<SecretAccessKey>temporary-secret-5d2c</SecretAccessKey><Expiration>" + expires + "</Expiration>"
                        + "<AccessKeyId>ASIATEMPORARYCI</AccessKeyId></Credentials>"
                        + "<Provider>arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com</Provider>"))));

        Run run = status();

        worked(run);
        List<LoggedRequest> exchanges = stub.server.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(r -> r.getBodyAsString().contains("Action=AssumeRoleWithWebIdentity&")).toList();
        assertThat(exchanges).hasSize(1);
        String exchange = java.net.URLDecoder.decode(exchanges.get(0).getBodyAsString(), StandardCharsets.UTF_8);
        assertThat(exchange).contains("RoleArn=arn:aws:iam::123456789012:role/deploy-from-ci")
                .contains("RoleSessionName=ci-run-42").contains("WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.oidc-token-body.signature");
        assertThat(signers()).containsExactly("ASIATEMPORARYCI");
        assertThat(stub.server.findAll(anyRequestedFor(anyUrl())).stream().filter(r -> signer(r).equals("ASIATEMPORARYCI"))
                .map(r -> r.getHeader("X-Amz-Security-Token")).distinct().toList())
                .containsExactly("AQoDYXdzEE0a8ANXXXXXXXXNO1ewxE5TijQyp-session-token");
        assertThat(run.all()).doesNotContain("oidc-token-body");
    }

    /**
     * An IAM Identity Center (SSO) profile after `aws sso login`: the cached token is exchanged at
     * GetRoleCredentials (sent to AWS_ENDPOINT_URL by the SDK's own SSO client) for the role's temporary keys,
     * which sign everything after.
     */
    @Test
    void anSsoProfileExchangesTheCachedLoginForTheRolesKeysThatSignTheCalls() throws Exception {
        ssoProfile();
        ssoToken(Instant.now().plus(8, ChronoUnit.HOURS));
        environmentKeys();
        long expiration = Instant.now().plus(1, ChronoUnit.HOURS).toEpochMilli();
        // Shaped like the example in the IAM Identity Center portal API reference (GetRoleCredentials).
        stub.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(
                        com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(ROLE_CREDENTIALS))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"roleCredentials\":{\"accessKeyId\":\"ASIASSODEPLOYROLE\","
                                + "\"secretAccessKey\":\"sso-role-secret-0b7d\","
                                + "\"sessionToken\":\"IQoJb3JpZ2luX2VjEsso-session-token\","
                                + "\"expiration\":" + expiration + "}}")));

        Run run = status("--profile", "dev");

        worked(run);
        List<LoggedRequest> exchanges = stub.server.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(r -> r.getUrl().startsWith(ROLE_CREDENTIALS)).toList();
        assertThat(exchanges).isNotEmpty();
        for (LoggedRequest exchange : exchanges) {
            assertThat(exchange.getMethod().getName()).isEqualTo("GET");
            assertThat(exchange.queryParameter("account_id").firstValue()).isEqualTo("123456789012");
            assertThat(exchange.queryParameter("role_name").firstValue()).isEqualTo("DeployAccess");
            assertThat(exchange.getHeader("x-amz-sso_bearer_token")).isEqualTo(SSO_ACCESS_TOKEN);
        }
        assertThat(signers()).containsExactly("ASIASSODEPLOYROLE");
        assertThat(stub.server.findAll(anyRequestedFor(anyUrl())).stream().filter(r -> signer(r).equals("ASIASSODEPLOYROLE"))
                .map(r -> r.getHeader("X-Amz-Security-Token")).distinct().toList())
                .containsExactly("IQoJb3JpZ2luX2VjEsso-session-token");
        assertThat(run.all()).doesNotContain(SSO_ACCESS_TOKEN).doesNotContain("ASIASSODEPLOYROLE")
                .doesNotContain("sso-session-token");
    }

    @Test
    void anExpiredSsoLoginIsAUserErrorThatSaysToLogInAgain() throws Exception {
        ssoProfile();
        ssoToken(Instant.now().minus(2, ChronoUnit.HOURS));

        Run run = status("--profile", "dev");

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("The SSO login of profile \"dev\" has expired: run `aws sso login --profile dev`");
        assertThat(stub.server.findAll(anyRequestedFor(anyUrl())).stream()
                .filter(r -> r.getUrl().startsWith(ROLE_CREDENTIALS)).toList()).as("no expired token is sent").isEmpty();
        assertThat(signers()).as("nothing is signed").isEmpty();
        assertThat(run.all()).doesNotContain(SSO_ACCESS_TOKEN);
    }

    @Test
    void anSsoProfileNeverLoggedInIsAUserErrorThatSaysToLogIn() throws Exception {
        ssoProfile();
        environment.put("AWS_PROFILE", "dev");

        Run run = status();

        assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("Profile \"dev\" signs in with AWS IAM Identity Center (SSO), and this machine has "
                + "no SSO login for it: run `aws sso login --profile dev`");
        assertThat(signers()).as("nothing is signed").isEmpty();
    }
}
