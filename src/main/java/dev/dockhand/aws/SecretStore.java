package dev.dockhand.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The service's secret values in AWS Secrets Manager: one JSON secret per service, named
 * {@code dockhand/SERVICE}, whose keys the task definition references one by one
 * ({@code ARN:KEY::VERSION}).
 *
 * <p>One secret rather than one per key: a single secret costs one monthly fee instead of one per key,
 * the execution role's policy names a single ARN, and a change of any value makes one new version, which
 * the task definition pins, so the service rolls once. Values never leave this class except to AWS.
 */
public final class SecretStore {

    /** The tag that marks a secret as Dockhand's: teardown deletes only secrets that carry it. */
    public static final String SERVICE_TAG = Ownership.TAG;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was stored: the secret, the version the task definition pins, and whether anything changed. */
    public record Stored(String arn, String versionId, boolean created, boolean changed, String kmsKeyId) {
    }

    /** A secret Dockhand did not create, as the user named it: where it is and how it is encrypted. */
    public record Existing(String arn, String kmsKeyId) {
    }

    private final AwsSession session;

    public SecretStore(AwsSession session) {
        this.session = session;
    }

    public static String nameFor(String service) {
        return "dockhand/" + service;
    }

    /**
     * Stores {@code values} (key to value) in the service's secret, creating it when missing; keys in
     * {@code keep} keep the value already stored (their source is not on this machine, as in CI).
     * Puts a new version only when a value changed.
     */
    public Stored store(String service, Map<String, String> values, Set<String> keep) throws AwsFailure {
        String name = nameFor(service);
        Optional<DescribeSecretResponse> found = describe(name, "secretsmanager:DescribeSecret");
        if (found.isEmpty()) {
            if (!keep.isEmpty()) {
                throw new AwsFailure("Secrets Manager holds no secret " + name + " yet, so " + String.join(", ", new java.util.TreeSet<>(keep)) + " cannot keep a stored value: give them a value (a .env file, the "
                        + "environment, or typed in on the Configuration step) for the first deploy.", null, true);
            }
            var created = session.call("creating the secret " + name + " (secretsmanager:CreateSecret)",
                    () -> session.secrets().createSecret(b -> b.name(name)
                            .description("Configuration of the service " + service + ", stored by Dockhand")
                            .secretString(json(values))
                            .tags(Tag.builder().key(SERVICE_TAG).value(service).build())));
            return new Stored(created.arn(), created.versionId(), true, true, null);
        }
        DescribeSecretResponse secret = found.get();
        if (Ownership.ofTags(tags(secret), service) != Ownership.Claim.DOCKHANDS) {
            throw new AwsFailure("A secret named " + name + " exists that Dockhand did not create (it has no " + SERVICE_TAG
                    + " tag): Dockhand does not change it. Rename it, or choose another service name.", null, true);
        }
        if (secret.deletedDate() != null) {
            throw new AwsFailure("The secret " + name + " was deleted on " + secret.deletedDate() + " and is waiting out its "
                    + "recovery window: restore it with `dockhand deploy DIR --restore-secret` (its old values come back and "
                    + "are then updated), or choose another service name.", null, true);
        }
        var current = session.call("reading the secret " + name + " (secretsmanager:GetSecretValue)",
                () -> session.secrets().getSecretValue(b -> b.secretId(secret.arn())));
        Map<String, String> stored = parse(current.secretString(), name);
        Map<String, String> wanted = new TreeMap<>(values);
        for (String key : keep) {
            if (!stored.containsKey(key)) {
                throw new AwsFailure(key + " is to keep its value from Secrets Manager, but " + name + " holds no " + key
                        + ": give it a value (a .env file, the environment, or typed in on the Configuration step).", null, true);
            }
            wanted.put(key, stored.get(key));
        }
        if (wanted.equals(new TreeMap<>(stored))) {
            return new Stored(secret.arn(), current.versionId(), false, false, secret.kmsKeyId());
        }
        var put = session.call("storing a new version of " + name + " (secretsmanager:PutSecretValue)",
                () -> session.secrets().putSecretValue(b -> b.secretId(secret.arn()).secretString(json(wanted))));
        return new Stored(secret.arn(), put.versionId(), false, true, secret.kmsKeyId());
    }

