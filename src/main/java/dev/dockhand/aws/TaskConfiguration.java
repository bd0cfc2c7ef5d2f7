package dev.dockhand.aws;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration the task definition carries, without a single secret value: plain values go into
 * its {@code Environment}; secrets are references, to keys of the service's own secret (whose ARN and
 * pinned version are stack parameters) or to secrets and SSM parameters the user already has.
 *
 * @param environment plain variables, name to value
 * @param storedKeys  variables kept in the service's own secret ({@link SecretStore}), by name
 * @param references  variables read from an existing Secrets Manager secret or SSM parameter: name to ARN
 * @param kmsKeys     customer-managed KMS keys those secrets are encrypted with (the execution role may decrypt
 *                    with them); the AWS-managed key needs no permission
 */
public record TaskConfiguration(Map<String, String> environment, List<String> storedKeys, Map<String, String> references,
                                List<String> kmsKeys) {

    public TaskConfiguration {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        storedKeys = List.copyOf(storedKeys);
        references = Collections.unmodifiableMap(new LinkedHashMap<>(references));
        kmsKeys = List.copyOf(kmsKeys);
    }

    public static TaskConfiguration none() {
        return new TaskConfiguration(Map.of(), List.of(), Map.of(), List.of());
    }

    /** The names the task definition sets, plain and secret, in order: what status and the monitor show. */
    public List<String> names() {
        List<String> names = new java.util.ArrayList<>(environment.keySet());
        names.addAll(storedKeys);
        names.addAll(references.keySet());
        return names;
    }
}
