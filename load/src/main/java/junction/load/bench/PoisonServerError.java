package junction.load.bench;

import java.time.Duration;
import java.util.Set;
import junction.load.EndpointFaults;

/**
 * {@code poison-5xx}: the endpoint answers 500 to every request holding one customer (the
 * middle one of the run's data) and 200 to the rest, from before the preload to the end: a
 * retryable error that never heals. The sink must isolate that customer, dead-letter its records
 * once their retry time is spent, and keep the rest flowing (the lag drains). The fault window of
 * the run marks nothing: the poison is there all along.
 */
final class PoisonServerError implements Fault {

    private static final String POISON_FIGURE = "poisonCustomer";

    @Override
    public String describe(FaultRun run) {
        return "customer " + poison(run) + " answered 500 in every request holding it, throughout the run";
    }

    @Override
    public Duration defaultLength() {
        return Duration.ofSeconds(30);
    }

    @Override
    public void prepare(FaultRun run) {
        String customer = run.run().middleCustomerId();
        run.figure(POISON_FIGURE, customer);
        run.cluster().endpoint().faults(EndpointFaults.builder()
                .rejectCustomers(Set.of(customer)).rejectStatus(500).build());
    }

    @Override
    public Set<String> refusedCustomers(FaultRun run) {
        return Set.of(poison(run));
    }

    @Override
    public Ending begin(FaultRun run) {
        return () -> {
            // The poison stays to the end: the verifier checks that only its records were dead-lettered.
        };
    }

    private static String poison(FaultRun run) {
        return String.valueOf(run.figures().get(POISON_FIGURE));
    }
}
