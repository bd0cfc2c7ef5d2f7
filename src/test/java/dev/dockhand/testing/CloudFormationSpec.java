package dev.dockhand.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Validates a CloudFormation template against the current resource specification, as published in the
 * npm package {@code @aws-cdk/aws-service-spec} ({@code db.json.gz}; .ci/setup.sh installs it). Checks
 * resource types, property names, required properties, value types (recursively through property
 * types), GetAtt attributes, and that every Ref and DependsOn names something that exists.
 */
public final class CloudFormationSpec {

    private static final Set<String> PSEUDO_PARAMETERS = Set.of("AWS::AccountId", "AWS::NotificationARNs", "AWS::NoValue",
            "AWS::Partition", "AWS::Region", "AWS::StackId", "AWS::StackName", "AWS::URLSuffix");

    private final Map<String, JsonNode> resources = new HashMap<>();
    private final Map<String, JsonNode> types = new HashMap<>();

    private CloudFormationSpec(JsonNode db) {
        for (JsonNode r : db.path("schema").path("resource").path("entities")) {
            resources.put(r.path("cloudFormationType").asText(), r);
        }
        for (JsonNode t : db.path("schema").path("typeDefinition").path("entities")) {
            types.put(t.path("$id").asText(), t);
        }
    }

    /** The installed specification; skips (or, where required, fails) the calling test when it is missing. */
    public static CloudFormationSpec load() throws IOException {
        Path db = location();
        if (!Files.isRegularFile(db)) {
            String message = "The CloudFormation resource specification is not installed at " + db
                    + ": run `bash .ci/setup.sh test` (npm package @aws-cdk/aws-service-spec).";
            if ("required".equals(System.getProperty("dockhand.docker.tests"))) {
                throw new AssertionError(message);
            }
            Assumptions.assumeTrue(false, message);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(db))) {
            return new CloudFormationSpec(new ObjectMapper().readTree(in));
        }
    }

    public static Path location() {
        String configured = System.getProperty("dockhand.cfn.spec");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache/dockhand/aws-service-spec/node_modules/@aws-cdk/aws-service-spec/db.json.gz");
    }

    public int resourceTypes() {
        return resources.size();
    }

    /** Every problem found; empty when the template is valid. */
    public List<String> validate(JsonNode template) {
        List<String> problems = new ArrayList<>();
        JsonNode parameters = template.path("Parameters");
        JsonNode declared = template.path("Resources");
        for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String logical = entry.getKey();
            String type = entry.getValue().path("Type").asText();
            JsonNode spec = resources.get(type);
            if (spec == null) {
                problems.add(logical + ": unknown resource type " + type);
                continue;
            }
            checkObject(logical, spec.path("properties"), entry.getValue().path("Properties"), problems);
            for (JsonNode dependency : entry.getValue().path("DependsOn")) {
                if (!declared.has(dependency.asText())) {
                    problems.add(logical + ": DependsOn names no resource " + dependency.asText());
                }
            }
        }
        checkReferences(template, template, parameters, declared, problems);
        return problems;
    }

    private void checkObject(String where, JsonNode specProperties, JsonNode value, List<String> problems) {
        if (isIntrinsic(value)) {
            return;
        }
        if (!value.isObject() && !value.isMissingNode()) {
            problems.add(where + ": expected an object");
            return;
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode property = specProperties.get(name);
            if (property == null) {
                problems.add(where + "." + name + ": no such property");
            } else {
                checkType(where + "." + name, property.path("type"), value.get(name), problems);
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = specProperties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            if (property.getValue().path("required").asBoolean(false) && !value.has(property.getKey())) {
                problems.add(where + "." + property.getKey() + ": required property missing");
            }
        }
    }

    private void checkType(String where, JsonNode type, JsonNode value, List<String> problems) {
        if (isIntrinsic(value)) {
            return;
        }
        switch (type.path("type").asText()) {
            case "string", "date-time" -> {
                if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
                    problems.add(where + ": expected a string");
                }
            }
            case "integer", "number" -> {
                if (!value.isNumber() && !(value.isTextual() && value.asText().matches("-?\\d+(\\.\\d+)?"))) {
                    problems.add(where + ": expected a number");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean() && !(value.isTextual() && value.asText().matches("true|false"))) {
                    problems.add(where + ": expected true or false");
                }
            }
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(where + ": expected a list");
                } else {
                    for (int i = 0; i < value.size(); i++) {
                        checkType(where + "[" + i + "]", type.path("element"), value.get(i), problems);
                    }
                }
            }
            case "map" -> {
                if (!value.isObject()) {
                    problems.add(where + ": expected a map");
                } else {
                    value.fields().forEachRemaining(e -> checkType(where + "." + e.getKey(), type.path("element"), e.getValue(), problems));
                }
            }
            case "ref" -> {
                JsonNode definition = types.get(type.path("reference").path("$ref").asText());
                if (definition == null) {
                    problems.add(where + ": the specification lacks type " + type);
                } else {
                    checkObject(where, definition.path("properties"), value, problems);
                }
            }
            case "union" -> {
                boolean matched = false;
                for (JsonNode option : type.path("types")) {
                    List<String> attempt = new ArrayList<>();
                    checkType(where, option, value, attempt);
                    matched |= attempt.isEmpty();
                }
                if (!matched) {
                    problems.add(where + ": matches none of the allowed types");
                }
            }
            default -> { } // json, tag: any value
        }
    }

    private void checkReferences(JsonNode template, JsonNode node, JsonNode parameters, JsonNode declared, List<String> problems) {
        if (node.isObject()) {
            if (node.size() == 1 && node.has("Ref")) {
                String name = node.get("Ref").asText();
                if (!parameters.has(name) && !declared.has(name) && !PSEUDO_PARAMETERS.contains(name)) {
                    problems.add("Ref to nothing: " + name);
                }
            }
            if (node.size() == 1 && node.has("Fn::GetAtt")) {
                JsonNode getAtt = node.get("Fn::GetAtt");
                String logical = getAtt.get(0).asText();
                String attribute = getAtt.get(1).asText();
                JsonNode target = declared.get(logical);
                if (target == null) {
                    problems.add("GetAtt of unknown resource " + logical);
                } else {
                    JsonNode spec = resources.get(target.path("Type").asText());
                    if (spec != null && !spec.path("attributes").has(attribute)) {
                        problems.add("GetAtt " + logical + "." + attribute + ": " + target.path("Type").asText() + " has no such attribute");
                    }
                }
            }
            if (node.size() == 1 && node.has("Fn::Sub") && node.get("Fn::Sub").isTextual()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([^}!]+)}").matcher(node.get("Fn::Sub").asText());
                while (m.find()) {
                    String name = m.group(1);
                    String logical = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
                    if (!parameters.has(logical) && !declared.has(logical) && !PSEUDO_PARAMETERS.contains(name)) {
                        problems.add("Sub refers to nothing: " + name);
                    } else if (name.contains(".") && declared.has(logical)) {
                        JsonNode spec = resources.get(declared.get(logical).path("Type").asText());
                        String attribute = name.substring(name.indexOf('.') + 1);
                        if (spec != null && !spec.path("attributes").has(attribute)) {
                            problems.add("Sub ${" + name + "}: no such attribute");
                        }
                    }
                }
            }
            node.elements().forEachRemaining(child -> checkReferences(template, child, parameters, declared, problems));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> checkReferences(template, child, parameters, declared, problems));
        }
    }

    private static boolean isIntrinsic(JsonNode value) {
        if (value == null || !value.isObject() || value.size() != 1) {
            return false;
        }
        String key = value.fieldNames().next();
        return key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition");
    }
}
