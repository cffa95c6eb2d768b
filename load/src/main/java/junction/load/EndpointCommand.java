package junction.load;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./junction endpoint}: the analytics endpoint stub on its own. */
@Command(name = "endpoint", mixinStandardHelpOptions = true,
        description = "Start the analytics endpoint (POST /ingest, GET /stats, GET /view); Ctrl-C stops it.")
public final class EndpointCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "localhost", description = "Address to bind. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Override
    public Integer call() {
        AnalyticsEndpoint endpoint = AnalyticsEndpoint.start(host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(endpoint::close, "endpoint-shutdown"));
        System.out.println("endpoint ready: " + endpoint.uri() + "/ingest (stats: " + endpoint.uri() + "/stats)");
        endpoint.awaitClose();
        return 0;
    }
}
