package dev.dockhand.dockerfile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Chained start commands: every step runs, and the last one becomes PID 1. */
class ShellFormTest {

    @Test
    void theLastStepOfAListIsExeced() {
        assertThat(CommandLine.shellForm("flask db upgrade; flask translate compile; gunicorn app:app"))
                .containsExactly("sh", "-c", "flask db upgrade; flask translate compile; exec gunicorn app:app");
        assertThat(CommandLine.shellForm("node migrate.js && node server.js"))
                .containsExactly("sh", "-c", "node migrate.js && exec node server.js");
    }

    @Test
    void separatorsInQuotesDoNotSplit() {
        assertThat(CommandLine.shellForm("echo 'a; b' && node s.js").get(2)).isEqualTo("echo 'a; b' && exec node s.js");
    }

    @Test
    void pipelinesAndBackgroundStepsStayUnderTheShell() {
        assertThat(CommandLine.shellForm("node s.js | tee log").get(2)).isEqualTo("node s.js | tee log");
        assertThat(CommandLine.shellForm("worker & node s.js").get(2)).isEqualTo("worker & node s.js");
        assertThat(CommandLine.shellForm("exec node s.js").get(2)).isEqualTo("exec node s.js");
    }
}
