package junction.metrics.host;

import static junction.metrics.MeterNames.HOST_NETWORK_RECEIVED;
import static junction.metrics.MeterNames.HOST_NETWORK_TRANSMITTED;
import static junction.metrics.MeterNames.TAG_INTERFACE;
import static junction.metrics.MeterNames.UNIT_BYTES;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import oshi.hardware.NetworkIF;

/**
 * Bytes received and sent per network interface; loopback skipped, at most 16 interfaces found at
 * start. On Linux the two counters are read from sysfs: OSHI's full interface update costs ~0.8 ms.
 */
final class NetworkMetrics implements HostMeterGroup {

    static final int MAX_INTERFACES = 16;

    /** Cumulative bytes of one interface. */
    private static final class Interface {
        final NetworkIF nif;
        final Path rxBytes;
        final Path txBytes;
        volatile double received;
        volatile double transmitted;

        Interface(NetworkIF nif) {
            this.nif = nif;
            Path statistics = Path.of("/sys/class/net", nif.getName(), "statistics");
            this.rxBytes = statistics.resolve("rx_bytes");
            this.txBytes = statistics.resolve("tx_bytes");
            this.received = nif.getBytesRecv();
            this.transmitted = nif.getBytesSent();
        }

        void sample() {
            if (Files.isReadable(rxBytes)) {
                received = readCounter(rxBytes);
                transmitted = readCounter(txBytes);
            } else {
                nif.updateAttributes();
                received = nif.getBytesRecv();
                transmitted = nif.getBytesSent();
            }
        }

        private static double readCounter(Path file) {
            try {
                return Double.parseDouble(Files.readString(file).trim());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final List<Interface> interfaces;

    NetworkMetrics(List<NetworkIF> all) {
        this.interfaces = all.stream().filter(n -> !isLoopback(n)).limit(MAX_INTERFACES).map(Interface::new).toList();
    }

    private static boolean isLoopback(NetworkIF nif) {
        try {
            return nif.queryNetworkInterface().isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }

    @Override
    public void sample() {
        interfaces.forEach(Interface::sample);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Interface nif : interfaces) {
            Tags tags = Tags.of(TAG_INTERFACE, nif.nif.getName());
            HostMeterGroup.counter(registry, HOST_NETWORK_RECEIVED, "Bytes received on the interface", UNIT_BYTES,
                    tags, nif, n -> n.received);
            HostMeterGroup.counter(registry, HOST_NETWORK_TRANSMITTED, "Bytes sent on the interface", UNIT_BYTES,
                    tags, nif, n -> n.transmitted);
        }
    }
}
