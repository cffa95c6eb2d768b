package junction.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker-compose.yml holds together with the repository it ships in, without a Docker engine:
 * what it mounts exists, every long-running service has a health check, dependencies wait on
 * health, the stream app instances form one group, and Prometheus scrapes each of them.
 * (deploy/check.sh adds {@code docker-compose config} and {@code promtool} in CI.)
 */
class DeploymentFilesTest {

    private static final String METRICS_PORT = "9400";

    private static Path root;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    static void readCompose() throws IOException {
        root = repositoryRoot();
        services = new LinkedHashMap<>();
        Map<String, Object> all = map(yaml(root.resolve("docker-compose.yml")).get("services"));
        all.forEach((name, service) -> services.put(name, map(service)));
        assertThat(services).as("services in docker-compose.yml").isNotEmpty();
    }

    /** Tests run in the module's directory; the compose file sits at the top of the repository. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("docker-compose.yml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no docker-compose.yml above " + Path.of("").toAbsolutePath());
    }

    /** Read as Compose does: anchors and merge keys ({@code <<: *x}) resolved. */
    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return node == null ? Map.of() : (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node) {
        return node == null ? List.of() : (List<Object>) node;
    }

    /** A command as a list of words, whether written as a list or as one string. */
    private static List<String> command(Map<String, Object> service) {
        Object command = service.get("command");
        List<String> words = new ArrayList<>();
        if (command instanceof String line) {
            words.addAll(List.of(line.trim().split("\\s+")));
        } else {
            list(command).forEach(w -> words.add(String.valueOf(w)));
        }
        return words;
    }

