package dev.dockhand.pipeline;

import dev.dockhand.aws.AwsFailure;
import dev.dockhand.aws.AwsSession;
import dev.dockhand.aws.CostEstimate;
import dev.dockhand.aws.DeployListener;
import dev.dockhand.aws.DeployOutcome;
import dev.dockhand.aws.EcsCatalog;
import dev.dockhand.aws.EcsServiceWatcher;
import dev.dockhand.aws.Network;
import dev.dockhand.aws.Ownership;
import dev.dockhand.aws.Registry;
import dev.dockhand.aws.ServiceSettings;
import dev.dockhand.aws.StackDeployer;
import dev.dockhand.aws.StackTemplate;
import dev.dockhand.aws.SecretStore;
import dev.dockhand.aws.TaskConfiguration;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The AWS steps of the flow: who you are, where the service runs, the template written into the
 * project, the image pushed to ECR, the stack deployed and torn down. Blocking calls: run them off the
 * UI thread; cancel by interrupting.
 */
public final class AwsSteps implements AutoCloseable {

    /** Where the generated CloudFormation template is kept in the user's project. */
    public static final String TEMPLATE_FILE = "infra/dockhand-stack.yaml";

    private final AwsSession session;

    public AwsSteps(AwsSession session) {
        this.session = session;
    }

    public static AwsSteps open(String profile, String region) throws StepException {
        return open(profile, null, region);
    }

    /** See {@link AwsSession#open(String, String, String)}: {@code preferredProfile} yields to the environment. */
    public static AwsSteps open(String profile, String preferredProfile, String region) throws StepException {
        try {
            return new AwsSteps(AwsSession.open(profile, preferredProfile, region));
        } catch (AwsFailure e) {
            throw new StepException(e.getMessage(), e, e.badInput());
        }
    }

    public String profile() {
        return session.profile();
    }

    /** "profile dev (--profile)", "credentials from the environment" and so on, for the line that says who Dockhand acts as. */
    public String credentialsSource() {
        return session.credentialsSource();
    }

    public String region() {
        return session.region();
    }

    /** The account and identity the session acts as. */
    public AwsSession.Identity identity() throws StepException {
        return aws(session::identity);
    }

    /**
     * The service settings for {@code project}: the analysis, then dockhand.yaml, then the network AWS
     * proposes (default VPC, public subnets in two or more AZs) where none was chosen.
     */
    public ServiceSettings settings(OpenedProject project, ProjectSettings saved) throws StepException {
        ServiceSettings base = Deployments.baseSettings(project, saved);
        ProjectSettings.Aws aws = saved.awsOrEmpty();
        if (aws.vpc() != null && aws.subnets() != null && !aws.subnets().isEmpty()) {
            List<String> lbSubnets = aws.loadBalancerSubnets() != null ? aws.loadBalancerSubnets() : aws.subnets();
            return Deployments.withNetwork(base, aws.vpc(), lbSubnets, aws.subnets(), Boolean.TRUE.equals(aws.privateSubnets()));
        }
        Network.Proposal proposal = aws(() -> new Network(session).propose(aws.vpc(), Boolean.TRUE.equals(aws.privateSubnets())));
        return Deployments.withNetwork(base, proposal.vpcId(), proposal.loadBalancerSubnets(), proposal.taskSubnets(),
                proposal.privateTasks());
    }

    /** The profiles of ~/.aws/config and ~/.aws/credentials, "default" first. */
    public static List<String> profileNames() {
        return dev.dockhand.aws.AwsProfiles.fromSystem().profiles().stream().map(dev.dockhand.aws.AwsProfiles.Profile::name).toList();
    }

    /**
     * The region a session would use with {@code profile} picked (null: automatic) and dockhand.yaml's
     * {@code preferredProfile}: AWS_REGION, else the region of the profile the credentials come from; null
     * when none is set.
     */
    public static String defaultRegion(String profile, String preferredProfile) {
        return dev.dockhand.aws.AwsSession.regionFor(profile, preferredProfile).orElse(null);
    }

