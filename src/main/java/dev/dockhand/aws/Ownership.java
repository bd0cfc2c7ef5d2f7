package dev.dockhand.aws;

import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Whether an AWS resource named like the service is Dockhand's. Dockhand changes or deletes a stack,
 * repository or secret only when it carries Dockhand's mark: the tag {@value #TAG} naming the service,
 * written when Dockhand creates it (and, for stacks, the output {@value #STACK_OUTPUT} too). A pure
 * policy: it reads what AWS answered and decides nothing else.
 */
public final class Ownership {

    /** The tag that marks a stack, repository or secret as Dockhand's, with the service's name as its value. */
    public static final String TAG = "dockhand:service";
    /** The stack output that every template Dockhand writes declares, with the service's name. */
    public static final String STACK_OUTPUT = "DockhandService";

    /** Whose a resource is. */
    public enum Claim {
        /** It carries Dockhand's mark for this service. */
        DOCKHANDS,
        /** Made by an earlier version of Dockhand, before the mark: it is marked after the user says so. */
        EARLIER_DOCKHAND,
        /** Somebody else's: never changed nor deleted. */
        NOT_DOCKHANDS
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Ownership() {
    }

    /** Whose the stack {@code stack} is, for the service {@code service}. */
    public static Claim ofStack(Stack stack, String service) {
        if (marked(tags(stack), service)) {
            return Claim.DOCKHANDS;
        }
        // Earlier versions wrote no tag, but every template they made says "Dockhand: NAME on Amazon ECS" (a stack
        // whose creation failed has that description and no outputs); one whose tags were lost still has the output.
        boolean earlierTemplate = String.valueOf(stack.description()).startsWith("Dockhand: " + service + " on Amazon ECS");
        boolean output = output(stack, STACK_OUTPUT).filter(service::equals).isPresent();
        return earlierTemplate || output ? Claim.EARLIER_DOCKHAND : Claim.NOT_DOCKHANDS;
    }

    /** Whose a repository or secret with {@code tags} is. */
    public static Claim ofTags(Map<String, String> tags, String service) {
        return marked(tags, service) ? Claim.DOCKHANDS : Claim.NOT_DOCKHANDS;
    }

    /** Who made the stack, as far as AWS says: its creation time, its tags and its description. */
    public static String provenance(Stack stack) {
        Map<String, String> tags = tags(stack);
        StringBuilder text = new StringBuilder();
        if (stack.creationTime() != null) {
            text.append("created ").append(WHEN.format(stack.creationTime()));
        }
        append(text, tags.isEmpty() ? "no tags" : "tags " + describe(tags));
        if (stack.description() != null && !stack.description().isBlank()) {
            append(text, "description \"" + shorten(stack.description()) + "\"");
        }
        return text.toString();
    }

    /** Tags as {@code key=value, ...}, for messages. */
    public static String describe(Map<String, String> tags) {
        return String.join(", ", tags.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /**
     * The refusal for a resource Dockhand did not create: what it is, who made it, and the way on.
     *
     * @param what e.g. "The stack app" or "The ECR repository app"
     */
    public static String refusal(String what, String provenance, String service, String verb) {
        return what + " was not created by Dockhand (" + provenance + "; it has no " + TAG + " tag), so Dockhand does not "
                + verb + " it. " + wayOn(service, verb);
    }

    /** What to do about a resource of the service's name that is not Dockhand's. */
    static String wayOn(String service, String verb) {
        return verb.equals("delete")
                ? "Delete it where it was made if it is to go; if this project's service has another name, set service: in "
                + "dockhand.yaml."
                : "Choose another name for the service: --service " + service + "-app (or service: in dockhand.yaml). If it "
                + "is yours for Dockhand to manage, give it the tag " + TAG + "=" + service + ".";
    }

    /** When the creation time is all a message has. */
    public static String created(Instant time) {
        return time == null ? "creation time unknown" : "created " + WHEN.format(time);
    }

    private static boolean marked(Map<String, String> tags, String service) {
        return service.equals(tags.get(TAG));
    }

    private static Map<String, String> tags(Stack stack) {
        Map<String, String> tags = new TreeMap<>();
        stack.tags().forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    static Optional<String> output(Stack stack, String key) {
        List<Output> outputs = stack.outputs();
        return outputs.stream().filter(o -> key.equals(o.outputKey())).map(Output::outputValue).findFirst();
    }

    private static void append(StringBuilder text, String part) {
        if (!text.isEmpty()) {
            text.append(", ");
        }
        text.append(part);
    }

    private static String shorten(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 80 ? line.substring(0, 79) + "…" : line;
    }
}
