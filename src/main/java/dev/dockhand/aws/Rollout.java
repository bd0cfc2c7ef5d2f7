package dev.dockhand.aws;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How a new image reaches the running service. {@link Strategy#ROLLING} (the default) replaces tasks a
 * few at a time behind the one target group. {@link Strategy#BLUE_GREEN} is ECS's native blue/green: the
 * new revision starts in full beside the old one in a second target group, answers on the test listener
 * ({@link #TEST_PORT}), takes all production traffic at once, and the old revision stays ready for
 * {@code bakeMinutes} so that a rollback is instant.
 */
public record Rollout(Strategy strategy, int bakeMinutes) {

    public enum Strategy {
        ROLLING("rolling"), BLUE_GREEN("blue-green");

        private final String key;

        Strategy(String key) {
            this.key = key;
        }

        /** As dockhand.yaml and the flags spell it. */
        public String key() {
            return key;
        }

        public static Optional<Strategy> parse(String text) {
            String wanted = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
            return Arrays.stream(values()).filter(s -> s.key.equals(wanted) || wanted.equals("bluegreen") && s == BLUE_GREEN)
                    .findFirst();
        }
    }

    /** The port of the load balancer's test listener, where the green revision answers while it bakes. */
    public static final int TEST_PORT = 8080;
    public static final int DEFAULT_BAKE_MINUTES = 10;
    /** ECS's limit on the bake time. */
    public static final int MAX_BAKE_MINUTES = 1440;
    public static final Rollout ROLLING = new Rollout(Strategy.ROLLING, 0);

    public boolean blueGreen() {
        return strategy == Strategy.BLUE_GREEN;
    }

    /** The rule a strategy follows, for messages. */
    public static final String RULE = "deployment is \"rolling\" (the default) or \"blue-green\", with bakeMinutes 0 to "
            + MAX_BAKE_MINUTES;
}