    /** Identity, network, shape and cost of deploying {@code project} with {@code saved} settings. */
    public AwsPlan plan(OpenedProject project, ProjectSettings saved) throws StepException {
        AwsSession.Identity who = identity();
        ServiceSettings settings = settings(project, saved);
        return new AwsPlan(project.folder(), who.account(), who.arn(), region(), settings, cost(settings).describe());
    }

    /** Stores the secrets, writes the plan's template into its project, then deploys it; the UI's entry point. */
    public DeployResult deploy(AwsPlan plan, ConfigValues config, String imageUri, Duration waitTimeout, DeployProgress progress)
            throws StepException {
        DeployListener listener = listener(progress);
        refuseForeign(plan.settings().name(), config);
        Configured configured = configure(plan.settings().name(), config, false, listener);
        try {
            Path written = writeTemplate(plan.project(), StackTemplate.yaml(plan.settings(), configured.task()));
            progress.status("Template written to " + plan.project().relativize(written));
        } catch (IOException e) {
            throw StepException.failed("Cannot write the template into " + plan.project() + ": " + e.getMessage(), e);
        }
        return result(deploy(plan.settings(), configured, imageUri, waitTimeout, listener));
    }

    /** What the task definition carries, and the stack parameters that name the service's secret. */
    public record Configured(TaskConfiguration task, Map<String, String> parameters) {
        public static Configured none() {
            return new Configured(TaskConfiguration.none(), Map.of());
        }
    }

