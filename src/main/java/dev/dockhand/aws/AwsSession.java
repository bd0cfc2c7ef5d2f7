package dev.dockhand.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.WebIdentityTokenFileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One set of AWS credentials in one region, with the service clients Dockhand uses, created on first use.
 * The credentials are those {@link CredentialSource} chooses (a profile, keys in the environment, a web
 * identity as CI with OIDC has, container credentials); {@code AWS_REGION} and {@code AWS_ENDPOINT_URL}
 * (so an AWS-compatible local endpoint works exactly like AWS) are honoured. Throttled calls are retried
 * with back-off.
 */
public final class AwsSession implements AutoCloseable {

    /** Who the session acts as, from STS, shown before anything is created. */
    public record Identity(String account, String arn, String userId) {
    }

    private static final int MAX_ATTEMPTS = 6;

    private final String profile;
    private final Region region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    /** Null for a session given its credentials ({@link #at}). */
    private final CredentialSource source;
    /** The files the credentials were chosen from, so that clients read their settings from the same; null: the SDK's. */
    private final ProfileFile profileFile;
    private final int maxAttempts;
    private final List<AutoCloseable> clients = new ArrayList<>();
    private StsClient sts;
    private EcrClient ecr;
    private EcsClient ecs;
    private CloudFormationClient cloudFormation;
    private Ec2Client ec2;
    private ElasticLoadBalancingV2Client elb;
    private CloudWatchClient cloudWatch;
    private CloudWatchLogsClient logs;
    private ApplicationAutoScalingClient autoScaling;
    private software.amazon.awssdk.services.secretsmanager.SecretsManagerClient secrets;

    private AwsSession(String profile, Region region, URI endpoint, AwsCredentialsProvider credentials,
                       CredentialSource source, ProfileFile profileFile) {
        this(profile, region, endpoint, credentials, source, profileFile, MAX_ATTEMPTS);
    }

    private AwsSession(String profile, Region region, URI endpoint, AwsCredentialsProvider credentials,
                       CredentialSource source, ProfileFile profileFile, int maxAttempts) {
        this.profile = profile;
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.source = source;
        this.profileFile = profileFile;
        this.maxAttempts = maxAttempts;
    }

    /**
     * The same profile and region with clients that try each call once. A watcher polls again on its own
     * schedule and backs off when throttled; retrying inside a poll would only add calls. Close it apart.
     */
    public AwsSession forWatching() {
        return new AwsSession(profile, region, endpoint, credentials, source, profileFile, 1);
    }

    /** Opens a session for {@code profile} (null: AWS_PROFILE, the environment's credentials or "default") in {@code region}. */
    public static AwsSession open(String profile, String region) throws AwsFailure {
        return open(profile, null, region);
    }

    /**
     * Opens a session with the credentials {@link CredentialSource#choose} picks: {@code profile} (a flag: it
     * must exist), else AWS_PROFILE (it must exist), else credentials in the environment (keys, a web
     * identity token, container credentials: as CI has them), else {@code preferredProfile} when this machine
     * has it (an older dockhand.yaml's), else "default". A preferred profile this machine lacks is no error.
     */
    public static AwsSession open(String profile, String preferredProfile, String region) throws AwsFailure {
        return open(profile, preferredProfile, region, System.getenv(), AwsProfiles.fromSystem());
    }

    static AwsSession open(String profile, String region, Map<String, String> environment, AwsProfiles profiles)
            throws AwsFailure {
        return open(profile, null, region, environment, profiles);
    }

