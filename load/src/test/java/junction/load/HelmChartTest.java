package junction.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.github.fge.jsonschema.core.report.ProcessingReport;
import com.github.fge.jsonschema.main.JsonSchema;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.schema.validator.ValidationMessage;
import io.fabric8.kubernetes.schema.validator.Validator;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import junction.cli.CommandLines;
import junction.metrics.JunctionRegistry;
import junction.metrics.OpsServer;
import junction.metrics.PipelineSampler;
import junction.metrics.PipelineStatus;
import junction.topology.RunCommand;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The Helm chart in deploy/helm/junction, without a cluster. Helm itself renders it (helm-java
 * carries Helm's Go code as a native library) for the default values and values-production.yaml;
 * every manifest is parsed into fabric8's typed model and validated, strictly (an unknown field is
 * an error), against Kubernetes' OpenAPI schema, which also holds the Prometheus Operator's kinds;
 * KEDA's ScaledObject, which it lacks, is validated against the fields of KEDA's CRD the chart uses.
 * Then the invariants an operator relies on: the rendered arguments are parsed by the app's own
 * command line, and the probe paths are asked of a real ops server.
 */
class HelmChartTest {

    private static final String DEFAULTS = "values.yaml";
    /** Values files under test, in the chart directory (values.yaml: the defaults alone). */
    static final List<String> VALUES = List.of(DEFAULTS, "values-production.yaml");

    /** Kubernetes the chart is rendered for (Helm's own default, 1.20, is older than the chart allows). */
    private static final String KUBE_VERSION = "1.31.0";
    /** Options whose value is a secret source: env:NAME or file:PATH, never the secret. */
    private static final List<String> SECRET_OPTIONS =
            List.of("--sink-bearer-token", "--sink-basic-password", "--metrics-basic-password");
    private static final YAMLMapper YAML = new YAMLMapper();

    /** Loading Kubernetes' OpenAPI schema takes seconds: once per run. */
    private static Validator kubernetesSchema;
    private static Path root;
    private static Path chart;
    private static final Map<String, Rendering> renderings = new ConcurrentHashMap<>();

    /** One `helm template`: its manifests, typed, and the values it was rendered from. */
    record Rendering(String valuesFile, List<KubernetesResource> manifests, List<JsonNode> documents,
            JsonNode values, long millis) {

        <T> List<T> all(Class<T> type) {
            return manifests.stream().filter(type::isInstance).map(type::cast).toList();
        }

        <T> T one(Class<T> type) {
            List<T> found = all(type);
            assertThat(found).as(type.getSimpleName() + " in " + this).hasSize(1);
            return found.get(0);
        }

        Optional<GenericKubernetesResource> generic(String kind) {
            return all(GenericKubernetesResource.class).stream().filter(r -> kind.equals(r.getKind())).findFirst();
        }

        @Override
        public String toString() {
            return valuesFile;
        }
    }

    @BeforeAll
    static void locateChart() {
        root = DeploymentFilesTest.repositoryRoot();
        chart = root.resolve("deploy/helm/junction");
    }

    private static synchronized Validator kubernetesSchema() {
        if (kubernetesSchema == null) {
            kubernetesSchema = Validator.newInstance();
        }
        return kubernetesSchema;
    }

    static Rendering rendering(String valuesFile) {
        return renderings.computeIfAbsent(valuesFile, HelmChartTest::render);
    }

    private static Rendering render(String valuesFile) {
        long start = System.nanoTime();
        String out = template(valuesFile, Map.of());
        long millis = (System.nanoTime() - start) / 1_000_000;
        try {
            List<KubernetesResource> manifests = new ArrayList<>();
            List<JsonNode> documents = new ArrayList<>();
            for (JsonNode doc : YAML.readValues(new YAMLFactory().createParser(out), JsonNode.class).readAll()) {
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                documents.add(doc);
                manifests.add(YAML.treeToValue(doc, KubernetesResource.class));
            }
            return new Rendering(valuesFile, manifests, documents, values(valuesFile), millis);
        } catch (IOException e) {
            throw new IllegalStateException("rendered YAML does not parse (" + valuesFile + ")", e);
        }
    }