    /**
     * Puts the configuration where the task will read it: secret values into the service's secret in
     * Secrets Manager (a new version only when one changed), existing secrets checked, plain values for
     * the task definition. Called before the stack is deployed, so the tasks find their secrets.
     */
    public Configured configure(String service, ConfigValues config, boolean restoreSecret, DeployListener listener)
            throws StepException {
        if (config.plan().isEmpty()) {
            return Configured.none();
        }
        checkDeployable(config);
        SecretStore store = new SecretStore(session);
        List<String> kmsKeys = new ArrayList<>();
        String account = null;
        for (ConfigPlan.Item item : config.plan().items()) {
            if (item.source() != ConfigPlan.Source.ARN) {
                continue;
            }
            String[] where = ConfigPlan.regionAndAccount(item.arn());
            if (account == null) {
                account = identity().account();
            }
            if (where != null && !where[1].equals(account)) {
                listener.status("Configuration: " + item.name() + " comes from account " + where[1] + ", not " + account + ": the "
                        + "secret's resource policy (and its KMS key's) must let this account's execution role read it.");
            }
            if (item.arn().contains(":secretsmanager:") && (where == null || where[1].equals(account))) {
                SecretStore.Existing existing = aws(() -> store.existing(item.arn()));
                customerKey(existing.kmsKeyId(), item.name(), listener).ifPresent(kmsKeys::add);
            }
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, String> values = config.secretValues();
        if (!values.isEmpty() || !config.keepStored().isEmpty()) {
            var deleted = aws(() -> store.scheduledDeletion(service));
            if (deleted.isPresent() && !restoreSecret) {
                String reason = "The secret " + SecretStore.nameFor(service) + " was deleted on " + deleted.get()
                        + " and can still be restored.";
                restoreSecret = listener.approveRestoreSecret(SecretStore.nameFor(service), reason + " Restore it?");
                if (!restoreSecret) {
                    throw new StepException(reason + " Restore it (`dockhand deploy DIR --restore-secret`, or answer yes in the "
                            + "app), or choose another service name.", null, true);
                }
            }
            if (restoreSecret && deleted.isPresent()) {
                aws(() -> {
                    store.restore(service);
                    return null;
                });
                listener.status("Restored the secret " + SecretStore.nameFor(service) + " from its recovery window");
            }
            SecretStore.Stored stored = aws(() -> store.store(service, values, config.keepStored()));
            listener.status((stored.created() ? "Created the secret " : stored.changed() ? "Stored a new version of " : "Unchanged: ")
                    + SecretStore.nameFor(service) + " in Secrets Manager (" + (values.size() + config.keepStored().size())
                    + " keys" + (config.keepStored().isEmpty() ? "" : ", " + String.join(", ", config.keepStored()) + " kept as stored")
                    + ")" + (stored.changed() && !stored.created() ? "; the tasks are replaced to read it" : ""));
            customerKey(stored.kmsKeyId(), SecretStore.nameFor(service), listener).ifPresent(kmsKeys::add);
            parameters.put(StackTemplate.SECRET_PARAMETER, stored.arn());
            parameters.put(StackTemplate.SECRET_VERSION_PARAMETER, stored.versionId());
        }
        return new Configured(config.task(kmsKeys), parameters);
    }

    /**
     * Refuses a configuration that would change the running service for the worse, before anything is
     * saved or stored: a plain value with no value here would vanish from the task definition.
     */
    public static void checkDeployable(ConfigValues config) throws StepException {
        if (!config.missingPlain().isEmpty()) {
            throw new StepException("No value here for " + String.join(", ", config.missingPlain()) + " ("
                    + String.join("; ", config.notes().stream().filter(n -> config.missingPlain().stream()
                    .anyMatch(m -> n.startsWith(m + ":"))).toList()) + "): deploying would remove "
                    + (config.missingPlain().size() == 1 ? "it" : "them") + " from the running tasks. Give a value (a dotenv file, "
                    + "or `from: environment` in dockhand.yaml with the variable set), or choose `from: omit`.", null, true);
        }
    }

    /** A customer-managed key the execution role must decrypt with; the AWS-managed key needs no grant. */
    private static java.util.Optional<String> customerKey(String kmsKeyId, String what, DeployListener listener) {
        if (kmsKeyId == null || kmsKeyId.isBlank() || kmsKeyId.equals("alias/aws/secretsmanager")) {
            return java.util.Optional.empty();
        }
        if (kmsKeyId.startsWith("arn:") && kmsKeyId.contains(":key/")) {
            return java.util.Optional.of(kmsKeyId);
        }
        listener.status("Configuration: " + what + " is encrypted with " + kmsKeyId + ", which Dockhand cannot name in a "
                + "policy: give the execution role kms:Decrypt on that key (by its key ARN).");
        return java.util.Optional.empty();
    }

    /**
     * {@code base} with a checked plan's settings, as dockhand.yaml keeps them: the port and health path only
     * where they differ from what the analysis finds.
     */
    public static ProjectSettings withPlan(ProjectSettings base, AwsPlan plan, String profile, OpenedProject project) {
        return project.pinServing(base.with(settingsOf(plan, profile)), plan.settings().containerPort(), plan.settings().healthPath());
    }

    /** The settings of a plan as dockhand.yaml keeps them. */
    public static ProjectSettings settingsOf(AwsPlan plan, String profile) {
        ServiceSettings s = plan.settings();
        return ProjectSettings.shape(s.name(), s.containerPort(), s.healthPath(), s.cpu(), s.memory(), s.desiredCount(),
                s.minTasks(), s.maxTasks(), s.cpuTargetPercent()).withAws(new ProjectSettings.Aws(profile, plan.region(), s.vpcId(),
                s.taskSubnets(), s.loadBalancerSubnets().equals(s.taskSubnets()) ? null : s.loadBalancerSubnets(),
                s.privateTasks() ? Boolean.TRUE : null, s.certificateArn(), s.rollout().strategy().key(),
                s.rollout().blueGreen() ? Integer.valueOf(s.rollout().bakeMinutes()) : null));
    }

    private static DeployListener listener(DeployProgress progress) {
        return new DeployListener() {
            @Override
            public boolean approve(List<Change> changes) {
                return progress.approve(changes.stream().map(c -> new DeployProgress.ChangeRow(c.action(), c.logicalId(),
                        c.resourceType(), c.replacement())).toList());
            }

            @Override
            public boolean approveRecreate(String stackName, String reason) {
                return progress.approveRecreate(stackName, reason);
            }

            @Override
            public boolean approveRestoreSecret(String secretName, String reason) {
                return progress.approveRestoreSecret(secretName, reason);
            }

            @Override
            public boolean approveEarlierResource(String name, String question) {
                return progress.approveEarlierResource(name, question);
            }

            @Override
            public void event(Event e) {
                progress.event(new DeployProgress.EventRow(e.time(), e.logicalId(), e.resourceType(), e.status(), e.reason()));
            }

            @Override
            public void status(String text) {
                progress.status(text);
            }

            @Override
            public void taskStopped(dev.dockhand.monitor.StoppedTask task) {
                progress.taskStopped(task);
            }

            @Override
            public boolean rollBackNow(int failed, int threshold, dev.dockhand.monitor.StoppedTask last) {
                return progress.rollBackNow(failed, threshold, last);
            }

            @Override
            public boolean blueGreen(dev.dockhand.monitor.BlueGreenStatus status) {
                return progress.blueGreen(status);
            }
        };
    }

    private static DeployResult result(DeployOutcome o) {
        return new DeployResult(o.stackName(), o.stackStatus(), o.serviceStable(), o.serviceArn(), o.url(), o.failedResource(),
                o.reason(), o.noChanges(), o.timedOut(), o.cancelled(), o.urlStatus(), o.urlAnswer());
    }

    public CostEstimate.Estimate cost(ServiceSettings settings) {
        return CostEstimate.estimate(session.region(), settings.cpu(), settings.memory(), settings.minTasks(), settings.maxTasks());
    }

    /**
     * Pushes {@code localImage} to the service's ECR repository (created if missing) under the same
     * immutable tag, and returns the image URI the stack runs.
     */
    public String push(ImageSteps images, String localImage, String repositoryName, StepListener listener) throws StepException {
        String tag = localImage.contains(":") ? localImage.substring(localImage.lastIndexOf(':') + 1) : "";
        if (tag.isBlank() || tag.equals("latest")) {
            throw new StepException("The image " + localImage + " has no immutable tag: build it with Dockhand (the tag is "
                    + "the git commit or a timestamp).");
        }
        Registry registry = new Registry(session);
        Registry.Repo repo = aws(() -> registry.ensureRepository(repositoryName, listener::log));
        listener.log((repo.created() ? "Created" : "Using") + " ECR repository " + repo.uri());
        Registry.Login login = aws(registry::login);
        String target = repo.uri() + ":" + tag;
        images.push(localImage, target, login.username(), login.password(), listener);
        return target;
    }

    public DeployOutcome deploy(ServiceSettings settings, String imageUri, Duration waitTimeout, DeployListener listener)
            throws StepException {
        return deploy(settings, Configured.none(), imageUri, waitTimeout, listener);
    }

    /** Deploys the stack with the configuration {@link #configure} stored; its parameters name ARNs, never values. */
    public DeployOutcome deploy(ServiceSettings settings, Configured configured, String imageUri, Duration waitTimeout,
                                DeployListener listener) throws StepException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(StackTemplate.IMAGE_PARAMETER, imageUri);
        parameters.put(StackTemplate.DESIRED_PARAMETER, String.valueOf(settings.desiredCount())); // sent on creation only
        parameters.putAll(configured.parameters());
        return aws(() -> new StackDeployer(session).deploy(settings.name(), StackTemplate.yaml(settings, configured.task()), parameters,
                waitTimeout, listener));
    }