    static AwsSession open(String profile, String preferredProfile, String region, Map<String, String> environment,
                           AwsProfiles profiles) throws AwsFailure {
        CredentialSource source;
        try {
            source = CredentialSource.choose(profile, environment, preferredProfile, profiles.names());
        } catch (AwsFailure e) {
            if (profiles.unreadable().isEmpty()) {
                throw e;
            }
            throw new AwsFailure(e.getMessage() + " Also: " + unreadable(profiles).getMessage(), null, true);
        }
        if (!profiles.unreadable().isEmpty() && readsProfiles(source.kind())) {
            throw unreadable(profiles);
        }
        String settingsProfile = settingsProfile(source);
        String resolvedRegion = profiles.chosenRegion(region, settingsProfile).orElseThrow(() -> new AwsFailure(
                "No AWS region is set: pass --region, set AWS_REGION, or add `region = ...` to profile \"" + settingsProfile
                        + "\" in ~/.aws/config.", null, true));
        String endpoint = environment.get("AWS_ENDPOINT_URL");
        return new AwsSession(settingsProfile, Region.of(resolvedRegion),
                endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.strip()),
                credentials(source, environment, profiles.profileFile()), source, profiles.profileFile());
    }

    /** Settings other than credentials (the region) come from the chosen profile, else from "default", as the AWS CLI's do. */
    private static String settingsProfile(CredentialSource source) {
        return source.profileName().orElse("default");
    }

    /**
     * The region a session opened with these choices would use (see {@link #open}), or empty when none is set;
     * no AWS call. When the choice itself is wrong (a profile that does not exist), the "default" profile's
     * region is offered: opening the session says what is wrong.
     */
    public static java.util.Optional<String> regionFor(String profile, String preferredProfile) {
        return regionFor(profile, preferredProfile, System.getenv(), AwsProfiles.fromSystem());
    }

    static java.util.Optional<String> regionFor(String profile, String preferredProfile, Map<String, String> environment,
                                                 AwsProfiles profiles) {
        String settingsProfile;
        try {
            settingsProfile = settingsProfile(CredentialSource.choose(profile, environment, preferredProfile, profiles.names()));
        } catch (AwsFailure e) {
            settingsProfile = "default";
        }
        return profiles.chosenRegion(null, settingsProfile);
    }

    private static boolean readsProfiles(CredentialSource.Kind kind) {
        return kind != CredentialSource.Kind.ENVIRONMENT_KEYS && kind != CredentialSource.Kind.WEB_IDENTITY
                && kind != CredentialSource.Kind.CONTAINER;
    }

    private static AwsFailure unreadable(AwsProfiles profiles) {
        return new AwsFailure(String.join("; ", profiles.unreadable())
                + ". Fix the file (the AWS CLI cannot read it either), or use credentials from the environment.", null, true);
    }

    /**
     * The SDK provider for {@code source}, built explicitly so that the choice made is the one that signs: the
     * SDK's default chain would take keys in the environment before a profile that was asked for.
     */
    static AwsCredentialsProvider credentials(CredentialSource source, Map<String, String> environment, ProfileFile file) {
        return switch (source.kind()) {
            case PROFILE_FLAG, AWS_PROFILE, PREFERRED_PROFILE, DEFAULT_PROFILE -> ProfileCredentialsProvider.builder()
                    .profileFile(file).profileName(source.profile()).build();
            case ENVIRONMENT_KEYS -> EnvironmentVariableCredentialsProvider.create();
            case WEB_IDENTITY -> WebIdentityTokenFileCredentialsProvider.builder()
                    .webIdentityTokenFile(Path.of(environment.get("AWS_WEB_IDENTITY_TOKEN_FILE").strip()))
                    .roleArn(environment.get("AWS_ROLE_ARN").strip())
                    .roleSessionName(environment.get("AWS_ROLE_SESSION_NAME"))
                    .build();
            case CONTAINER -> ContainerCredentialsProvider.builder().build();
            case SDK_DEFAULT_CHAIN -> DefaultCredentialsProvider.builder().profileFile(file).build();
        };
    }

    /** A session against a fixed endpoint and credentials: for AWS-compatible stubs and tests. */
    public static AwsSession at(URI endpoint, String region, AwsCredentialsProvider credentials) {
        return new AwsSession("default", Region.of(region), endpoint, credentials, null, null);
    }

    /** The profile whose settings the session uses: the one its credentials come from, else "default". */
    public String profile() {
        return profile;
    }

    /**
     * Where the credentials come from, in the user's words: "profile dev (--profile)", "credentials from the
     * environment", "web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)".
     */
    public String credentialsSource() {
        return source == null ? "credentials given to the session" : source.describe();
    }

    public String region() {
        return region.id();
    }

    public URI endpoint() {
        return endpoint;
    }

    public Identity identity() throws AwsFailure {
        GetCallerIdentityResponse who = call("checking who you are (STS GetCallerIdentity)", () -> sts().getCallerIdentity());
        return new Identity(who.account(), who.arn(), who.userId());
    }

    /** Runs an AWS call, turning its failure into an {@link AwsFailure} that names the next step. */
    public <T> T call(String doing, Supplier<T> call) throws AwsFailure {
        try {
            return call.get();
        } catch (SdkException e) {
            throw AwsErrors.explain(e, this, doing);
        }
    }

    synchronized StsClient sts() {
        return sts == null ? sts = build(StsClient.builder()) : sts;
    }

    synchronized EcrClient ecr() {
        return ecr == null ? ecr = build(EcrClient.builder()) : ecr;
    }

    synchronized EcsClient ecs() {
        return ecs == null ? ecs = build(EcsClient.builder()) : ecs;
    }

    synchronized CloudFormationClient cloudFormation() {
        return cloudFormation == null ? cloudFormation = build(CloudFormationClient.builder()) : cloudFormation;
    }

    synchronized Ec2Client ec2() {
        return ec2 == null ? ec2 = build(Ec2Client.builder()) : ec2;
    }

    synchronized ElasticLoadBalancingV2Client elb() {
        return elb == null ? elb = build(ElasticLoadBalancingV2Client.builder()) : elb;
    }

    synchronized CloudWatchClient cloudWatch() {
        return cloudWatch == null ? cloudWatch = build(CloudWatchClient.builder()) : cloudWatch;
    }

    synchronized CloudWatchLogsClient logs() {
        return logs == null ? logs = build(CloudWatchLogsClient.builder()) : logs;
    }

    synchronized ApplicationAutoScalingClient autoScaling() {
        return autoScaling == null ? autoScaling = build(ApplicationAutoScalingClient.builder()) : autoScaling;
    }

    synchronized software.amazon.awssdk.services.secretsmanager.SecretsManagerClient secrets() {
        return secrets == null ? secrets = build(software.amazon.awssdk.services.secretsmanager.SecretsManagerClient.builder()) : secrets;
    }

    /**
     * How long one attempt of a call may take, and the call with its retries: an endpoint that accepts the
     * connection and never answers must not hang a command. {@code -Ddockhand.aws.attemptSeconds} and
     * {@code -Ddockhand.aws.callSeconds} change them (tests use short ones).
     */
    static final java.time.Duration ATTEMPT_TIMEOUT = java.time.Duration.ofSeconds(Long.getLong("dockhand.aws.attemptSeconds", 20));
    static final java.time.Duration CALL_TIMEOUT = java.time.Duration.ofSeconds(Long.getLong("dockhand.aws.callSeconds", 90));

    private <B extends AwsClientBuilder<B, C>, C extends AutoCloseable> C build(B builder) {
        ClientOverrideConfiguration.Builder configuration = ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build())
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .apiCallTimeout(CALL_TIMEOUT);
        if (profileFile != null) {
            configuration.defaultProfileFile(profileFile).defaultProfileName(profile);
        }
        builder.region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(configuration.build());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        C client = builder.build();
        clients.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception e) {
                // closing HTTP connection pools: nothing to report
            }
        }
        clients.clear();
    }
}
