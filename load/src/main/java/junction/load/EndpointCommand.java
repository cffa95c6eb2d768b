package junction.load;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./junction endpoint}: the analytics endpoint stub on its own, faults included. */
@Command(name = "endpoint", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start the analytics endpoint (POST /ingest, GET /stats, GET /view); Ctrl-C stops it.",
                "The --endpoint-* flags inject faults; GET, POST and DELETE /faults read and change them at run time,",
                "e.g. curl -d '{\"downFor\":\"60s\"}' http://localhost:8080/faults"})
public final class EndpointCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "localhost", description = "Address to bind. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Mixin
    FaultOptions faults;

    @Override
    public Integer call() {
        EndpointFaults injected = faults.toFaults();
        AnalyticsEndpoint endpoint = AnalyticsEndpoint.start(host, port, injected);
        Runtime.getRuntime().addShutdownHook(new Thread(endpoint::close, "endpoint-shutdown"));
        System.out.println("endpoint ready: " + endpoint.uri() + "/ingest (stats: " + endpoint.uri() + "/stats, faults: "
                + endpoint.uri() + "/faults)");
        if (!injected.equals(EndpointFaults.NONE)) {
            System.out.println("faults: " + injected);
        }
        endpoint.awaitClose();
        return 0;
    }
}