    /**
     * Refuses, before anything is built, pushed or stored, a deploy whose stack or secret of the service's name is
     * somebody else's. (A stack an earlier version made is asked about by the deploy itself.)
     */
    public void refuseForeign(String service, ConfigValues config) throws StepException {
        List<String> refusals = new ArrayList<>();
        aws(() -> new StackDeployer(session).foreignRefusal(service, "update")).ifPresent(refusals::add);
        if (!config.secretValues().isEmpty() || !config.keepStored().isEmpty()) {
            aws(() -> new SecretStore(session).foreignRefusal(service, "update")).ifPresent(refusals::add);
        }
        if (!refusals.isEmpty()) {
            throw new StepException(String.join("\n", refusals) + "\nNothing was changed on AWS.");
        }
    }

    /** Days Secrets Manager keeps a deleted secret restorable: its shortest window, said in the question. */
    public static final int SECRET_RECOVERY_DAYS = 7;

    /** Deletes the stack; with {@code deleteImages}, also the ECR repository and its images. */
    public DeployOutcome destroy(String stackName, boolean deleteImages, DeployListener listener) throws StepException {
        return destroy(stackName, deleteImages, false, listener);
    }

    /**
     * Deletes the stack; with {@code deleteImages}, also the ECR repository and its images; with
     * {@code deleteSecret}, the secret Dockhand created for the service (restorable for
     * {@link #SECRET_RECOVERY_DAYS} days). Secrets Dockhand did not create are never touched.
     */
    public DeployOutcome destroy(String stackName, boolean deleteImages, boolean deleteSecret, DeployListener listener)
            throws StepException {
        // Everything asked for is checked before anything is deleted: a refusal leaves all of it as it is.
        List<String> refusals = new ArrayList<>();
        aws(() -> new StackDeployer(session).foreignRefusal(stackName, "delete")).ifPresent(refusals::add);
        Registry registry = new Registry(session);
        if (deleteImages) {
            var found = aws(() -> registry.claim(stackName));
            var claim = found.map(Registry.Found::claim);
            if (claim.isPresent() && claim.get() == Ownership.Claim.NOT_DOCKHANDS) {
                refusals.add(Registry.refusalToDelete(stackName, found.get()));
            } else if (claim.isPresent() && claim.get() == Ownership.Claim.EARLIER_DOCKHAND
                    && refusals.isEmpty() && !listener.approveEarlierResource(stackName, "The ECR repository " + stackName
                    + " has the lifecycle policy earlier versions of Dockhand set, but no " + Ownership.TAG
                    + " tag. Is it this service's repository? Dockhand then deletes it with its images.")) {
                refusals.add("The ECR repository " + stackName + " was not confirmed as Dockhand's.");
            }
        }
        if (deleteSecret) {
            aws(() -> new SecretStore(session).foreignRefusal(stackName, "delete")).ifPresent(refusals::add);
        }
        if (!refusals.isEmpty()) {
            throw new StepException(String.join("\n", refusals) + "\nNothing was deleted.");
        }
        DeployOutcome outcome = aws(() -> new StackDeployer(session).destroy(stackName, listener));
        if (deleteImages && "DELETE_COMPLETE".equals(outcome.stackStatus())) {
            int deleted = aws(() -> registry.deleteRepository(stackName));
            listener.status("Deleted the ECR repository " + stackName + " and its " + deleted + " image(s)");
        }
        if (deleteSecret && "DELETE_COMPLETE".equals(outcome.stackStatus())) {
            var until = aws(() -> new SecretStore(session).deleteOwn(stackName, SECRET_RECOVERY_DAYS));
            listener.status(until.map(date -> "Deleted the secret " + SecretStore.nameFor(stackName) + "; it can be restored until "
                    + date + " (dockhand deploy --restore-secret)").orElse("No secret of Dockhand's to delete for " + stackName));
        }
        return outcome;
    }

