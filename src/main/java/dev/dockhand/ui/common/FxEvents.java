package dev.dockhand.ui.common;

import dev.dockhand.pipeline.StepListener;
import javafx.application.Platform;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns a step's events, reported on a worker thread, into property and list updates on the FX thread.
 * Log lines are batched: a build that prints thousands of lines costs the FX thread a few updates per
 * frame, not one per line. The log view keeps the newest {@link #LOG_LIMIT} lines.
 */
public final class FxEvents implements StepListener {

    public static final int LOG_LIMIT = 5_000;

    private final DoubleProperty progress;
    private final StringProperty message;
    private final ObservableList<String> log;
    private final ConcurrentLinkedQueue<String> pendingLines = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile double pendingProgress;
    private volatile String pendingMessage;
    private final java.util.Map<String, StringProperty> details = new java.util.concurrent.ConcurrentHashMap<>();

    public FxEvents(DoubleProperty progress, StringProperty message, ObservableList<String> log) {
        this.progress = progress;
        this.message = message;
        this.log = log;
    }

    /** Shows the step's {@code name} detail in {@code target}. */
    public FxEvents showDetail(String name, StringProperty target) {
        details.put(name, target);
        return this;
    }

    @Override
    public void detail(String name, String value) {
        StringProperty target = details.get(name);
        if (target != null) {
            Platform.runLater(() -> target.set(value));
        }
    }

    @Override
    public void progress(double fraction, String text) {
        pendingProgress = fraction;
        pendingMessage = text;
        schedule();
    }

    /** Colour and cursor codes (ESC [ ... m, ESC ] ... BEL) that a terminal would render and a list shows as ␛[91m. */
    private static final java.util.regex.Pattern TERMINAL_CODES =
            java.util.regex.Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)|\u001B[@-Z\\\\-_]");

    static String withoutTerminalCodes(String line) {
        return line.indexOf('\u001B') < 0 ? line : TERMINAL_CODES.matcher(line).replaceAll("");
    }

    @Override
    public void log(String line) {
        // The engine's stream ends each line with its own newline and sends blank ones between steps: a row
        // per text line, as in a terminal, not a blank row after each.
        String text = line == null ? "" : withoutTerminalCodes(line).stripTrailing();
        if (text.isEmpty()) {
            return;
        }
        pendingLines.add(text);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            Platform.runLater(this::flush);
        }
    }

    private void flush() {
        scheduled.set(false);
        List<String> lines = new ArrayList<>();
        for (String line = pendingLines.poll(); line != null; line = pendingLines.poll()) {
            lines.add(line);
        }
        if (!lines.isEmpty()) {
            log.addAll(lines);
            if (log.size() > LOG_LIMIT) {
                log.remove(0, log.size() - LOG_LIMIT);
            }
        }
        if (pendingMessage != null) {
            progress.set(pendingProgress < 0 ? -1 : pendingProgress);
            message.set(pendingMessage);
        }
    }
}
