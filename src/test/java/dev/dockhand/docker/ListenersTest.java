package dev.dockhand.docker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListenersTest {

    private static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1
               1: 00000000:0FA0 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 2 1
               2: 0100007F:0BB8 0100007F:D431 01 00000000:00000000 00:00000000 00000000  1000        0 3 1
            """;
    private static final String TCP6 = """
              sl  local_address                         remote_address                        st
               0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A
               1: 00000000000000000000000001000000:1F91 00000000000000000000000000000000:0000 0A
            """;

    @Test
    void readsListeningSocketsOnly() {
        Listeners listeners = Listeners.parse(TCP + TCP6);
        assertThat(listeners.sockets()).containsExactly(
                new Listeners.Listener("127.0.0.1", 3000),
                new Listeners.Listener("0.0.0.0", 4000),
                new Listeners.Listener("::", 8080),
                new Listeners.Listener("::1", 8081));
        assertThat(listeners.reachableOn(3000)).isFalse();
        assertThat(listeners.reachableOn(4000)).isTrue();
        assertThat(listeners.reachableOn(8080)).isTrue();
    }
}