    /** A watcher of {@code service} in {@code cluster}, on its own clients that try each call once. */
    public EcsServiceWatcher watcher(String cluster, String service, java.time.Clock clock, Duration metricsLookback) {
        return new EcsServiceWatcher(session.forWatching(), cluster, service, clock, metricsLookback);
    }

    /** The region's ECS clusters. */
    public List<String> clusters() throws StepException {
        return aws(() -> new EcsCatalog(session).clusters());
    }

    /** The services of {@code cluster}. */
    public List<String> services(String cluster) throws StepException {
        return aws(() -> new EcsCatalog(session).services(cluster));
    }

    /** The cluster and service a Dockhand stack made. */
    public EcsCatalog.ServiceRef serviceOfStack(String stackName) throws StepException {
        return aws(() -> new EcsCatalog(session).serviceOfStack(stackName));
    }

    /** Writes the template into the project (infra/dockhand-stack.yaml), keeping a backup of a different one. */
    public static Path writeTemplate(Path project, String template) throws IOException {
        return ProjectFile.replaceKeepingBackup(project, project.resolve(TEMPLATE_FILE), template);
    }

    private interface AwsCall<T> {
        T run() throws AwsFailure;
    }

    private static <T> T aws(AwsCall<T> call) throws StepException {
        try {
            return call.run();
        } catch (AwsFailure e) {
            throw new StepException(e.getMessage(), e, e.badInput());
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
