package dev.dockhand.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One AWS profile in one region, with the service clients Dockhand uses, created on first use. Honours
 * the AWS CLI's conventions: {@code AWS_PROFILE}, {@code AWS_REGION}, {@code AWS_ENDPOINT_URL} (so an
 * AWS-compatible local endpoint works exactly like AWS), SSO profiles, and credentials from the
 * environment or a web identity (CI with OIDC). Throttled calls are retried with back-off.
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

    AwsSession(String profile, Region region, URI endpoint, AwsCredentialsProvider credentials) {
        this(profile, region, endpoint, credentials, MAX_ATTEMPTS);
    }

    private AwsSession(String profile, Region region, URI endpoint, AwsCredentialsProvider credentials, int maxAttempts) {
        this.profile = profile;
        this.region = region;
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.maxAttempts = maxAttempts;
    }

    /**
     * The same profile and region with clients that try each call once. A watcher polls again on its own
     * schedule and backs off when throttled; retrying inside a poll would only add calls. Close it apart.
     */
    public AwsSession forWatching() {
        return new AwsSession(profile, region, endpoint, credentials, 1);
    }

    /** Opens a session for {@code profile} (null: AWS_PROFILE or "default") in {@code region} (null: resolved). */
    public static AwsSession open(String profile, String region) throws AwsFailure {
        return open(profile, null, region);
    }

    /**
     * Opens a session as the AWS CLI would: {@code profile} (a flag: it must exist), else AWS_PROFILE, else
     * credentials in the environment (as CI has them), else {@code preferredProfile} when this machine has
     * it (an older dockhand.yaml's), else "default". A preferred profile this machine lacks is no error.
     */
    public static AwsSession open(String profile, String preferredProfile, String region) throws AwsFailure {
        Map<String, String> environment = System.getenv();
        AwsProfiles profiles = AwsProfiles.fromSystem();
        boolean fromEnvironment = has(environment, "AWS_PROFILE") || has(environment, "AWS_ACCESS_KEY_ID")
                || has(environment, "AWS_WEB_IDENTITY_TOKEN_FILE") || has(environment, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
        boolean preferred = (profile == null || profile.isBlank()) && !fromEnvironment && preferredProfile != null
                && !preferredProfile.isBlank() && profiles.exists(preferredProfile);
        return open(preferred ? preferredProfile : profile, region, environment, profiles);
    }

    private static boolean has(Map<String, String> environment, String name) {
        String value = environment.get(name);
        return value != null && !value.isBlank();
    }

    static AwsSession open(String profile, String region, Map<String, String> environment, AwsProfiles profiles)
            throws AwsFailure {
        String chosen = profiles.chosenProfile(profile);
        if (profile != null && !profile.isBlank() && !profiles.exists(profile)) {
            List<String> known = profiles.profiles().stream().map(AwsProfiles.Profile::name).toList();
            throw new AwsFailure("There is no AWS profile \"" + profile + "\" in ~/.aws/config or ~/.aws/credentials: "
                    + "create it with `aws configure --profile " + profile + "` (or `aws configure sso`)"
                    + (known.isEmpty() ? "" : ", or choose one of: " + String.join(", ", known)) + ".", null, true);
        }
        String resolvedRegion = profiles.chosenRegion(region, chosen).orElseThrow(() -> new AwsFailure(
                "No AWS region is set: pass --region, set AWS_REGION, or add `region = ...` to profile \"" + chosen
                        + "\" in ~/.aws/config.", null, true));
        String endpoint = environment.get("AWS_ENDPOINT_URL");
        AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().profileName(chosen).build();
        return new AwsSession(chosen, Region.of(resolvedRegion),
                endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.strip()), credentials);
    }

    /** A session against a fixed endpoint and credentials: for AWS-compatible stubs and tests. */
    public static AwsSession at(URI endpoint, String region, AwsCredentialsProvider credentials) {
        return new AwsSession("default", Region.of(region), endpoint, credentials);
    }

    public String profile() {
        return profile;
    }

    /**
     * Where the credentials come from, in the user's words: "profile dev", or "credentials from the
     * environment" when no profile was asked for and the environment has keys (they come first).
     */
    public String credentialsSource() {
        boolean named = has(System.getenv(), "AWS_PROFILE") || !"default".equals(profile);
        return !named && (has(System.getenv(), "AWS_ACCESS_KEY_ID") || has(System.getenv(), "AWS_WEB_IDENTITY_TOKEN_FILE"))
                ? "credentials from the environment" : "profile " + profile;
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
        builder.region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build())
                        .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                        .apiCallTimeout(CALL_TIMEOUT)
                        .build());
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