    /** An option's value, written {@code --name=value} or {@code --name value}; null if absent. */
    private static String option(List<String> words, String name) {
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).startsWith(name + "=")) {
                return words.get(i).substring(name.length() + 1);
            }
            if (words.get(i).equals(name) && i + 1 < words.size()) {
                return words.get(i + 1);
            }
        }
        return null;
    }

    /** Services running the stream app ({@code junction run}). */
    private static Map<String, List<String>> streamApps() {
        Map<String, List<String>> apps = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            List<String> words = command(service);
            if (!words.isEmpty() && words.get(0).equals("run")) {
                apps.put(name, words);
            }
        });
        return apps;
    }

    /** Host paths of bind mounts ({@code ./x:/y[:ro]} or the long form with {@code type: bind}). */
    private static List<String> bindSources(Map<String, Object> service) {
        List<String> sources = new ArrayList<>();
        for (Object volume : list(service.get("volumes"))) {
            if (volume instanceof String shortForm) {
                String source = shortForm.split(":", 2)[0];
                if (source.startsWith(".") || source.startsWith("/") || source.startsWith("~")) {
                    sources.add(source);
                }
            } else if ("bind".equals(map(volume).get("type"))) {
                sources.add(String.valueOf(map(volume).get("source")));
            }
        }
        return sources;
    }

    private static boolean hasHealthCheck(Map<String, Object> service) {
        Map<String, Object> check = map(service.get("healthcheck"));
        return !check.isEmpty() && !Boolean.TRUE.equals(check.get("disable")) && !list(check.get("test")).isEmpty();
    }

    /** A one-shot job: not restarted, and something waits for it to complete successfully. */
    private static boolean isOneShot(String name) {
        boolean notRestarted = "no".equals(String.valueOf(services.get(name).get("restart")));
        boolean awaited = services.values().stream().anyMatch(s ->
                "service_completed_successfully".equals(map(map(s.get("depends_on")).get(name)).get("condition")));
        return notRestarted && awaited;
    }

    @Test
    void everyBindMountedPathExistsInTheRepository() {
        Set<String> checked = new TreeSet<>();
        services.forEach((name, service) -> {
            for (String source : bindSources(service)) {
                assertThat(source).as(name + " mounts a path inside the repository").startsWith("./");
                assertThat(root.resolve(source).normalize()).as(name + " mounts " + source).exists();
                checked.add(source);
            }
        });
        assertThat(checked).as("the monitoring configs are mounted from the repository").contains(
                "./metrics/prometheus/alerts.yml", "./metrics/grafana/dashboards",
                "./metrics/grafana/provisioning/dashboards");
    }

    @Test
    void everyBuildContextHasADockerfile() {
        services.forEach((name, service) -> {
            Object build = service.get("build");
            if (build != null) {
                String context = build instanceof String s ? s : String.valueOf(map(build).get("context"));
                assertThat(root.resolve(context).resolve("Dockerfile")).as(name + " builds from").exists();
            }
        });
    }

    @Test
    void theDefaultImageIsTheProductAndTheTestEndpointComesFromTheHarness() throws IOException {
        String dockerfile = Files.readString(root.resolve("Dockerfile"));
        List<String> stages = dockerfile.lines().filter(line -> line.startsWith("FROM ")).toList();
        assertThat(stages.get(stages.size() - 1)).as("the last stage is what `docker build .` makes").endsWith(" AS product");
        String product = dockerfile.substring(dockerfile.indexOf(" AS product"));
        assertThat(product).as("the product stage").contains("/src/app/target/lib/").contains("junction.app.Junction")
                .doesNotContain("load/target").doesNotContain("junction.load");
        assertThat(stages).anySatisfy(stage -> assertThat(stage).endsWith(" AS harness"));

        Object endpointBuild = services.get("endpoint").get("build");
        assertThat(map(endpointBuild)).as("the test endpoint's image").containsEntry("target", "harness");
        streamApps().keySet().forEach(name -> assertThat(services.get(name).get("build"))
                .as(name + " runs the product image (the default target)").isEqualTo("."));
        assertThat(services.get("topics").get("build")).isEqualTo(".");
    }

    @Test
    void everyServiceHasAHealthCheckOrIsAOneShot() {
        services.forEach((name, service) -> assertThat(hasHealthCheck(service) || isOneShot(name))
                .as(name + " has a health check or is a one-shot job others wait for").isTrue());
        assertThat(isOneShot("topics")).as("topic creation is a one-shot").isTrue();
        assertThat(command(services.get("topics"))).startsWith("topics", "create");
    }

    @Test
    void dependenciesWaitForHealthOrCompletionNotJustAStart() {
        services.forEach((name, service) -> {
            Object dependsOn = service.get("depends_on");
            if (dependsOn == null) {
                return;
            }
            assertThat(dependsOn).as(name + ": depends_on with conditions, not a bare list").isInstanceOf(Map.class);
            map(dependsOn).forEach((dependency, spec) -> {
                String condition = String.valueOf(map(spec).get("condition"));
                assertThat(services).as(name + " depends on").containsKey(dependency);
                if (condition.equals("service_healthy")) {
                    assertThat(hasHealthCheck(services.get(dependency)))
                            .as(name + " waits for " + dependency + " to be healthy, so it needs a health check").isTrue();
                }
            });
        });
        assertThat(map(map(services.get("topics").get("depends_on")).get("kafka")))
                .containsEntry("condition", "service_healthy");
    }

    @Test
    void theStreamAppInstancesShareOneApplicationIdAndTheBroker() {
        Map<String, List<String>> apps = streamApps();

        assertThat(apps).as("junction run services").hasSizeGreaterThanOrEqualTo(2);
        Set<String> ids = new TreeSet<>();
        Set<String> brokers = new TreeSet<>();
        apps.values().forEach(words -> {
            ids.add(String.valueOf(option(words, "--application-id")));
            brokers.add(String.valueOf(option(words, "--bootstrap-servers")));
            assertThat(option(words, "--metrics-host")).as("ops endpoints reachable from Prometheus").isEqualTo("0.0.0.0");
        });
        assertThat(ids).as("application ids").hasSize(1).doesNotContain("null");
        assertThat(brokers).as("bootstrap servers").containsExactly(option(command(services.get("topics")), "--bootstrap-servers"));
    }

    @Test
    void prometheusScrapesEveryStreamAppInstanceWithTheAlertRules() throws IOException {
        Map<String, Object> prometheus = yaml(root.resolve("deploy/prometheus/prometheus.yml"));
        List<String> targets = new ArrayList<>();
        for (Object job : list(prometheus.get("scrape_configs"))) {
            for (Object staticConfig : list(map(job).get("static_configs"))) {
                list(map(staticConfig).get("targets")).forEach(t -> targets.add(String.valueOf(t)));
            }
        }

        assertThat(targets).containsExactlyInAnyOrderElementsOf(
                streamApps().keySet().stream().map(name -> name + ":" + METRICS_PORT).toList());
        assertThat(list(prometheus.get("rule_files"))).containsExactly("alerts.yml");
        assertThat(list(services.get("prometheus").get("volumes"))).contains(
                "./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
                "./metrics/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro");
    }

    @Test
    void grafanaReadsTheComposePrometheus() throws IOException {
        Map<String, Object> provisioning = yaml(root.resolve("deploy/grafana/datasources/prometheus.yml"));
        Map<String, Object> datasource = map(list(provisioning.get("datasources")).get(0));
        URI url = URI.create(String.valueOf(datasource.get("url")));

        assertThat(services).containsKey(url.getHost());
        assertThat(list(services.get(url.getHost()).get("ports"))).anySatisfy(
                port -> assertThat(String.valueOf(port)).endsWith(":" + url.getPort()));
    }
}