    /** `helm template` with a values file (or none) and --set overrides. */
    static String template(String valuesFile, Map<String, Object> set) {
        TemplateCommand template = new Helm(chart).template().withName("junction").withNamespace("streams")
                .withKubeVersion(KUBE_VERSION);
        if (!valuesFile.equals(DEFAULTS)) {
            template = template.withValuesFile(chart.resolve(valuesFile));
        }
        for (Map.Entry<String, Object> s : set.entrySet()) {
            template = template.set(s.getKey(), s.getValue());
        }
        return template.call();
    }

    /** The values Helm merges: the chart's defaults, then the file over them. */
    private static JsonNode values(String valuesFile) throws IOException {
        JsonNode merged = YAML.readTree(chart.resolve(DEFAULTS).toFile());
        if (!valuesFile.equals(DEFAULTS)) {
            merged = YAML.readerForUpdating(merged).readValue(chart.resolve(valuesFile).toFile());
        }
        return merged;
    }

    private static Container container(Rendering r) {
        List<Container> containers = r.one(StatefulSet.class).getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).as("containers of the StatefulSet").hasSize(1);
        return containers.get(0);
    }

    /** The container's arguments as the app's own command line parses them (an unknown option fails here). */
    private static CommandLine.ParseResult runArguments(Rendering r) {
        List<String> args = container(r).getArgs();
        assertThat(args).as("the container runs the stream app").first().isEqualTo("run");
        return CommandLines.parser(new RunCommand()).parseArgs(args.subList(1, args.size()).toArray(String[]::new));
    }

    private static <T> T option(Rendering r, String name) {
        T value = runArguments(r).matchedOptionValue(name, null);
        assertThat(value).as(name + " passed by the chart (" + r + ")").isNotNull();
        return value;
    }

    static Stream<Arguments> valuesFiles() {
        return VALUES.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void everyManifestParsesIntoTheTypedModelAndPassesSchemaValidation(String valuesFile) throws Exception {
        Rendering r = rendering(valuesFile);
        Validator kubernetes = kubernetesSchema();
        JsonSchema keda = JsonSchemaFactory.byDefault().getJsonSchema(
                new ObjectMapper().readTree(HelmChartTest.class.getResourceAsStream("/helm/keda-scaledobject.schema.json")));

        assertThat(r.manifests()).as("manifests rendered for " + r).isNotEmpty();
        for (int i = 0; i < r.documents().size(); i++) {
            JsonNode doc = r.documents().get(i);
            String kind = doc.path("kind").asText();
            String what = kind + " " + doc.path("metadata").path("name").asText() + " (" + r + ")";
            if (kind.equals("ScaledObject")) {
                ProcessingReport report = keda.validate(doc);
                assertThat(report.isSuccess()).as(what + ": " + report).isTrue();
            } else {
                // The validator passes a kind it has no schema for; a typed class proves it had one.
                assertThat(r.manifests().get(i)).as(what + " parses into a typed model class")
                        .isNotInstanceOf(GenericKubernetesResource.class);
                List<String> errors = kubernetes.validate(doc).getMessages().stream()
                        .filter(m -> m.getLevel() == ValidationMessage.Level.ERROR && !intOrStringHoldingAnInteger(m))
                        .map(m -> m.getMessage()).toList();
                assertThat(errors).as(what).isEmpty();
            }
        }
        System.out.printf("helm template (%s): %d manifests %s in %d ms%n", r, r.manifests().size(),
                r.documents().stream().map(d -> d.path("kind").asText()).toList(), r.millis());
    }

    /**
     * Kubernetes' schema writes IntOrString as {@code type: string, format: int-or-string}, and
     * fabric8's validator reads only the type: an integer there (a PDB's maxUnavailable: 1) is
     * valid for the API server, so that one message is not an error. Any other type still is.
     */
    private static boolean intOrStringHoldingAnInteger(ValidationMessage m) {
        return m.getSchema().endsWith("/io.k8s.apimachinery.pkg.util.intstr.IntOrString")
                && m.getMessage().contains("Instance type (integer) does not match any allowed primitive type");
    }

    @Test
    void theValidationCatchesWhatAClusterWouldRefuse() throws Exception {
        // The strictness the test above relies on: a misspelt field and a wrong type are errors.
        ObjectMapper json = new ObjectMapper();
        JsonNode sts = json.valueToTree(rendering(DEFAULTS).documents().stream()
                .filter(d -> d.path("kind").asText().equals("StatefulSet")).findFirst().orElseThrow());
        ((com.fasterxml.jackson.databind.node.ObjectNode) sts.path("spec")).put("replicas", "two");
        ((com.fasterxml.jackson.databind.node.ObjectNode) sts.path("spec").path("template").path("spec")
                .path("containers").get(0).path("livenessProbe").path("httpGet")).put("port", true);
        ((com.fasterxml.jackson.databind.node.ObjectNode) sts.path("spec").path("template").path("spec"))
                .put("terminationGracePeriod", 60);
        assertThat(kubernetesSchema().validate(sts).getMessages()).extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("replicas"))
                .anySatisfy(m -> assertThat(m).contains("terminationGracePeriod"))
                .anySatisfy(m -> assertThat(m).contains("livenessProbe/httpGet/port").contains("boolean"));

        JsonNode scaled = json.valueToTree(rendering("values-production.yaml").generic("ScaledObject").orElseThrow());
        ((com.fasterxml.jackson.databind.node.ObjectNode) scaled.path("spec")).put("maxReplicas", 3);
        JsonSchema keda = JsonSchemaFactory.byDefault().getJsonSchema(
                json.readTree(HelmChartTest.class.getResourceAsStream("/helm/keda-scaledobject.schema.json")));
        assertThat(keda.validate(scaled).isSuccess()).isFalse();
    }

    @Test
    void helmLintStrictPasses() {
        LintResult lint = new Helm(chart).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: " + lint.getMessages()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void neverMoreInstancesThanPartitionsCanKeepBusy(String valuesFile) {
        Rendering r = rendering(valuesFile);
        int partitions = r.values().path("kafka").path("inputPartitions").asInt();
        int threads = HelmChartTest.<Integer>option(r, "--threads");
        assertThat(partitions).as("kafka.inputPartitions").isPositive();

        Optional<GenericKubernetesResource> scaled = r.generic("ScaledObject");
        Integer replicas = r.one(StatefulSet.class).getSpec().getReplicas();
        if (scaled.isPresent()) {
            Map<String, Object> spec = scaled.get().get("spec");
            int max = ((Number) spec.get("maxReplicaCount")).intValue();
            int min = ((Number) spec.get("minReplicaCount")).intValue();
            assertThat(max).as("KEDA maxReplicaCount = partitions / threads").isEqualTo(partitions / threads);
            assertThat(min).as("KEDA minReplicaCount").isBetween(1, max);
            assertThat(replicas).as("with KEDA the HPA owns the replica count").isNull();
            Map<?, ?> target = (Map<?, ?>) spec.get("scaleTargetRef");
            assertThat(target.get("kind")).isEqualTo("StatefulSet");
            assertThat(target.get("name")).isEqualTo(r.one(StatefulSet.class).getMetadata().getName());
            Map<?, ?> trigger = (Map<?, ?>) ((List<?>) spec.get("triggers")).get(0);
            Map<?, ?> metadata = (Map<?, ?>) trigger.get("metadata");
            assertThat(trigger.get("type")).isEqualTo("kafka");
            assertThat(metadata.get("consumerGroup")).as("Kafka Streams' group is its application id")
                    .isEqualTo(option(r, "--application-id"));
            assertThat(metadata.get("bootstrapServers")).isEqualTo(option(r, "--bootstrap-servers"));
        } else {
            assertThat(replicas).as("replicas").isNotNull();
            assertThat(replicas * threads).as("replicas x threads <= input partitions").isLessThanOrEqualTo(partitions);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void graceOutlastsTheShutdownTimeout(String valuesFile) {
        Rendering r = rendering(valuesFile);
        Duration shutdown = option(r, "--shutdown-timeout");
        long grace = r.one(StatefulSet.class).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();

        assertThat(Duration.ofSeconds(grace)).as("terminationGracePeriodSeconds vs --shutdown-timeout")
                .isGreaterThan(shutdown);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void probesAndScrapesHitPathsTheOpsServerServes(String valuesFile) throws Exception {
        Rendering r = rendering(valuesFile);
        Container c = container(r);
        int port = HelmChartTest.<Integer>option(r, "--metrics-port");
        assertThat(HelmChartTest.<String>option(r, "--metrics-host")).as("the kubelet probes the pod IP").isEqualTo("0.0.0.0");
        assertThat(c.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("ops");
            assertThat(p.getContainerPort()).isEqualTo(port);
        });
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("startup", c.getStartupProbe());
        probes.put("liveness", c.getLivenessProbe());
        probes.put("readiness", c.getReadinessProbe());
        probes.forEach((name, probe) -> {
            assertThat(probe).as(name + " probe").isNotNull();
            assertThat(probe.getHttpGet().getPort().getStrVal()).as(name + " probe port").isEqualTo("ops");
        });
        assertThat(probes.get("liveness").getHttpGet().getPath()).isEqualTo(OpsServer.LIVE_PATH);
        assertThat(probes.get("startup").getHttpGet().getPath()).isEqualTo(OpsServer.LIVE_PATH);
        assertThat(probes.get("readiness").getHttpGet().getPath()).isEqualTo(OpsServer.READY_PATH);

        List<String> scrapePaths = new ArrayList<>();
        r.all(PodMonitor.class).forEach(m -> m.getSpec().getPodMetricsEndpoints().forEach(e -> {
            assertThat(e.getPort()).isEqualTo("ops");
            scrapePaths.add(e.getPath());
        }));
        r.all(ServiceMonitor.class).forEach(m -> m.getSpec().getEndpoints().forEach(e -> {
            assertThat(e.getPort()).isEqualTo("ops");
            scrapePaths.add(e.getPath());
        }));
        assertThat(scrapePaths).as("Prometheus Operator scrape paths").isNotEmpty().containsOnly(OpsServer.METRICS_PATH);

        // Ask a real ops server: each probe path answers, and means what the probe assumes.
        FixedStatus status = new FixedStatus();
        try (JunctionRegistry registry = new JunctionRegistry();
                OpsServer ops = OpsServer.start(new OpsServer.Config("localhost", 0), registry,
                        new PipelineSampler(registry.registry()), status)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (Probe probe : probes.values()) {
                assertThat(get(http, ops.port(), probe.getHttpGet().getPath())).as(probe.getHttpGet().getPath()).isEqualTo(200);
            }
            for (String path : scrapePaths) {
                assertThat(get(http, ops.port(), path)).as(path).isEqualTo(200);
            }
            status.streams = KafkaStreams.State.REBALANCING;
            assertThat(get(http, ops.port(), probes.get("readiness").getHttpGet().getPath())).as("not ready while rebalancing").isEqualTo(503);
            assertThat(get(http, ops.port(), probes.get("liveness").getHttpGet().getPath())).as("alive while rebalancing").isEqualTo(200);
            status.streams = KafkaStreams.State.ERROR;
            assertThat(get(http, ops.port(), probes.get("liveness").getHttpGet().getPath())).as("dead after a stream thread failed").isEqualTo(503);
        }
    }

    private static int get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The app's state as the probes see it, set by the test. */
    private static final class FixedStatus implements PipelineStatus {
        volatile KafkaStreams.State streams = KafkaStreams.State.RUNNING;

        @Override
        public KafkaStreams.State streamsState() {
            return streams;
        }

        @Override
        public SinkState sinkState() {
            return SinkState.OK;
        }

        @Override
        public Instant lastDelivery() {
            return null;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void theStateDirectoryIsThePersistentVolume(String valuesFile) {
        Rendering r = rendering(valuesFile);
        StatefulSet sts = r.one(StatefulSet.class);
        Path stateDir = option(r, "--state-dir");
        List<String> claims = sts.getSpec().getVolumeClaimTemplates().stream().map(c -> c.getMetadata().getName()).toList();

        VolumeMount mount = container(r).getVolumeMounts().stream()
                .filter(m -> Path.of(m.getMountPath()).equals(stateDir)).findFirst()
                .orElseThrow(() -> new AssertionError("--state-dir " + stateDir + " is no volume mount (" + r + ")"));
        assertThat(claims).as("--state-dir is mounted from a volumeClaimTemplate").contains(mount.getName());
        assertThat(sts.getSpec().getTemplate().getSpec().getVolumes()).extracting(Volume::getName)
                .as("no pod volume shadows the claim").doesNotContain(mount.getName());
        PersistentVolumeClaim claim = sts.getSpec().getVolumeClaimTemplates().stream()
                .filter(c -> c.getMetadata().getName().equals(mount.getName())).findFirst().orElseThrow();
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests()).containsKey("storage");
        // The image's user must be able to write it.
        assertThat(sts.getSpec().getTemplate().getSpec().getSecurityContext().getFsGroup()).isEqualTo(10001L);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void secretsAreMountedFilesNeverValues(String valuesFile) {
        Rendering r = rendering(valuesFile);
        StatefulSet sts = r.one(StatefulSet.class);
        Container c = container(r);
        CommandLine.ParseResult args = runArguments(r);

        assertThat(r.documents()).extracting(d -> d.path("kind").asText()).as("the chart never creates a Secret").doesNotContain("Secret");
        // Only these two; a new variable is a conscious change here (secrets must not be env values).
        assertThat(c.getEnv()).extracting(EnvVar::getName).containsExactlyInAnyOrder("POD_NAME", "JUNCTION_JAVA_OPTS");
        assertThat(c.getEnvFrom()).isNullOrEmpty();
        assertSecretFreeValues(r.values(), "");

        for (String option : SECRET_OPTIONS) {
            String source = args.matchedOptionValue(option, null);
            if (source == null) {
                continue;
            }
            assertThat(source).as(option).startsWith("file:");
            Path file = Path.of(source.substring("file:".length()));
            VolumeMount mount = c.getVolumeMounts().stream().filter(m -> file.startsWith(m.getMountPath())).findFirst()
                    .orElseThrow(() -> new AssertionError(option + " reads " + file + ", which no volume mounts"));
            Volume volume = sts.getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
            assertThat(volume.getSecret()).as(option + " comes from a Secret volume").isNotNull();
            assertThat(mount.getReadOnly()).isTrue();
            assertThat(volume.getSecret().getItems()).as("the Secret's key is the file " + file)
                    .anySatisfy(item -> assertThat(Path.of(mount.getMountPath()).resolve(item.getPath())).isEqualTo(file));
        }
    }

    @Test
    void productionDeliversWithASecretFromAFile() {
        CommandLine.ParseResult args = runArguments(rendering("values-production.yaml"));
        assertThat(args.matchedOptionValue("--sink-bearer-token", "")).startsWith("file:");
    }

    /** A key that names a secret may hold only the name of a Secret or a key in one, never a value. */
    private static void assertSecretFreeValues(JsonNode node, String path) {
        node.properties().forEach(field -> {
            String key = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            String lower = field.getKey().toLowerCase();
            if (field.getValue().isContainerNode()) {
                assertSecretFreeValues(field.getValue(), key);
            } else if (lower.matches(".*(password|token|jaas|credential).*")) {
                assertThat(field.getValue().asText()).as("values %s holds a secret", key).isEmpty();
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void staticMembershipUsesThePodNameAndTheClassicProtocol(String valuesFile) {
        Rendering r = rendering(valuesFile);
        Map<String, String> kafka = option(r, "--kafka");
        assertThat(r.values().path("staticMembership").path("enabled").asBoolean()).as("static membership on").isTrue();
        assertThat(kafka).containsEntry("group.instance.id", "$(POD_NAME)").containsEntry("group.protocol", "classic");
        assertThat(container(r).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("POD_NAME");
            assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void jvmSizesItsHeapFromTheContainerLimit(String valuesFile) throws IOException {
        Rendering r = rendering(valuesFile);
        Container c = container(r);
        String javaOpts = c.getEnv().stream().filter(e -> e.getName().equals("JUNCTION_JAVA_OPTS")).findFirst().orElseThrow().getValue();
        assertThat(javaOpts).contains("-XX:MaxRAMPercentage=").doesNotContain("-Xmx");
        assertThat(c.getResources().getLimits()).as("a memory limit for MaxRAMPercentage to be a share of").containsKey("memory");
        assertThat(c.getResources().getRequests().get("memory")).as("memory request = limit: no overcommit for a stateful pod")
                .isEqualTo(c.getResources().getLimits().get("memory"));
        assertThat(Files.readString(root.resolve("Dockerfile"))).as("the image's entry point reads JUNCTION_JAVA_OPTS")
                .contains("$JUNCTION_JAVA_OPTS");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void disruptionsTakeOneInstanceAtATimeAndStandbysAreOn(String valuesFile) {
        Rendering r = rendering(valuesFile);
        PodDisruptionBudget pdb = r.one(PodDisruptionBudget.class);
        StatefulSet sts = r.one(StatefulSet.class);
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(sts.getSpec().getSelector().getMatchLabels());
        assertThat(HelmChartTest.<Integer>option(r, "--standby-replicas")).isGreaterThanOrEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valuesFiles")
    void alertsAndDashboardAreTheRepositoryFiles(String valuesFile) throws IOException {
        Rendering r = rendering(valuesFile);
        JsonNode alerts = YAML.readTree(root.resolve("metrics/prometheus/alerts.yml").toFile());
        r.one(PrometheusRule.class);
        JsonNode rendered = r.documents().stream().filter(d -> d.path("kind").asText().equals("PrometheusRule"))
                .findFirst().orElseThrow().path("spec");
        assertThat(rendered.get("groups")).as("PrometheusRule groups = metrics/prometheus/alerts.yml").isEqualTo(alerts.get("groups"));

        JsonNode dashboard = new ObjectMapper().readTree(root.resolve("metrics/grafana/dashboards/junction.json").toFile());
        io.fabric8.kubernetes.api.model.ConfigMap map = r.one(io.fabric8.kubernetes.api.model.ConfigMap.class);
        assertThat(new ObjectMapper().readTree(map.getData().get("junction.json")))
                .as("dashboard ConfigMap = metrics/grafana/dashboards/junction.json").isEqualTo(dashboard);
        assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    }

    @Test
    void theChartReadsTheAlertsAndDashboardThroughLinksNotCopies() throws IOException {
        for (String[] link : List.of(new String[] {"files/alerts.yml", "metrics/prometheus/alerts.yml"},
                new String[] {"files/junction.json", "metrics/grafana/dashboards/junction.json"})) {
            Path file = chart.resolve(link[0]);
            assertThat(Files.isSymbolicLink(file)).as(link[0] + " is a link, so there is one source").isTrue();
            assertThat(file.toRealPath()).isEqualTo(root.resolve(link[1]).toRealPath());
        }
    }

    static Stream<Arguments> brokenValues() {
        return Stream.of(
                Arguments.of(Map.of("terminationGracePeriodSeconds", 30), "terminationGracePeriodSeconds (30) must exceed app.shutdownTimeoutSeconds (30)"),
                Arguments.of(Map.of("replicas", 7), "replicas (7) x app.threads (1) exceeds kafka.inputPartitions (6)"),
                Arguments.of(Map.of("app.threads", 4), "replicas (2) x app.threads (4) exceeds kafka.inputPartitions (6)"),
                Arguments.of(Map.of("kafka.properties.sasl\\.jaas\\.config", "x"), "kafka.properties.sasl.jaas.config looks like a secret"),
                Arguments.of(Map.of("endpointAuth.type", "bearer"), "endpointAuth.existingSecret is required"),
                Arguments.of(Map.of("kafka.properties.group\\.protocol", "streams"), "staticMembership needs group.protocol=classic"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenValues")
    void valuesThatWouldDeploySomethingBrokenDoNotRender(Map<String, Object> set, String message) {
        assertThatThrownBy(() -> template(DEFAULTS, set)).hasMessageContaining(message);
    }

    @Test
    void basicAuthReadsItsPasswordFromTheSecretFile() {
        String out = template(DEFAULTS, Map.of("endpointAuth.type", "basic", "endpointAuth.existingSecret", "endpoint",
                "endpointAuth.basicUser", "junction", "endpointAuth.secretKey", "password"));
        assertThat(out).contains("--sink-basic-password=file:/var/run/secrets/junction/endpoint/password")
                .contains("secretName: endpoint");
    }
}
