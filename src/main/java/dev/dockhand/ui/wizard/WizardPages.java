package dev.dockhand.ui.wizard;

import javafx.scene.Node;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The wizard's pages, each made the first time its step is shown and kept afterwards. Loading every
 * page's FXML up front cost most of a second at start-up, though only the Project page is visible then.
 * A page made late renders what its model already holds. Lives on the FX thread.
 */
final class WizardPages {

    private final Map<WizardStep, Supplier<Node>> makers = new EnumMap<>(WizardStep.class);
    private final Function<WizardStep, Node> fallback;
    private final Map<WizardStep, Node> made = new EnumMap<>(WizardStep.class);

    /** {@code fallback} makes the page of a step that has no maker. */
    WizardPages(Map<WizardStep, Supplier<Node>> makers, Function<WizardStep, Node> fallback) {
        this.makers.putAll(makers);
        this.fallback = fallback;
    }

    Node page(WizardStep step) {
        Node page = made.get(step);
        if (page == null) {
            Supplier<Node> maker = makers.get(step);
            page = maker != null ? maker.get() : fallback.apply(step);
            made.put(step, page);
        }
        return page;
    }
}