    /** A secret the user named by ARN, or an error that says why the service could not read it. */
    public Existing existing(String arn) throws AwsFailure {
        String secretArn = secretArnOf(arn);
        DescribeSecretResponse secret = describe(secretArn, "secretsmanager:DescribeSecret").orElseThrow(() -> new AwsFailure(
                "There is no secret " + secretArn + ": check the ARN (and its region) on the Configuration step.", null, true));
        if (secret.deletedDate() != null) {
            throw new AwsFailure("The secret " + secretArn + " is scheduled for deletion (since " + secret.deletedDate()
                    + "): restore it in the Secrets Manager console, or choose another secret.", null, true);
        }
        return new Existing(secret.arn(), secret.kmsKeyId());
    }

    /** When the service's secret was deleted, if it waits out its recovery window; empty otherwise. */
    public Optional<Instant> scheduledDeletion(String service) throws AwsFailure {
        // Only Dockhand's own is offered for restoring: restoring somebody else's would change it.
        return describe(nameFor(service), "secretsmanager:DescribeSecret")
                .filter(secret -> Ownership.ofTags(tags(secret), service) == Ownership.Claim.DOCKHANDS)
                .map(DescribeSecretResponse::deletedDate);
    }

    /** Brings back {@code dockhand/SERVICE} from its recovery window. */
    public void restore(String service) throws AwsFailure {
        String name = nameFor(service);
        Optional<String> foreign = foreignRefusal(service, "restore");
        if (foreign.isPresent()) {
            throw new AwsFailure(foreign.get(), null, true);
        }
        session.call("restoring the secret " + name + " (secretsmanager:RestoreSecret)",
                () -> session.secrets().restoreSecret(b -> b.secretId(name)));
    }

    /**
     * Deletes the service's secret if Dockhand created it, with Secrets Manager's recovery window;
     * returns when it can still be restored, or empty when there was none of Dockhand's to delete.
     */
    public Optional<Instant> deleteOwn(String service, int recoveryDays) throws AwsFailure {
        String name = nameFor(service);
        Optional<DescribeSecretResponse> found = describe(name, "secretsmanager:DescribeSecret");
        if (found.isEmpty() || found.get().deletedDate() != null
                || Ownership.ofTags(tags(found.get()), service) != Ownership.Claim.DOCKHANDS) {
            return Optional.empty();
        }
        var deleted = session.call("deleting the secret " + name + " (secretsmanager:DeleteSecret)",
                () -> session.secrets().deleteSecret(b -> b.secretId(found.get().arn()).recoveryWindowInDays((long) recoveryDays)));
        return Optional.ofNullable(deleted.deletionDate());
    }

    /**
     * Why the service's secret may not be changed ({@code verb}: "update", "delete", "restore"): it exists,
     * deleted or not, and is somebody else's; or empty.
     */
    public Optional<String> foreignRefusal(String service, String verb) throws AwsFailure {
        String name = nameFor(service);
        return describe(name, "secretsmanager:DescribeSecret")
                .filter(secret -> Ownership.ofTags(tags(secret), service) != Ownership.Claim.DOCKHANDS)
                .map(secret -> "The secret " + name + " was not created by Dockhand (" + Ownership.created(secret.createdDate())
                        + ", " + (secret.tags().isEmpty() ? "no tags" : "tags " + Ownership.describe(tags(secret))) + "; it has no "
                        + Ownership.TAG + " tag), so Dockhand does not " + verb + " it. " + Ownership.wayOn(service, verb));
    }

    /** The secret's own ARN from a reference that may name a JSON key, stage or version after it. */
    public static String secretArnOf(String reference) {
        String[] parts = reference.split(":", -1);
        return parts.length > 7 ? String.join(":", java.util.Arrays.copyOf(parts, 7)) : reference;
    }

    private Optional<DescribeSecretResponse> describe(String id, String permission) throws AwsFailure {
        try {
            return Optional.of(session.call("looking up the secret " + id + " (" + permission + ")",
                    () -> session.secrets().describeSecret(b -> b.secretId(id))));
        } catch (AwsFailure e) {
            if (e.getCause() instanceof ResourceNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static Map<String, String> tags(DescribeSecretResponse secret) {
        Map<String, String> tags = new TreeMap<>();
        secret.tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private static String json(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(new TreeMap<>(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the secret's JSON", e);
        }
    }

    private static Map<String, String> parse(String text, String name) throws AwsFailure {
        try {
            return text == null ? Map.of() : JSON.readValue(text, new TypeReference<TreeMap<String, String>>() { });
        } catch (JsonProcessingException e) {
            // never the text in the message: it is the secret
            throw new AwsFailure("The secret " + name + " does not hold a JSON object of strings, as Dockhand writes it: "
                    + "someone changed it by hand. Put the keys back as JSON, or delete the secret.", null, true);
        }
    }
}
