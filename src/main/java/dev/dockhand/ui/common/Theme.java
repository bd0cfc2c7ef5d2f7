package dev.dockhand.ui.common;

import javafx.application.Application;

/**
 * Light and dark themes (AtlantaFX Primer), applied to every window at once.
 *
 * <p>The theme's style sheets are used directly: atlantafx-base 2.1.0's classes are compiled for Java 21,
 * but its CSS works on any JavaFX 21, so Dockhand still runs on Java 17.
 */
public final class Theme {

    static final String LIGHT = "/atlantafx/base/theme/primer-light.css";
    static final String DARK = "/atlantafx/base/theme/primer-dark.css";

    private Theme() {
    }

    public static void apply(boolean dark) {
        String sheet = dark ? DARK : LIGHT;
        var url = Theme.class.getResource(sheet);
        Application.setUserAgentStylesheet(url == null ? null : url.toExternalForm());
    }
}
