package dev.dockhand.pipeline;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes new settings into the user's {@code dockhand.yaml} by editing its YAML tree rather than
 * regenerating it: comments, the order of keys and keys Dockhand does not know survive. Only the keys a
 * {@link Schema} manages are set, added or removed.
 */
final class SettingsYaml {

    /**
     * Which keys of a mapping Dockhand manages (a key set to nothing is removed) and which it leaves as the
     * user wrote them; {@code children} describes the nested mappings. {@code everyKey} manages every key
     * (the configuration section, whose keys are variable names).
     */
    record Schema(Set<String> managed, boolean everyKey, Map<String, Schema> children) {

        static Schema of(Set<String> managed, Map<String, Schema> children) {
            return new Schema(managed, false, children);
        }

        static Schema everyKey(Schema child) {
            return new Schema(Set.of(), true, Map.of("*", child));
        }

        boolean manages(String key) {
            return everyKey || managed.contains(key);
        }

        Optional<Schema> child(String key) {
            return Optional.ofNullable(children.getOrDefault(key, children.get("*")));
        }
    }

    private SettingsYaml() {
    }

    /**
     * {@code existing} with the managed keys of {@code generated} (the YAML Dockhand would write for the
     * settings) in place of its own; empty when {@code existing} holds no mapping to edit (an empty file, a
     * list), so the caller writes {@code generated} instead.
     */
    static Optional<String> merge(String existing, String generated, Schema schema) {
        LoaderOptions loading = new LoaderOptions();
        loading.setProcessComments(true);
        Node old = new Yaml(loading).compose(new StringReader(existing));
        if (!(old instanceof MappingNode oldRoot)) {
            return Optional.empty();
        }
        if (!oldRoot.getTag().equals(Tag.MAP)) {
            // Only comments (SnakeYAML composes them as an empty mapping of its own tag): keep them on top.
            return Optional.of(existing.isEmpty() || existing.endsWith("\n") ? existing + generated : existing + "\n" + generated);
        }
        Node fresh = new Yaml(new LoaderOptions()).compose(new StringReader(generated));
        MappingNode freshRoot = fresh instanceof MappingNode m ? m : new MappingNode(oldRoot.getTag(), new ArrayList<>(),
                DumperOptions.FlowStyle.BLOCK);
        mergeInto(oldRoot, freshRoot, schema);
        DumperOptions dumping = new DumperOptions();
        dumping.setProcessComments(true);
        dumping.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        dumping.setIndent(2);
        dumping.setWidth(Integer.MAX_VALUE);
        StringWriter out = new StringWriter();
        new Yaml(dumping).serialize(oldRoot, out);
        return Optional.of(out.toString());
    }

    private static void mergeInto(MappingNode old, MappingNode fresh, Schema schema) {
        Map<String, NodeTuple> wanted = new LinkedHashMap<>();
        for (NodeTuple tuple : fresh.getValue()) {
            keyOf(tuple).ifPresent(key -> wanted.put(key, tuple));
        }
        List<NodeTuple> result = new ArrayList<>();
        List<CommentLine> orphanedComments = new ArrayList<>();
        for (NodeTuple tuple : old.getValue()) {
            Optional<String> key = keyOf(tuple);
            if (key.isEmpty() || !schema.manages(key.get())) {
                result.add(withLeadingComments(tuple, orphanedComments));
                continue;
            }
            NodeTuple replacement = wanted.remove(key.get());
            Optional<Schema> child = schema.child(key.get());
            if (replacement == null && child.isPresent() && tuple.getValueNode() instanceof MappingNode oldMap) {
                // A section Dockhand now leaves empty may still hold what the user wrote there.
                mergeInto(oldMap, new MappingNode(oldMap.getTag(), new ArrayList<>(), DumperOptions.FlowStyle.BLOCK), child.get());
                if (!oldMap.getValue().isEmpty()) {
                    result.add(withLeadingComments(tuple, orphanedComments));
                    continue;
                }
            }
            if (replacement == null) {
                // Removed: its comment above stays, above the next key.
                if (tuple.getKeyNode().getBlockComments() != null) {
                    orphanedComments.addAll(tuple.getKeyNode().getBlockComments());
                }
                continue;
            }
            Node oldValue = tuple.getValueNode();
            Node newValue = replacement.getValueNode();
            if (child.isPresent() && oldValue instanceof MappingNode oldMap && newValue instanceof MappingNode newMap) {
                mergeInto(oldMap, newMap, child.get());
                result.add(withLeadingComments(tuple, orphanedComments));
            } else if (sameScalar(oldValue, newValue)) {
                result.add(withLeadingComments(tuple, orphanedComments)); // keeps the user's quoting and comments
            } else {
                newValue.setInLineComments(oldValue.getInLineComments());
                newValue.setEndComments(oldValue.getEndComments());
                result.add(withLeadingComments(new NodeTuple(tuple.getKeyNode(), newValue), orphanedComments));
            }
        }
        result.addAll(wanted.values());
        if (!orphanedComments.isEmpty()) {
            List<CommentLine> end = new ArrayList<>(orphanedComments);
            if (old.getEndComments() != null) {
                end.addAll(old.getEndComments());
            }
            old.setEndComments(end);
        }
        old.setValue(result);
    }

    private static NodeTuple withLeadingComments(NodeTuple tuple, List<CommentLine> comments) {
        if (!comments.isEmpty()) {
            List<CommentLine> all = new ArrayList<>(comments);
            if (tuple.getKeyNode().getBlockComments() != null) {
                all.addAll(tuple.getKeyNode().getBlockComments());
            }
            tuple.getKeyNode().setBlockComments(all);
            comments.clear();
        }
        return tuple;
    }

    private static boolean sameScalar(Node a, Node b) {
        return a instanceof ScalarNode x && b instanceof ScalarNode y && x.getTag().equals(y.getTag()) && x.getValue().equals(y.getValue());
    }

    private static Optional<String> keyOf(NodeTuple tuple) {
        return tuple.getKeyNode() instanceof ScalarNode scalar ? Optional.of(scalar.getValue()) : Optional.empty();
    }
}
