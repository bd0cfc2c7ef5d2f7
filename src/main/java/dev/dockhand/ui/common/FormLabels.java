package dev.dockhand.ui.common;

import javafx.scene.Node;
import javafx.scene.control.Label;

/** Labels of form fields made in code: the underlined letter (Alt+letter) moves focus to the field. */
public final class FormLabels {

    private FormLabels() {
    }

    /** A label for {@code field}; {@code text} marks its mnemonic with "_", e.g. "_Port". */
    public static Label forField(String text, Node field) {
        Label label = new Label(text);
        label.setMnemonicParsing(true);
        label.setLabelFor(field);
        return label;
    }
}
