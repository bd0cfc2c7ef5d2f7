package dev.dockhand.aws;

import dev.dockhand.monitor.DeploymentInfo;
import dev.dockhand.monitor.LogLine;
import dev.dockhand.monitor.ScalingActivity;
import dev.dockhand.monitor.ScalingLimits;
import dev.dockhand.monitor.ServiceEvent;
import dev.dockhand.monitor.ServiceHistory;
import dev.dockhand.monitor.ServiceSnapshot;
import dev.dockhand.monitor.TargetInfo;
import dev.dockhand.monitor.TaskInfo;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceField;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches one ECS service for the monitoring window and {@code dockhand status}, within AWS's limits
 * and at little cost: the service and its tasks about every 10 s (DescribeServices, ListTasks for
 * running and for stopped tasks, DescribeTasks), CPU and memory every 60 s (one GetMetricData for all
 * series, only new periods after the first), scaling activities, bounds and target health about every
 * 60 s, and the log group while its tail is open. Each group backs off on its own while AWS throttles
 * it. Call {@link #poll()} as often as the window refreshes; it only calls AWS for groups that are due.
 */
public final class EcsServiceWatcher implements AutoCloseable {

    static final Duration ECS_PERIOD = Duration.ofSeconds(10);
    static final Duration SLOW_PERIOD = Duration.ofSeconds(60);
    static final Duration LOG_PERIOD = Duration.ofSeconds(3);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    static final String STACK_TAG = "aws:cloudformation:stack-name";
    private static final int DESCRIBE_TASKS_LIMIT = 100;
    /** Log streams read per poll to explain newly stopped tasks; the rest are explained at the next polls. */
    private static final int LOG_READS_PER_POLL = 3;

    /** What the service is tied to, found once from the service itself: its stack, target group, log group and URL. */
    public record Links(String stackName, String targetGroupArn, String logGroup, String url,
                        List<dev.dockhand.monitor.Variable> variables, String testUrl) {
    }

    private final AwsSession session;
    private final String cluster;
    private final String service;
    private final String resourceId;
    private final Clock clock;
    private final PollCadence ecsCadence = new PollCadence(ECS_PERIOD, MAX_BACKOFF);
    private final PollCadence metricsCadence = new PollCadence(SLOW_PERIOD, MAX_BACKOFF);
    private final PollCadence scalingCadence = new PollCadence(SLOW_PERIOD, MAX_BACKOFF);
    private final PollCadence logCadence = new PollCadence(LOG_PERIOD, MAX_BACKOFF);
    private final AtomicBoolean changed = new AtomicBoolean();
    private final ServiceMetrics metrics;
    private final ServiceHistory history = new ServiceHistory();
    private final Map<String, String> notices = new LinkedHashMap<>();

    private Service lastService;
    private Instant lastServiceTime;
    private List<Task> lastTasks = List.of();
    private List<TargetHealthDescription> lastTargets = List.of();
    private volatile ScalingLimits limits;
    private AwsFailure serviceFailure;
    private volatile Links links;
    private String linkedTaskDefinition;
    private LogTail logTail;
    private final TaskCauses causes;
    private final Map<String, dev.dockhand.monitor.StoppedTask> causeByTask = new java.util.HashMap<>();
    private String targetGroupArn;
    private final BlueGreenReader blueGreenReader;
    private volatile dev.dockhand.monitor.BlueGreenStatus blueGreen;

    /**
     * @param session  a session for watching ({@link AwsSession#forWatching()}): the watcher owns and closes it
     * @param lookback how far back the first metrics read goes
     */
    public EcsServiceWatcher(AwsSession session, String cluster, String service, Clock clock, Duration lookback) {
        this.session = session;
        this.cluster = cluster;
        this.service = service;
        this.resourceId = "service/" + cluster + "/" + service;
        this.clock = clock;
        this.metrics = new ServiceMetrics(session, cluster, service, lookback);
        this.causes = new TaskCauses(session);
        this.blueGreenReader = new BlueGreenReader(session);
    }

    public String cluster() {
        return cluster;
    }

    public String service() {
        return service;
    }

    /** The stack, target group, log group and URL, once the first poll has found them; null before. */
    public Links links() {
        return links;
    }

    /**
     * The service now, calling AWS only for the groups that are due. Fails only when the service itself
     * cannot be read and nothing was read before; other parts that fail are named in the snapshot's notices.
     */
    public synchronized ServiceSnapshot poll() throws AwsFailure {
        Instant now = clock.instant();
        if (changed.getAndSet(false)) {
            ecsCadence.now();
            scalingCadence.now();
        }
        if (ecsCadence.due(now)) {
            try {
                readService(now);
                ecsCadence.answered(now);
                notices.remove("ecs");
            } catch (AwsFailure e) {
                if (e.throttled()) {
                    ecsCadence.throttled(now);
                    notices.put("ecs", "AWS is throttling the calls to ECS: Dockhand asks again at "
                            + ecsCadence.next() + ", slower each time it is refused.");
                } else {
                    ecsCadence.failed(now);
                }
                if (lastService == null || !e.throttled()) {
                    serviceFailure = e;
                    throw e;
                }
            }
        } else if (lastService == null) {
            throw serviceFailure; // not due again yet after a failed first read
        }
        if (scalingCadence.due(now)) {
            readGroup("scaling", scalingCadence, now, () -> readScaling());
        }
        if (metricsCadence.due(now)) {
            readGroup("metrics", metricsCadence, now, () -> metrics.read(now)
                    .forEach(period -> history.metrics(period.cpu(), period.memory())));
        }
        return snapshot();
    }

    private interface Read {
        void run() throws AwsFailure;
    }

    /** Runs one group's calls; its failure becomes a notice, and throttling slows that group down. */
    private void readGroup(String group, PollCadence cadence, Instant now, Read read) {
        try {
            read.run();
            cadence.answered(now);
            notices.remove(group);
        } catch (AwsFailure e) {
            if (e.throttled()) {
                cadence.throttled(now);
                notices.put(group, "AWS is throttling Dockhand's calls for the " + group + ": it asks again at "
                        + cadence.next() + ".");
            } else {
                cadence.failed(now);
                notices.put(group, e.getMessage());
            }
        }
    }

    private void readService(Instant now) throws AwsFailure {
        DescribeServicesResponse answer = session.call("reading the ECS service " + service, () -> session.ecs()
                .describeServices(b -> b.cluster(cluster).services(service).include(ServiceField.TAGS)));
        if (answer.services().isEmpty()) {
            String reason = answer.failures().isEmpty() ? "MISSING" : answer.failures().get(0).reason();
            throw new AwsFailure("There is no ECS service \"" + service + "\" in cluster \"" + cluster + "\" (" + reason
                    + ") in " + session.region() + ": check the cluster, service and region, or deploy it first.", null, true);
        }
        Service found = answer.services().get(0);
        List<String> running = listTasks(DesiredStatus.RUNNING);
        List<String> stopped = listTasks(DesiredStatus.STOPPED);
        List<String> wanted = new ArrayList<>(running);
        stopped.stream().limit(Math.max(0, DESCRIBE_TASKS_LIMIT - wanted.size())).forEach(wanted::add);
        List<Task> tasks = wanted.isEmpty() ? List.of() : session.call("reading the service's tasks (ECS DescribeTasks)",
                () -> session.ecs().describeTasks(b -> b.cluster(cluster).tasks(wanted)).tasks());
        lastService = found;
        lastTasks = tasks;
        lastServiceTime = now;
        if (!Objects.equals(found.taskDefinition(), linkedTaskDefinition)) {
            link(found);
        }
        explainStopped(found, tasks);
        try {
            Links known = links;
            blueGreen = blueGreenReader.read(found, known == null ? null : known.testUrl(), now);
            notices.remove("blue/green");
        } catch (AwsFailure e) {
            blueGreen = null;
            notices.put("blue/green", "The blue/green deployment cannot be read: " + e.getMessage());
        }
    }

    /** Rolls the blue/green deployment in progress back: the old revision takes the traffic again at once. */
    public void rollBackDeployment() throws AwsFailure {
        var running = blueGreen;
        if (running == null || !running.canRollBack()) {
            throw new AwsFailure("No blue/green deployment of " + service + " can be rolled back now: it has finished, or the "
                    + "service rolls tasks one by one.", null, true);
        }
        blueGreenReader.rollBack(running.deploymentArn());
        changed.set(true);
    }

    /** Explains the stopped tasks not explained yet, reading the logs of at most a few failed ones per poll. */
    private void explainStopped(Service found, List<Task> tasks) {
        int port = found.loadBalancers().stream().map(lb -> lb.containerPort()).filter(Objects::nonNull).findFirst().orElse(0);
        int logReads = LOG_READS_PER_POLL;
        java.util.Set<String> present = new java.util.HashSet<>();
        for (Task task : tasks) {
            present.add(task.taskArn());
            if (!"STOPPED".equals(task.lastStatus()) || causeByTask.containsKey(task.taskArn())) {
                continue;
            }
            String healthPath = causes.healthPath(targetGroupArn);
            var explained = causes.explain(task, port, healthPath, false);
            if (explained.cause().failure() && logReads > 0) {
                logReads--;
                explained = causes.explain(task, port, healthPath, true);
            } else if (explained.cause().failure()) {
                continue; // explained with its log lines at a later poll
            }
            causeByTask.put(task.taskArn(), explained);
        }
        causeByTask.keySet().retainAll(present);
    }

    private List<String> listTasks(DesiredStatus status) throws AwsFailure {
        return session.call("listing the service's tasks (ECS ListTasks)", () -> session.ecs().listTasks(b -> b
                .cluster(cluster).serviceName(service).desiredStatus(status).maxResults(DESCRIBE_TASKS_LIMIT)).taskArns());
    }

    /** Finds the stack, target group, log group and URL; what cannot be read is left out and named in a notice. */
    private void link(Service found) {
        String stackName = found.tags().stream().filter(t -> STACK_TAG.equals(t.key())).map(t -> t.value()).findFirst().orElse(null);
        String targetGroup = found.loadBalancers().stream().map(lb -> lb.targetGroupArn()).filter(Objects::nonNull).findFirst().orElse(null);
        String logGroup = null;
        String url = null;
        String testUrl = null;
        List<dev.dockhand.monitor.Variable> variables = new ArrayList<>();
        try {
            var containers = session.call("reading the task definition (ECS DescribeTaskDefinition)", () -> session.ecs()
                    .describeTaskDefinition(b -> b.taskDefinition(found.taskDefinition())).taskDefinition())
                    .containerDefinitions();
            logGroup = containers.stream()
                    .filter(c -> c.logConfiguration() != null && "awslogs".equals(c.logConfiguration().logDriverAsString()))
                    .map(c -> c.logConfiguration().options().get("awslogs-group")).filter(Objects::nonNull).findFirst().orElse(null);
            // Names only: a plain value may still be something the user would rather not see on screen.
            containers.forEach(c -> {
                c.environment().forEach(v -> variables.add(new dev.dockhand.monitor.Variable(v.name(), false)));
                c.secrets().forEach(v -> variables.add(new dev.dockhand.monitor.Variable(v.name(), true)));
            });
            targetGroupArn = targetGroup;
            Map<String, String> outputs = stackName != null ? stackOutputs(stackName) : Map.of();
            url = outputs.get("ServiceUrl");
            testUrl = outputs.get("TestUrl");
            if (url == null && targetGroup != null) {
                url = loadBalancerUrl(targetGroup);
            }
            notices.remove("links");
        } catch (AwsFailure e) {
            notices.put("links", e.getMessage());
        }
        linkedTaskDefinition = found.taskDefinition();
        links = new Links(stackName, targetGroup, logGroup, url, List.copyOf(variables), testUrl);
    }

    private Map<String, String> stackOutputs(String stackName) throws AwsFailure {
        Map<String, String> outputs = new LinkedHashMap<>();
        session.call("reading the stack's outputs (CloudFormation DescribeStacks)", () -> session.cloudFormation()
                .describeStacks(b -> b.stackName(stackName)).stacks()).stream()
                .flatMap(s -> s.outputs().stream()).forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
        return outputs;
    }

    private String loadBalancerUrl(String targetGroup) throws AwsFailure {
        List<String> balancers = session.call("reading the target group (ELB DescribeTargetGroups)", () -> session.elb()
                .describeTargetGroups(b -> b.targetGroupArns(targetGroup)).targetGroups()).stream()
                .flatMap(g -> g.loadBalancerArns().stream()).toList();
        if (balancers.isEmpty()) {
            return null;
        }
        return session.call("reading the load balancer (ELB DescribeLoadBalancers)", () -> session.elb()
                .describeLoadBalancers(b -> b.loadBalancerArns(balancers.get(0))).loadBalancers()).stream()
                .map(lb -> "http://" + lb.dnsName()).findFirst().orElse(null);
    }

    private void readScaling() throws AwsFailure {
        List<ScalableTarget> targets = session.call("reading the autoscaling bounds (Application Auto Scaling)", () ->
                session.autoScaling().describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.ECS)
                        .resourceIds(resourceId).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)).scalableTargets());
        if (targets.isEmpty()) {
            limits = null;
        } else {
            List<ScalingPolicy> policies = session.call("reading the scaling policy (Application Auto Scaling)", () ->
                    session.autoScaling().describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.ECS)
                            .resourceId(resourceId).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)).scalingPolicies());
            var cpuPolicy = policies.stream()
                    .map(ScalingPolicy::targetTrackingScalingPolicyConfiguration).filter(Objects::nonNull)
                    .filter(c -> c.predefinedMetricSpecification() != null && c.predefinedMetricSpecification()
                            .predefinedMetricType() == MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION)
                    .findFirst();
            limits = new ScalingLimits(targets.get(0).minCapacity(), targets.get(0).maxCapacity(),
                    cpuPolicy.map(c -> c.targetValue()).orElse(null), cpuPolicy.map(c -> c.scaleOutCooldown()).orElse(null),
                    cpuPolicy.map(c -> c.scaleInCooldown()).orElse(null), dev.dockhand.monitor.ScalingRule.AWS_PERIOD_SECONDS);
            List<software.amazon.awssdk.services.applicationautoscaling.model.ScalingActivity> activities = session.call(
                    "reading the scaling activities (Application Auto Scaling)", () -> session.autoScaling()
                            .describeScalingActivities(b -> b.serviceNamespace(ServiceNamespace.ECS).resourceId(resourceId)
                                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).maxResults(50))
                            .scalingActivities());
            history.replaceActivities(activities.stream().map(a -> new ScalingActivity(a.startTime(), a.cause(),
                    a.description(), a.statusCodeAsString() + (a.statusMessage() == null ? "" : ": " + a.statusMessage()))).toList());
        }
        Links known = links;
        if (known != null && known.targetGroupArn() != null) {
            lastTargets = session.call("reading the load balancer's target health (ELB DescribeTargetHealth)", () ->
                    session.elb().describeTargetHealth(b -> b.targetGroupArn(known.targetGroupArn())).targetHealthDescriptions());
            causes.remember(lastTargets);
        }
    }

    private ServiceSnapshot snapshot() {
        Service s = lastService;
        Map<String, String> healthByAddress = new LinkedHashMap<>();
        List<TargetInfo> targets = new ArrayList<>();
        for (TargetHealthDescription t : lastTargets) {
            String state = t.targetHealth() == null ? "unknown" : t.targetHealth().stateAsString();
            String reason = t.targetHealth() == null ? null : Optional.ofNullable(t.targetHealth().description())
                    .orElse(t.targetHealth().reasonAsString());
            targets.add(new TargetInfo(t.target().id(), t.target().port() == null ? 0 : t.target().port(), state, reason));
            healthByAddress.put(t.target().id(), state);
        }
        List<TaskInfo> tasks = lastTasks.stream().map(t -> task(t, healthByAddress, causeByTask.get(t.taskArn()))).toList();
        List<DeploymentInfo> deployments = s.deployments().stream().map(d -> new DeploymentInfo(d.id(), d.status(),
                d.rolloutStateAsString(), nonNull(d.desiredCount()), nonNull(d.runningCount()), shortName(d.taskDefinition()))).toList();
        List<ServiceEvent> events = s.events().stream().map(e -> new ServiceEvent(e.createdAt(), e.message())).toList();
        Links known = links;
        return new ServiceSnapshot(lastServiceTime, s.serviceName(), s.status(), nonNull(s.desiredCount()),
                nonNull(s.runningCount()), nonNull(s.pendingCount()), deployments, tasks, history.activities(), events,
                history.cpu(), history.memory(), targets, known == null ? null : known.url(), limits,
                List.copyOf(notices.values()), known == null ? List.of() : known.variables(), blueGreen);
    }

    private static TaskInfo task(Task t, Map<String, String> healthByAddress, dev.dockhand.monitor.StoppedTask explained) {
        String address = TaskCauses.address(t);
        // The load balancer's view is what decides traffic; the container health check is the fallback.
        String health = address != null && healthByAddress.containsKey(address)
                ? healthByAddress.get(address).toUpperCase(java.util.Locale.ROOT) : t.healthStatusAsString();
        return new TaskInfo(shortName(t.taskArn()), t.lastStatus(), t.desiredStatus(), health, t.availabilityZone(), address,
                t.startedAt(), t.stoppedAt(), t.stoppedReason(), explained == null ? null : explained.cause());
    }

    /** The newest lines of the service's log group, when its tail is due; empty when it is not. */
    public List<LogLine> newLogLines() throws AwsFailure {
        Links known = links;
        if (known == null || known.logGroup() == null) {
            throw new AwsFailure(known == null ? "The service has not been read yet." : "The service's containers do not "
                    + "log to CloudWatch Logs (no awslogs log driver in its task definition).", null, true);
        }
        synchronized (logCadence) {
            Instant now = clock.instant();
            if (!logCadence.due(now)) {
                return List.of();
            }
            if (logTail == null || !logTail.logGroup().equals(known.logGroup())) {
                logTail = new LogTail(session, known.logGroup());
            }
            try {
                List<LogLine> lines = logTail.read(now);
                logCadence.answered(now);
                return lines;
            } catch (AwsFailure e) {
                if (e.throttled()) {
                    logCadence.throttled(now);
                    return List.of();
                }
                logCadence.failed(now);
                throw e;
            }
        }
    }

    /** Sets the desired task count; it must lie within the autoscaling bounds, or autoscaling moves it back. */
    public void setDesired(int count) throws AwsFailure {
        ScalingLimits known = limits;
        if (count < 0 || known != null && (count < known.min() || count > known.max())) {
            throw new AwsFailure("A desired count of " + count + " is outside the autoscaling bounds " + (known == null ? ""
                    : known.min() + " to " + known.max()) + ": autoscaling would move it back. Change the minimum or maximum first.",
                    null, true);
        }
        session.call("setting the desired count (ECS UpdateService)", () -> session.ecs()
                .updateService(b -> b.cluster(cluster).service(service).desiredCount(count)));
        changed.set(true);
    }

    /** Sets the autoscaling bounds (min and max tasks). */
    public void setLimits(int min, int max) throws AwsFailure {
        if (min < 0 || max < 1 || min > max) {
            throw new AwsFailure("The minimum must be 0 or more and at most the maximum, and the maximum at least 1 (got "
                    + min + " and " + max + ").", null, true);
        }
        if (limits == null) {
            throw new AwsFailure("The service has no autoscaling target to change: deploy it with Dockhand's template, "
                    + "which registers one.", null, true);
        }
        session.call("setting the autoscaling bounds (Application Auto Scaling RegisterScalableTarget)", () -> session
                .autoScaling().registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.ECS).resourceId(resourceId)
                        .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).minCapacity(min).maxCapacity(max)));
        changed.set(true);
    }

    /** Starts a new deployment of the same task definition: every task is replaced, rolling. */
    public void forceNewDeployment() throws AwsFailure {
        session.call("starting a new deployment (ECS UpdateService)", () -> session.ecs()
                .updateService(b -> b.cluster(cluster).service(service).forceNewDeployment(true)));
        changed.set(true);
    }

    /** Stops one task; the service starts a replacement. */
    public void stopTask(String taskId) throws AwsFailure {
        session.call("stopping task " + taskId + " (ECS StopTask)", () -> session.ecs()
                .stopTask(b -> b.cluster(cluster).task(taskId).reason("Stopped from Dockhand's monitoring window")));
        changed.set(true);
    }

    private static int nonNull(Integer value) {
        return value == null ? 0 : value;
    }

    /** "arn:aws:ecs:…:task/app/0f3c…" → "0f3c…"; "…:task-definition/app:7" → "app:7". */
    static String shortName(String arn) {
        return arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
    }

    @Override
    public void close() {
        session.close();
    }
}
